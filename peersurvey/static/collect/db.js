/* A tiny promise wrapper around IndexedDB: one database, four stores.
   config      {key, ...}  the device (interviewer, project), language, readiness, and how
               many withdrawn interviews were deleted since the interviewer last said "OK"
   bundles     {version_id, document, fixed_answers, files, ...}  from /api/v1/bundle
   interviews  {id, state: "in_progress" | "waiting" | "refused" | "stored", ...}; a refused one
               has the server's reason, or a problem the tablet found itself ("too_big"); a
               stored one is on the server but some of its recordings are still to send
   recordings  {id, interview, blob, type, bytes, seconds, sha256, state, received}: the sound
               of a recorded answer (recorder.js), kept apart from its interview, which
               names it; state "kept" until the interview is stored, then "sending" (uploads.js)
   Version 2 added "recordings": opening an older database only adds the store, so what a
   tablet already has stays. Another tab with the old version open is asked to close its
   copy (onversionchange), so the upgrade is not blocked.
   Every call opens its own transaction, so each write is on disk when its promise ends. */
var NAME = "peersurvey", VERSION = 2, opening = null;

function done(request) {
  return new Promise(function (resolve, reject) {
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function open() {
  if (!opening) {
    var request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains("config")) db.createObjectStore("config", {keyPath: "key"});
      if (!db.objectStoreNames.contains("bundles")) db.createObjectStore("bundles", {keyPath: "version_id"});
      if (!db.objectStoreNames.contains("interviews")) db.createObjectStore("interviews", {keyPath: "id"});
      if (!db.objectStoreNames.contains("recordings")) {
        db.createObjectStore("recordings", {keyPath: "id"}).createIndex("interview", "interview");
      }
    };
    opening = done(request).then(function (db) {
      // A newer copy of the app (another tab, after an update) wants to upgrade: let it.
      db.onversionchange = function () { db.close(); opening = null; };
      return db;
    });
    opening.catch(function () { opening = null; });
  }
  return opening;
}

function run(store, mode, work) {
  return open().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(store, mode), result;
      done(work(tx.objectStore(store))).then(function (value) { result = value; }, function () {});
      tx.oncomplete = function () { resolve(result); };
      tx.onerror = tx.onabort = function () { reject(tx.error); };
    });
  });
}

export var DB = {
  get: function (store, key) { return run(store, "readonly", function (s) { return s.get(key); }); },
  all: function (store) { return run(store, "readonly", function (s) { return s.getAll(); }); },
  put: function (store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); },
  del: function (store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); },
  // The rows of a store whose index has this value (an interview's recordings).
  by: function (store, index, value) {
    return run(store, "readonly", function (s) { return s.index(index).getAll(value); });
  },
  // A config entry's value, or fallback when there is none.
  setting: function (key, fallback) {
    return this.get("config", key).then(function (row) { return row ? row.value : fallback; });
  },
  set: function (key, value) { return this.put("config", {key: key, value: value}); }
};

// Also a global, so the browser's console (and the browser tests) can look inside.
self.PSDB = DB;

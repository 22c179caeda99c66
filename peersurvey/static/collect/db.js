/* A tiny promise wrapper around IndexedDB: one database, three stores.
   config      {key, ...}  the device (interviewer, project), language, readiness, and how
               many withdrawn interviews were deleted since the interviewer last said "OK"
   bundles     {version_id, document, fixed_answers, files, ...}  from /api/v1/bundle
   interviews  {id, state: "in_progress" | "waiting" | "refused", ...}; a refused one has the
               server's reason, or a problem the tablet found itself ("too_big")
   Every call opens its own transaction, so each write is on disk when its promise ends. */
var NAME = "peersurvey", VERSION = 1, opening = null;

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
    };
    opening = done(request);
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
  // A config entry's value, or fallback when there is none.
  setting: function (key, fallback) {
    return this.get("config", key).then(function (row) { return row ? row.value : fallback; });
  },
  set: function (key, value) { return this.put("config", {key: key, value: value}); }
};

// Also a global, so the browser's console (and the browser tests) can look inside.
self.PSDB = DB;

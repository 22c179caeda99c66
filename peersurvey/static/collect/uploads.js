/* Recordings after their interview: kept until the server has every byte, then sent in parts
   that can be resumed (docs/api.md, "Recordings").

   A recording (the store "recordings", made by recorder.js) is "kept" while its interview is
   on the tablet. When the server stores the interview (sync.js), its recordings become
   "sending" and the interview stays, as "stored", until they are all sent: so "Save what is
   waiting to a file" can still carry it with its sound. Each is sent on its own:
     GET  /api/v1/recordings/<id>             how much the server has (received)
     PUT  /api/v1/recordings/<id>?offset=n    the next part, from byte n
   A cut (no network, a reload, a closed tab) loses at most the part on its way: next time
   the GET says where to carry on. Complete: deleted from the tablet. 410 (the person was
   taken out of the research): deleted. 404 (the server has not got the interview): left
   for later. A refusal the tablet cannot mend (422 not audio or not what was recorded, 400,
   413) is kept with the server's words and not sent again, so it can go in the file. */
import {DB} from "./db.js";

export var PART = 256 * 1024;          // bytes a part: small enough for a weak signal
var running = null;

function headers(lang) {
  return {"X-Peersurvey-Tablet": "1", "Accept-Language": lang || "en"};
}

async function answer(response) {
  var body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  return {status: response.status, ok: response.ok, body: body || {}};
}

function ask(id, lang) {
  return fetch("/api/v1/recordings/" + encodeURIComponent(id), {
    headers: headers(lang), credentials: "same-origin", cache: "no-store"}).then(answer);
}

function put(id, offset, bytes, lang) {
  return fetch("/api/v1/recordings/" + encodeURIComponent(id) + "?offset=" + offset, {
    method: "PUT", body: bytes, credentials: "same-origin", cache: "no-store",
    headers: Object.assign({"Content-Type": "application/octet-stream"}, headers(lang))}).then(answer);
}

// Gone from the tablet: the recording, and its interview once nothing of it is left to send.
async function done(row) {
  await DB.del("recordings", row.id);
  var left = await DB.by("recordings", "interview", row.interview);
  var iv = await DB.get("interviews", row.interview);
  if (!left.length && iv && iv.state === "stored") await DB.del("interviews", iv.id);
}

// Send one recording from where the server is. "sent", "gone", "later", or "offline".
async function sendOne(row, lang) {
  var now = await ask(row.id, lang);
  if (now.status === 410) { await done(row); return "gone"; }
  if (now.status === 404) return "later";
  if (!now.ok) return "later";
  var received = Number(now.body.received) || 0;
  while (!now.body.complete) {
    var part = row.blob.slice(received, Math.min(received + PART, row.bytes));
    now = await put(row.id, received, part, lang);
    if (now.status === 409 && typeof now.body.received === "number") { received = now.body.received; continue; }
    if (now.status === 410) { await done(row); return "gone"; }
    if ([400, 413, 422].indexOf(now.status) !== -1) {
      row.state = "refused";
      row.reason = now.body.error ? String(now.body.error) : "";
      await DB.put("recordings", row);
      return "later";
    }
    if (!now.ok) return "later";
    received = Number(now.body.received) || 0;
    row.received = received;
    await DB.put("recordings", row);
  }
  await done(row);
  return "sent";
}

async function sendAll(options) {
  var report = {sent: 0, problem: null};
  var rows = (await waiting()).sort(function (a, b) { return (a.made_at || "").localeCompare(b.made_at || ""); });
  for (var i = 0; i < rows.length; i++) {
    if (navigator.onLine === false) { report.problem = "offline"; break; }
    var row = await DB.get("recordings", rows[i].id);      // as it is now (a part may have gone)
    if (!row || row.state !== "sending") continue;
    try {
      if (await sendOne(row, options.lang) === "sent") report.sent += 1;
    } catch (error) {
      report.problem = "offline";   // the network went: what arrived stays arrived
      break;
    }
    if (options.onProgress) options.onProgress((await waiting()).length);
  }
  report.remaining = (await waiting()).length;
  return report;
}

// Recordings still to send (a refused one waits for the file).
function waiting() {
  return DB.all("recordings").then(function (all) {
    return all.filter(function (row) { return row.state === "sending"; });
  });
}

export var Uploads = {
  waiting: waiting,
  // One sending at a time; a second call waits for the same report.
  run: function (options) {
    if (!running) running = sendAll(options || {}).finally(function () { running = null; });
    return running;
  },

  // The interview is finished: sound no longer named by what it sends is deleted now.
  tidy: async function (iv) {
    var named = {};
    (iv.payload && iv.payload.answers || []).forEach(function (a) {
      (a.recordings || []).forEach(function (r) { named[r.id] = true; });
    });
    var rows = await DB.by("recordings", "interview", iv.id);
    for (var i = 0; i < rows.length; i++) if (!named[rows[i].id]) await DB.del("recordings", rows[i].id);
  },

  // The server has the interview: its recordings are sent next, and it stays until they are.
  stored: async function (item) {
    var rows = await DB.by("recordings", "interview", item.id);
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].state === "kept") { rows[i].state = "sending"; await DB.put("recordings", rows[i]); }
    }
    if (!rows.length) { await DB.del("interviews", item.id); return; }
    item.state = "stored";
    await DB.put("interviews", item);
  },

  // The interview is gone from the tablet (deleted, or withdrawn): so is its sound.
  forget: async function (interviewId) {
    var rows = await DB.by("recordings", "interview", interviewId);
    for (var i = 0; i < rows.length; i++) await DB.del("recordings", rows[i].id);
  },

  // {recording id: base64 of its sound} for "Save what is waiting to a file".
  data: async function (interviewId) {
    var rows = await DB.by("recordings", "interview", interviewId), data = {};
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].blob) data[rows[i].id] = await base64(rows[i].blob);
    }
    return data;
  }
};

function base64(blob) {
  return new Promise(function (resolve, reject) {
    var reader = new FileReader();
    reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, "")); };
    reader.onerror = function () { reject(reader.error); };
    reader.readAsDataURL(blob);
  });
}

// Also a global, so the browser tests can look.
self.PSUploads = Uploads;

/* Sending finished interviews: POST /api/v1/sync in batches of up to 20.

   Each interview's result decides what the tablet does with it (docs/api.md):
     stored, already_stored  delete it: the server has it (one with recordings stays, as
                             "stored", until they are sent: uploads.js);
     withdrawn               delete it, and its recordings: the person asked to be taken out of the research
                             (counted in the config entry "withdrawn_deleted" for the home screen);
     rejected                keep it as "refused", with the server's plain reason, until
                             "Try again" puts it back in the outbox.
   A 413 (too big) or 400 (could not read it) for a batch sends it again in halves, down to
   one interview; one that is still too big is refused here, with words of our own
   (problem "too_big"), so it can go in the saved file. No network, a busy server (503,
   with Retry-After) or any other server error changes nothing: everything is kept and
   the caller is told. A 401 (tablet switched off or not registered) keeps everything too,
   with the server's words. */
import {DB} from "./db.js";
import {Uploads} from "./uploads.js";

var BATCH = 20;
var running = null;
var notBefore = 0;        // a busy server's Retry-After: quiet sends wait until then

function byFinish(a, b) { return (a.finished_at || "").localeCompare(b.finished_at || ""); }

function inState(state) {
  return DB.all("interviews").then(function (all) {
    return all.filter(function (item) { return item.state === state; }).sort(byFinish);
  });
}

function waiting() { return inState("waiting"); }

// Everything "Save what is waiting to a file" takes: the outbox, the refused ones, and
// the stored ones whose recordings are still on their way.
function unsent() {
  return DB.all("interviews").then(function (all) {
    return all.filter(function (item) { return ["waiting", "refused", "stored"].indexOf(item.state) !== -1; })
      .sort(byFinish);
  });
}

async function post(batch, lang) {
  var response = await fetch("/api/v1/sync", {
    method: "POST",
    // The tablet's HttpOnly cookie says which tablet this is (sent with same-origin requests).
    headers: {"X-Peersurvey-Tablet": "1", "Content-Type": "application/json", "Accept-Language": lang || "en"},
    credentials: "same-origin",
    body: JSON.stringify({interviews: batch.map(function (item) { return item.payload; })}),
    cache: "no-store"
  });
  var body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  return {status: response.status, ok: response.ok, body: body,
          retryAfter: Number(response.headers.get("Retry-After")) || 0};
}

async function refuse(item, reason, problem, reasons) {
  item.state = "refused";
  item.reason = reason || "";
  // The reason in every language, so it follows the language on screen.
  if (reasons && typeof reasons === "object") item.reasons = reasons; else delete item.reasons;
  if (problem) item.problem = problem; else delete item.problem;
  await DB.put("interviews", item);
}

async function send(options) {
  var device = await DB.get("config", "device");
  var items = await waiting();
  var report = {sent: 0, refused: 0, withdrawn: 0, remaining: items.length, problem: null, message: null};
  if (!device || !items.length) return report;
  if (navigator.onLine === false) { report.problem = "offline"; return report; }
  var size = BATCH, start = 0;
  while (start < items.length) {
    var batch = items.slice(start, start + size);
    var answer;
    try {
      answer = await post(batch, options.lang);
    } catch (error) {
      report.problem = "offline";
      break;
    }
    if (answer.status === 413 || answer.status === 400) {
      // Too big, or something in it the server could not read: send fewer at a time, so
      // one interview never holds back the others.
      if (batch.length > 1) { size = Math.max(1, Math.floor(batch.length / 2)); continue; }
      if (answer.status === 413) await refuse(batch[0], "", "too_big");
      else await refuse(batch[0], answer.body && answer.body.error ? String(answer.body.error) : "", "unreadable");
      report.refused += 1;
      report.remaining -= 1;
      start += 1;
      if (options.onProgress) options.onProgress(report.remaining);
      continue;
    }
    if (!answer.ok || !answer.body || !Array.isArray(answer.body.results)) {
      if (answer.status === 401) report.problem = "refused";
      else if (answer.status === 503) report.problem = "busy";
      else report.problem = "server";
      if (answer.status === 503 && answer.retryAfter) notBefore = Date.now() + answer.retryAfter * 1000;
      report.message = answer.body && answer.body.error ? String(answer.body.error) : null;
      break;
    }
    var byId = {};
    batch.forEach(function (item) { byId[item.id] = item; });
    for (var i = 0; i < answer.body.results.length; i++) {
      var result = answer.body.results[i], item = byId[result.id];
      if (!item) continue;
      delete byId[result.id];
      if (result.result === "stored" || result.result === "already_stored") {
        await Uploads.stored(item);
        report.sent += 1;
      } else if (result.result === "withdrawn") {
        await DB.del("interviews", item.id);
        await Uploads.forget(item.id);
        report.withdrawn += 1;
      } else if (result.result === "rejected") {
        await refuse(item, result.reason, null, result.reasons);
        report.refused += 1;
      } else {
        continue;         // a result this app does not know: keep it waiting
      }
      report.remaining -= 1;
      if (options.onProgress) options.onProgress(report.remaining);
    }
    start += batch.length;
  }
  if (report.withdrawn) {
    var before = await DB.setting("withdrawn_deleted", 0);
    await DB.set("withdrawn_deleted", before + report.withdrawn);
  }
  report.remaining = (await waiting()).length;
  return report;
}

function run(options) {
  if (!running) {
    running = send(options || {}).finally(function () { running = null; });
  }
  return running;
}

export var Sync = {
  waiting: waiting,
  unsent: unsent,
  refused: function () { return inState("refused"); },
  // One sending at a time: a second call while sending waits for the same report.
  run: run,
  // After a send already under way, send again (it may not have the interviews just
  // put back in the outbox).
  runAfter: function (options) {
    return running ? running.then(function () { return run(options); }, function () { return run(options); })
                   : run(options);
  },
  // Put the refused interviews back in the outbox, to be sent again.
  retry: async function () {
    var refused = await inState("refused");
    for (var i = 0; i < refused.length; i++) {
      var item = refused[i];
      item.state = "waiting";
      delete item.reason;
      delete item.reasons;
      delete item.problem;
      await DB.put("interviews", item);
    }
    return refused.length;
  },
  // A busy server asked to be left alone for a while (Retry-After): the timer waits.
  resting: function () { return Date.now() < notBefore; },
  busy: function () { return running !== null; }
};

// Also a global, so the browser's console (and the browser tests) can send by hand.
self.PSSync = Sync;

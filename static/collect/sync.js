/* Sending finished interviews: POST /api/v1/sync in batches of up to 20.
   An interview leaves the tablet only when the server says "stored" or "already_stored";
   "rejected" keeps it, as refused, with the server's plain reason. With no network,
   nothing changes and the caller is told "offline". */
(function (root) {
  "use strict";
  var BATCH = 20;
  var running = null;

  function waiting() {
    return root.PSDB.all("interviews").then(function (all) {
      return all.filter(function (item) { return item.state === "waiting"; })
        .sort(function (a, b) { return (a.finished_at || "").localeCompare(b.finished_at || ""); });
    });
  }

  async function send(options) {
    var device = await root.PSDB.get("config", "device");
    var items = await waiting();
    var report = {sent: 0, refused: 0, remaining: items.length, problem: null, message: null};
    if (!device || !items.length) return report;
    if (navigator.onLine === false) { report.problem = "offline"; return report; }
    for (var start = 0; start < items.length; start += BATCH) {
      var batch = items.slice(start, start + BATCH);
      var response;
      try {
        response = await fetch("/api/v1/sync", {
          method: "POST",
          // The tablet's HttpOnly cookie says which tablet this is (sent with same-origin requests).
          headers: {"X-Peersurvey-Tablet": "1", "Content-Type": "application/json", "Accept-Language": options.lang || "en"},
          credentials: "same-origin",
          body: JSON.stringify({interviews: batch.map(function (item) { return item.payload; })}),
          cache: "no-store"
        });
      } catch (error) {
        report.problem = "offline";
        return report;
      }
      var body = null;
      try { body = await response.json(); } catch (error) { body = null; }
      if (!response.ok || !body || !Array.isArray(body.results)) {
        report.problem = response.status === 401 || response.status === 400 || response.status === 413
          ? "refused" : "server";
        report.message = body && body.error ? String(body.error) : null;
        return report;
      }
      var byId = {};
      batch.forEach(function (item) { byId[item.id] = item; });
      for (var i = 0; i < body.results.length; i++) {
        var result = body.results[i], item = byId[result.id];
        if (!item) continue;
        if (result.result === "stored" || result.result === "already_stored") {
          await root.PSDB.del("interviews", item.id);
          report.sent += 1;
        } else if (result.result === "rejected") {
          item.state = "refused";
          item.reason = result.reason || "";
          await root.PSDB.put("interviews", item);
          report.refused += 1;
        }
        report.remaining -= 1;
        if (options.onProgress) options.onProgress(report.remaining);
      }
    }
    report.remaining = (await waiting()).length;
    return report;
  }

  root.PSSync = {
    waiting: waiting,
    // One sending at a time: a second call while sending waits for the same report.
    run: function (options) {
      if (!running) {
        running = send(options || {}).finally(function () { running = null; });
      }
      return running;
    },
    busy: function () { return running !== null; }
  };
})(self);

/* The home screen's lists of interviews, and sending them (screens.js and home.js draw the rest).

   Interviews not finished ("Carry on"), the outbox ("Send now", "Save what is waiting to a
   file"), and the ones the server did not take, each with its reason and, for all of them,
   "Try again". When the server said some were withdrawn (the people asked to be taken out
   of the research), the tablet has deleted them: a notice near the top says how many,
   until the interviewer taps "OK". The timer and the `online` event send only the outbox;
   "Try again" puts the refused ones back in it first. */
import {DB} from "./db.js";
import {add, button, h} from "./page.js";
import {carryOn} from "./screens.js";
import {S} from "./state.js";
import {Sync} from "./sync.js";
import {Uploads} from "./uploads.js";
import {say, t, tn, when} from "./words.js";

export function outboxWords(count) {
  if (count === 0) return t("outbox_0");
  return tn("outbox", count);
}

function soundWords(count) {
  return count ? tn("recordings_waiting", count) : "";
}

function withdrawnWords(count) {
  return tn("withdrawn", count);
}

function reasonOf(iv) {
  if (iv.problem === "too_big") return t("too_big");
  var inLanguage = iv.reasons && typeof iv.reasons[S.lang] === "string" ? iv.reasons[S.lang] : "";
  return inLanguage || iv.reason || t("refused_no_reason");
}

// The notice about withdrawn interviews the tablet deleted, near the top of home.
function fillNews(box, count) {
  box.textContent = "";
  if (!count) return;
  add(box, h("div", {class: "notice withdrawn-notice", id: "withdrawn-notice"},
    h("p", {id: "withdrawn-words", text: withdrawnWords(count)}),
    h("p", {text: t("withdrawn_nothing_to_do")}),
    button(t("withdrawn_ok"), dismiss, "secondary", {id: "withdrawn-ok", "aria-describedby": "withdrawn-words"})));
}

function dismiss() {
  return DB.set("withdrawn_deleted", 0).then(function () {
    fillNews(document.getElementById("withdrawn-news"), 0);
    var heading = document.getElementById("screen-heading");
    if (heading) heading.focus();
  });
}

function saveRow(extra) {
  return [h("div", {class: "button-row"}, extra,
            button(t("save_file"), saveFile, "secondary", {id: "save-file"})),
          h("p", {class: "muted", text: t("save_file_hint")})];
}

// The lists from IndexedDB: interviews not finished, the outbox, and the refused ones.
export function fill(box, news) {
  return Promise.all([DB.all("interviews"), DB.setting("withdrawn_deleted", 0), Uploads.waiting()]).then(function (found) {
    var all = found[0], sound = found[2].length;
    if (news) fillNews(news, found[1]);
    box.textContent = "";
    var going = all.filter(function (i) { return i.state === "in_progress"; })
      .sort(function (a, b) { return b.started_at.localeCompare(a.started_at); });
    var waiting = all.filter(function (i) { return i.state === "waiting"; });
    var refused = all.filter(function (i) { return i.state === "refused"; });

    if (going.length) {
      add(box, h("h2", {text: t("in_progress_heading")}));
      add(box, h("ul", {class: "interview-list"}, going.map(function (iv) {
        var id = "going-" + iv.id;
        return h("li", {class: "interview-row"},
          h("span", {id: id, text: t("in_progress_item", {code: iv.participant_code, time: when(iv.started_at)})}),
          button(t("carry_on"), function () { carryOn(iv.id); }, null,
                 {"aria-describedby": id, "data-interview": iv.id, class: "button carry-on"}));
      })));
    }

    add(box, h("h2", {text: t("outbox_heading")}));
    add(box, h("p", {class: "outbox-count", id: "outbox-count", text: outboxWords(waiting.length)}));
    add(box, h("p", {class: "outbox-count", id: "sound-count", text: soundWords(sound), hidden: !sound}));
    var said = statusText();
    add(box, h("p", {class: "sync-status", id: "sync-status", tabindex: "-1", text: said, hidden: !said}));
    if (waiting.length || sound) add(box, saveRow(button(t("send_now"), sendNow, null, {id: "send-now"})));

    if (refused.length) {
      add(box, h("h2", {id: "refused-heading", text: t("refused_heading")}));
      add(box, h("p", {text: t("refused_help")}));
      add(box, h("ul", {class: "interview-list refused-list", "aria-labelledby": "refused-heading"},
        refused.map(function (iv) {
          return h("li", {class: "interview-row interview-row--refused", "data-interview": iv.id},
            h("p", {class: "interview-row__code", text: t("refused_item", {code: iv.participant_code})}),
            h("p", {class: "refused-reason", text: reasonOf(iv)}));
        })));
      var again = button(t("try_again"), tryAgain, null, {id: "try-again"});
      // The file button sits with the outbox's when there is one; else here.
      add(box, waiting.length ? h("div", {class: "button-row"}, again) : saveRow(again));
    }
  });
}

// Redraw the lists in place; whoever had the focus in them keeps it (or, if their
// button has gone, the sending message gets it), so nobody loses their place.
export function refresh() {
  var box = document.getElementById("lists"), news = document.getElementById("withdrawn-news");
  if (!box || S.screen.name !== "home") return Promise.resolve();
  var hadFocus = box.contains(document.activeElement) || (news && news.contains(document.activeElement));
  var focused = hadFocus ? document.activeElement.id : null;
  return fill(box, news).then(function () {
    if (!hadFocus) return;
    var again = focused && document.getElementById(focused);
    (again || document.getElementById("sync-status")).focus();
  });
}

// The last sending message: {key, values} of the app's words, so it follows a change
// of language, or {text} the server sent; null for none.
function statusText() {
  var last = S.status;
  if (!last) return "";
  return last.key ? t(last.key, last.values) : last.text;
}

function status(message, loud) {
  S.status = message;
  var text = statusText();
  var line = document.getElementById("sync-status");
  if (line) { line.textContent = text; line.hidden = !text; }
  if (loud && text) say(text);
}

// <body data-sending> from the start of a sending (or a tap on "Try again") until its
// report is shown (tests wait for it to go).
var sendings = 0;
function marked(work) {
  sendings += 1;
  document.body.setAttribute("data-sending", "true");
  function done() {
    sendings -= 1;
    if (!sendings) document.body.removeAttribute("data-sending");
  }
  return work().then(function (value) { done(); return value; }, function (error) { done(); throw error; });
}

function sendNow() { return send(true); }

// "Try again": the refused ones go back in the outbox and are sent with it, after any
// sending already under way.
function tryAgain() {
  return marked(function () {
    return Sync.retry().then(refresh).then(function () { return send(true, true); });
  });
}

// Send the outbox. Loud (a button): every step is said; quiet (timer, online event):
// only the home screen's lists change, and a busy server's wish to rest is kept.
export function send(loud, again) {
  var wasBusy = Sync.busy();
  if (!loud && Sync.resting()) return Promise.resolve(null);
  return marked(function () { return sending(loud, again, wasBusy); });
}

// The recordings of stored interviews, after the interviews: a weak signal sends the
// answers first. Said aloud only when there were no interviews to report on.
function sendSound(loud, report) {
  return Uploads.waiting().then(function (rows) {
    if (!rows.length || (report && report.problem)) return report;
    if (!report) status({key: "sending_sound"}, loud);
    return Uploads.run({lang: S.lang, onProgress: function (left) {
      var count = document.getElementById("sound-count");
      if (count) { count.textContent = soundWords(left); count.hidden = !left; }
    }}).then(function (sound) {
      if (!report) status({key: sound.problem ? "sync_offline" : (sound.remaining ? "sound_later" : "sent_all")}, loud);
      return refresh().then(function () { return report || sound; });
    });
  });
}

function sending(loud, again, wasBusy) {
  return Sync.waiting().then(function (items) {
    if (!items.length) return sendSound(loud, null);
    if (!wasBusy || again) status({key: "sending", values: {num: items.length}}, loud);
    var options = {lang: S.lang, onProgress: function (left) {
      var count = document.getElementById("outbox-count");
      if (count) count.textContent = outboxWords(left);
      if (left) status({key: "sending", values: {num: left}}, loud);
    }};
    return (again ? Sync.runAfter(options) : Sync.run(options)).then(function (report) {
      var key = null;
      if (report.problem === "offline") key = "sync_offline";
      else if (report.problem === "refused") key = report.message ? null : "sync_server";
      else if (report.problem === "busy") key = "sync_busy";
      else if (report.problem === "server") key = "sync_server";
      else if (report.refused) key = "sync_some_refused";
      else if (report.sent || !report.withdrawn) key = "sent_all";
      var message = key ? {key: key} : (report.message ? {text: report.message} : null);
      status(message, loud && !report.withdrawn);   // said below, with the withdrawn ones
      var text = statusText();
      var home = S.screen.name === "home";
      if (report.withdrawn && (loud || home)) say([text, withdrawnWords(report.withdrawn)].join(" ").trim());
      return refresh().then(function () { return sendSound(false, report); });
    });
  });
}

// Each interview as it is sent, with the sound of its recordings not yet on the server.
async function withSound(items) {
  var out = [];
  for (var i = 0; i < items.length; i++) {
    var data = await Uploads.data(items[i].id);
    out.push(Object.keys(data).length ? Object.assign({}, items[i].payload, {recording_data: data}) : items[i].payload);
  }
  return out;
}

function saveFile() {
  return Sync.unsent().then(withSound).then(function (payloads) {
    var body = JSON.stringify({interviews: payloads}, null, 2);
    var blob = new Blob([body], {type: "application/json"});
    var link = h("a", {href: URL.createObjectURL(blob), download: "peersurvey-waiting-" +
                       new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-") + ".json", hidden: true});
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    status({key: "file_saved"}, true);
  });
}

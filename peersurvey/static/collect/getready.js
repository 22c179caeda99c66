/* "Get ready for interviews" on the tablet home page, done once while online:
   1. install the interview app's service worker (it keeps the app shell);
   2. ask the browser to keep this site's storage (and say plainly if it will not);
   3. fetch the project's published questionnaires and their bundles with the tablet's cookie;
   4. keep every picture and recording the bundles name, and the shell again, in Cache Storage;
   5. keep the bundles and who is interviewing in IndexedDB for the app (app.js);
   6. say how many minutes of recorded answers the space left would hold (what is already
      kept, recordings waiting to send included, counts against it).
   The config (what to keep, and where) is the one the server makes: /tablet/interview/config.js.
   The page gives everything this needs as data-* attributes on #get-ready, words included. */
import {DB} from "./db.js";

var section = document.getElementById("get-ready");     // only on pages that offer it
var CONFIG = self.PS_CONFIG;
var M = section ? JSON.parse(section.getAttribute("data-messages")) : {};
var button = document.getElementById("get-ready-button");
var progressBox = document.getElementById("get-ready-progress");
var bar = document.getElementById("get-ready-bar");
var step = document.getElementById("get-ready-step");
var errorBox = document.getElementById("get-ready-error");
var warning = document.getElementById("get-ready-warning");
var doneSign = document.getElementById("get-ready-done");
var PARALLEL = 4;

function t(key, values) {
  return (M[key] || key).replace(/%\((\w+)\)[sd]/g, function (whole, name) {
    return values && values[name] !== undefined ? String(values[name]) : whole;
  });
}

function Problem(message) { this.message = message; }

function fail(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  progressBox.hidden = true;
  step.textContent = "";
  button.disabled = false;
}

function show(text) { step.textContent = text; }

// A fetch that turns "no network" and "the server said no" into plain words.
async function get(url, headers) {
  var response;
  try {
    response = await fetch(url, {headers: headers || {}, cache: "no-store", credentials: "same-origin"});
  } catch (error) {
    throw new Problem(t("getready_offline"));
  }
  if (!response.ok) {
    var body = null;
    try { body = await response.json(); } catch (error) { body = null; }
    throw new Problem(body && body.error ? String(body.error) : t("getready_server"));
  }
  return response;
}

function api(url) {
  // The tablet's HttpOnly cookie proves which tablet this is; no token is in the page.
  return get(url, {"X-Peersurvey-Tablet": "1", "Accept-Language": document.documentElement.lang || "en"});
}

function activated(registration) {
  return new Promise(function (resolve, reject) {
    var worker = registration.installing || registration.waiting || registration.active;
    if (!worker) { reject(new Problem(t("getready_server"))); return; }
    if (worker.state === "activated") { resolve(); return; }
    worker.addEventListener("statechange", function () {
      if (worker.state === "activated") resolve();
      if (worker.state === "redundant") reject(new Problem(t("getready_server")));
    });
  });
}

// Fetch every URL into its cache, a few at a time, counting as they arrive.
async function keepAll(jobs, onEach) {
  var next = 0, failed = 0;
  async function worker() {
    while (next < jobs.length) {
      var job = jobs[next++];
      try {
        var response = await get(job.url, job.url.indexOf("/api/") === 0 ? {"X-Peersurvey-Tablet": "1"} : {});
        var cache = await caches.open(job.cache);
        await cache.put(job.url, response);
      } catch (error) {
        failed += 1;
      }
      onEach();
    }
  }
  var workers = [];
  for (var i = 0; i < PARALLEL; i++) workers.push(worker());
  await Promise.all(workers);
  return failed;
}

async function getReady() {
  button.disabled = true;
  errorBox.hidden = true;
  warning.hidden = true;
  doneSign.hidden = true;
  progressBox.hidden = false;
  bar.removeAttribute("value");          // "busy" until there is something to count
  if (!("serviceWorker" in navigator) || !self.caches || !self.indexedDB || !CONFIG || !DB) {
    throw new Problem(t("getready_unsupported"));
  }

  if (navigator.onLine === false) throw new Problem(t("getready_offline"));

  show(t("getready_saving_app"));
  var registration;
  try {
    registration = await navigator.serviceWorker.register(CONFIG.worker, {scope: CONFIG.scope});
  } catch (error) {
    throw new Problem(navigator.onLine === false ? t("getready_offline") : t("getready_unsupported"));
  }
  try { await registration.update(); } catch (error) { /* the kept worker still serves */ }
  await activated(registration);

  var persisted = false;
  if (navigator.storage && navigator.storage.persist) {
    try { persisted = await navigator.storage.persist(); } catch (error) { persisted = false; }
  }

  show(t("getready_questionnaires"));
  var list = await (await api("/api/v1/questionnaires")).json();
  if (!list.questionnaires || !list.questionnaires.length) throw new Problem(t("getready_none"));
  var bundles = [];
  for (var i = 0; i < list.questionnaires.length; i++) {
    var url = "/api/v1/bundle/" + list.questionnaires[i].version_id;
    var response = await api(url);
    var copy = response.clone();
    bundles.push(await response.json());
    await (await caches.open(CONFIG.dataCache)).put(url, copy);
  }

  var jobs = CONFIG.shell.map(function (url) { return {url: url, cache: CONFIG.shellCache}; });
  var seen = {};
  // The interviewers' own pictures too, for the app's home screen.
  var pictures = [section.getAttribute("data-interviewer-picture")];
  bundles.forEach(function (bundle) {
    (bundle.interviewers || []).forEach(function (person) { pictures.push(person.picture); });
  });
  pictures.forEach(function (url) {
    if (url && !seen[url]) { seen[url] = true; jobs.push({url: url, cache: CONFIG.dataCache}); }
  });
  bundles.forEach(function (bundle) {
    Object.keys(bundle.files || {}).forEach(function (id) {
      var url = bundle.files[id];
      if (!seen[url]) { seen[url] = true; jobs.push({url: url, cache: CONFIG.dataCache}); }
    });
  });
  var done = 0;
  bar.max = jobs.length;
  bar.value = 0;
  show(t("getready_files", {done: 0, total: jobs.length}));
  var failed = await keepAll(jobs, function () {
    done += 1;
    bar.value = done;
    // The words (a live region) change every tenth file, so a screen reader is not flooded.
    if (done % 10 === 0 || done === jobs.length) show(t("getready_files", {done: done, total: jobs.length}));
  });

  for (var b = 0; b < bundles.length; b++) await DB.put("bundles", bundles[b]);
  await DB.put("config", {
    key: "device", ready_at: new Date().toISOString(),
    interviewer: {id: Number(section.getAttribute("data-interviewer-id")),
                  name: section.getAttribute("data-interviewer-name"),
                  picture: section.getAttribute("data-interviewer-picture")},
    project: {id: Number(section.getAttribute("data-project-id")),
              name: section.getAttribute("data-project-name")}
  });
  await DB.set("ready", bundles.map(function (bundle) { return bundle.version_id; }));
  await DB.set("lang", document.documentElement.lang);
  await DB.set("persisted", persisted);

  if (failed) throw new Problem(t("getready_files_failed"));
  progressBox.hidden = true;
  step.textContent = "";
  if (!persisted) {
    warning.textContent = t("persist_refused");
    warning.hidden = false;
  }
  showMissingVoices(bundles);
  await showSpace();
  doneSign.hidden = false;
  button.disabled = false;
  var words = document.getElementById("ready-sign-words");
  words.setAttribute("tabindex", "-1");
  words.focus();
}

// The space left, in minutes of recording at the recorder's rate (recorder.js: 64 kbit/s).
// Under an hour, a warning: send what is waiting first.
var BYTES_A_MINUTE = 64000 / 8 * 60, LOW_MINUTES = 60;
async function showSpace() {
  var old = document.getElementById("get-ready-space");
  if (old) old.remove();
  if (!(navigator.storage && navigator.storage.estimate)) return;
  var space;
  try { space = await navigator.storage.estimate(); } catch (error) { return; }
  if (!space || !space.quota) return;
  var minutes = Math.max(0, Math.floor((space.quota - (space.usage || 0)) / BYTES_A_MINUTE));
  var low = minutes < LOW_MINUTES;
  var box = document.createElement("div");
  box.className = low ? "notice notice--warning" : "notice";
  box.id = "get-ready-space";
  var line = document.createElement("p");
  line.textContent = t("getready_space", {num: minutes.toLocaleString(document.documentElement.lang || "en")});
  box.append(line);
  if (low) {
    var what = document.createElement("p");
    what.textContent = t("getready_space_low");
    box.append(what);
  }
  warning.after(box);
}

// Before going out: for each language with no voice on this tablet, what Read aloud would
// have nothing to play for (questions, answers and consent points with no recording, and
// the app's own words the group has not recorded on "Our voices"): how many, then a list
// to open, so the lead knows what to record.
function showMissingVoices(bundles) {
  var voices = "speechSynthesis" in self ? speechSynthesis.getVoices() : [];
  var old = document.getElementById("get-ready-no-voice");
  if (old) old.remove();
  var lines = ["en", "cy"].filter(function (lang) {
    return !voices.some(function (v) { return (v.lang || "").toLowerCase().indexOf(lang) === 0; });
  }).map(function (lang) {
    var words = unrecorded(bundles, lang);
    return words.length ? missingLine(lang, words) : null;
  }).filter(Boolean);
  if (!lines.length) return;
  var box = document.createElement("div");
  box.className = "notice notice--warning";
  box.id = "get-ready-no-voice";
  var intro = document.createElement("p"), list = document.createElement("ul"), ask = document.createElement("p");
  intro.textContent = t("getready_no_voice");
  lines.forEach(function (line) { list.appendChild(line); });
  ask.textContent = t("getready_no_voice_ask");
  box.append(intro, list, ask);
  warning.after(box);
}

// The words, in `lang`, that have no recording in it, in the order an interview meets them.
function unrecorded(bundles, lang) {
  var found = [];
  function want(item) {
    if (item.text && item.text[lang] && !(item.audio && item.audio[lang])) found.push(item.text[lang]);
  }
  bundles.forEach(function (bundle) {
    var doc = bundle.document;
    (Array.isArray(doc.consent) ? doc.consent : []).forEach(want);
    doc.questions.forEach(function (q) { [q].concat(q.options || []).forEach(want); });
  });
  var app = bundles.length && bundles[0].voices_missing ? bundles[0].voices_missing[lang] : null;
  return found.concat(Array.isArray(app) ? app : []);
}

// "In Welsh: 23", and the 23 under "See which words", each in its language.
function missingLine(lang, words) {
  var item = document.createElement("li"), more = document.createElement("details");
  var summary = document.createElement("summary"), list = document.createElement("ul");
  item.append(t("getready_no_voice_" + lang, {num: words.length}));
  summary.textContent = t("getready_no_voice_which");
  words.forEach(function (text) {
    var one = document.createElement("li");
    one.lang = lang;
    one.textContent = text;
    list.appendChild(one);
  });
  more.append(summary, list);
  item.append(more);
  return item;
}

if (section) {
  button.addEventListener("click", function () {
    getReady().catch(function (error) {
      fail(error instanceof Problem ? error.message : t("getready_server"));
    });
  });
}

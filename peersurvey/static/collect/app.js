/* The interview app: every screen of an interview, drawn in <main>, working with no network.

   The page (templates/collect/app.html) loads the config the server made
   (/tablet/interview/config.js: the service worker, the files it keeps, the question
   kinds) and then this module, which starts the app. Its parts, one job each:
     state.js     what the app knows while it runs       words.js   the app's words
     db.js        IndexedDB, where everything is kept     page.js    building the page
     interview.js the interview's questions and answers  kinds.js   question kinds plug in
     screens.js   moving between screens                  home.js    home, not ready, thanks
     consent.js   the code, consent, sharing words        question.js a question's screens
     scan.js      scanning the card's QR code (jsQR from vendor/, loaded only then)
     check.js     "Check your answers" and finishing      read_aloud.js "Read aloud"
     outbox.js    the home screen's lists, sending them (with sync.js, and uploads.js for
                  recordings, in parts)
     recorder.js  recording an answer (webm.js writes its length in)
     stop.js      "Stop" on every interview screen: keep for later, delete, or go back
     signout.js   "Sign out" on the home screen, so the next person signs in
   The questionnaire and its pictures were kept on the tablet by "Get ready" (getready.js). */
import "./check.js";
import "./consent.js";
import "./home.js";
import "./question.js";
import "./scan.js";
import "./stop.js";
import {DB} from "./db.js";
import {flush, save} from "./interview.js";
import {loadKinds} from "./kinds.js";
import {send} from "./outbox.js";
import {showWhenVoicesCome} from "./read_aloud.js";
import {render} from "./screens.js";
import {endOnServer} from "./signout.js";
import {LANGS, S} from "./state.js";
import {t} from "./words.js";

var CONFIG = self.PS_CONFIG;
var SYNC_EVERY = 60000;

function setLanguage(lang) {
  if (LANGS.indexOf(lang) === -1 || lang === S.lang) return;
  flush();
  S.lang = lang;
  DB.set("lang", lang);
  var iv = S.interview;
  if (iv && iv.consent === null) { iv.language = lang; save(true); }
  applyLanguage();
  render(true);
}

function applyLanguage() {
  document.documentElement.lang = S.lang;
  document.querySelectorAll("[data-msg]").forEach(function (el) { el.textContent = t(el.getAttribute("data-msg")); });
  document.querySelectorAll("[data-msg-label]").forEach(function (el) {
    el.setAttribute("aria-label", t(el.getAttribute("data-msg-label")));
  });
  document.querySelectorAll(".language-button").forEach(function (b) {
    b.setAttribute("aria-pressed", b.getAttribute("data-lang") === S.lang ? "true" : "false");
  });
}

async function boot() {
  var response = await fetch("/tablet/interview/messages.json");
  S.messages = await response.json();
  await loadKinds(CONFIG.kinds);
  var lang = await DB.setting("lang", null);
  S.lang = LANGS.indexOf(lang) !== -1 ? lang : (LANGS.indexOf(document.documentElement.lang) !== -1 ? document.documentElement.lang : "en");
  S.device = await DB.get("config", "device") || null;
  S.ready = await DB.setting("ready", []);
  (await DB.all("bundles")).forEach(function (b) { S.bundles[b.version_id] = b; });
  S.persisted = navigator.storage && navigator.storage.persisted ? await navigator.storage.persisted() : null;

  document.querySelectorAll(".language-button").forEach(function (b) {
    b.addEventListener("click", function () { setLanguage(b.getAttribute("data-lang")); });
  });
  document.querySelector(".language-switch").hidden = false;
  applyLanguage();

  // A reload in the same tab comes back to the same screen; a new visit starts at home.
  var current = sessionStorage.getItem("peersurvey-current");
  var iv = current ? await DB.get("interviews", current) : null;
  if (iv && iv.state === "in_progress" && S.bundles[iv.questionnaire_version]) {
    S.interview = iv;
    S.screen = iv.screen || {name: "start"};
  } else {
    S.screen = {name: S.device ? "home" : "not_ready"};
  }
  render(false);
  document.body.setAttribute("data-ready", "true");

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(CONFIG.worker, {scope: CONFIG.scope}).catch(function () {});
  }
  showWhenVoicesCome();
  window.addEventListener("online", function () { send(false); });
  window.setInterval(function () { if (navigator.onLine) send(false); }, SYNC_EVERY);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });
  if (navigator.onLine && S.device && S.screen.name === "home") send(false);
  endOnServer();
}

boot().catch(function (error) {
  var failed = document.getElementById("load-failed");
  if (failed) failed.hidden = false;
  document.getElementById("screen").textContent = "";
  if (window.console) console.warn("peersurvey could not start", error);
});

/* "Read aloud": the question, then each answer to choose from, in the language on screen.
   Each part uses the group's own recording where there is one (the question's, or the
   group's voice for the app's own words from "Our voices", found by its words), else the
   browser's voice. Then the buttons that move on (Back, Next, Stop...), but only those the
   group has recorded: see APP_WORDS in collect/voices.py.
   Where there is neither (most tablets have no Welsh voice), the button stays, switched
   off, with a line that says why and what to do: a button that vanished left people
   wondering where it went. */
import {currentBundle} from "./interview.js";
import {button, fileUrl, h} from "./page.js";
import {PICTURES, S} from "./state.js";
import {t} from "./words.js";

var SPEECH_LANG = {en: "en-GB", cy: "cy-GB"};

// parts: [{audio: a recording's id or null, text}], read in order.
export function readAloud(parts) {
  var items = parts.map(function (part) {
    var audio = part.audio || ourVoice(part.text);
    return {src: audio ? fileUrl(audio) : null, text: part.text};
  });
  var icon = h("img", {src: PICTURES.speaker, alt: "", width: 24, height: 24});
  var el = button([icon, t("read_aloud")], function () {
    if (el.getAttribute("aria-disabled") !== "true") speakAll(items.concat(recordedButtons()));
  }, "secondary", {class: "button button--secondary read-aloud-button"});
  var voice = voiceFor(S.lang);
  if (items.some(function (item) { return item.src || (voice && item.text); })) return el;
  var id = "no-voice-" + (++silent);
  el.setAttribute("aria-disabled", "true");
  el.setAttribute("aria-describedby", id);
  return h("div", {class: "read-aloud read-aloud--silent"}, el,
           h("p", {class: "read-aloud__none", id: id, text: t("no_voice")}));
}
var silent = 0;

// The group's recording of these words, if they are among the app's own ("Yes, I do").
function ourVoice(text) {
  var bundle = currentBundle();
  var voices = bundle && bundle.voices ? bundle.voices[S.lang] || {} : {};
  return Object.prototype.hasOwnProperty.call(voices, text) ? voices[text] : null;
}

// The screen's buttons that move on, read from the page when tapped, so every screen (a new
// one too) has its own: the pager's (Back, Next, Finish), then Stop.
function recordedButtons() {
  var found = [], pager = document.querySelectorAll("#screen .pager button");
  Array.prototype.slice.call(pager).concat([document.getElementById("stop")]).forEach(function (b) {
    if (!b) return;
    var text = b.textContent.trim(), audio = ourVoice(text);
    if (audio) found.push({src: fileUrl(audio), text: text});
  });
  return found;
}

// Read aloud for a page of paragraphs and two answers: each paragraph, then each answer.
export function readAloudTexts(texts) {
  return readAloud(texts.map(function (text) { return {audio: null, text: text}; }));
}

export function voiceFor(lang) {
  if (!("speechSynthesis" in self)) return null;
  return speechSynthesis.getVoices().filter(function (v) {
    return v.lang && v.lang.toLowerCase().replace("_", "-").indexOf(lang) === 0;
  })[0] || null;
}

// Voices arrive late on some tablets: switch "Read aloud" on once there is one.
export function showWhenVoicesCome() {
  if (!("speechSynthesis" in self) || !speechSynthesis.addEventListener) return;
  speechSynthesis.addEventListener("voiceschanged", function () {
    if (!voiceFor(S.lang)) return;
    document.querySelectorAll(".read-aloud--silent").forEach(function (box) {
      var b = box.querySelector(".read-aloud-button");
      b.removeAttribute("aria-disabled");
      b.removeAttribute("aria-describedby");
      box.classList.remove("read-aloud--silent");
      box.querySelector(".read-aloud__none").remove();
    });
  });
}

var playing = null;
var reading = 0;                  // bumped to stop an earlier reading part-way
function speakAll(items) {
  if (playing) { playing.pause(); playing = null; }
  if ("speechSynthesis" in self) speechSynthesis.cancel();
  var run = ++reading;
  var which = document.querySelector(".read-aloud-button");
  function next(i) {
    if (run !== reading || i >= items.length) return;
    var item = items[i];
    if (item.src) {
      // Through fetch, so the kept copy answers even with no network.
      fetch(item.src).then(function (r) { return r.blob(); }).then(function (blob) {
        if (run !== reading) return;
        playing = new Audio(URL.createObjectURL(blob));
        playing.addEventListener("playing", function () { if (which) which.setAttribute("data-played", "true"); });
        playing.addEventListener("ended", function () { next(i + 1); });
        return playing.play();
      }).catch(function () { next(i + 1); });
      return;
    }
    var voice = voiceFor(S.lang);
    if (!voice || !item.text) { next(i + 1); return; }
    var utterance = new SpeechSynthesisUtterance(item.text);
    utterance.lang = SPEECH_LANG[S.lang];
    utterance.voice = voice;
    utterance.addEventListener("end", function () { next(i + 1); });
    speechSynthesis.speak(utterance);
  }
  next(0);
}

/* Question kinds on the tablet: the registry, and the one interface every kind plugs into.

   Each kind's tablet module sits beside its server module (peersurvey/questions/<name>.js
   beside <name>.py; kinds of one shape share one). The server lists every kind in the
   config it makes (PS_CONFIG.kinds: {name: {script, option_prompts}}) and serves each
   module at /tablet/interview/kinds/<name>.js, so the service worker keeps them with the
   app. loadKinds() imports them all before the first screen. Nothing else in the app
   names a kind: it asks kindOf(question).

   A kind module imports nothing (it is served away from the app's folder): everything it
   needs comes in `ui`. Its default export is the kind, an object with any of the methods
   below (what it leaves out comes from DEFAULTS). A module shared by several kinds may
   export a function instead: it is called once for each of them with what the server
   says of that kind ({name, script, option_prompts}) and returns the kind.

   q is the question, as in the questionnaire document (docs/questionnaire-format.md).
   value is the answer's value when its status is "answered": "I don't want to say" and
   "I don't know" are the app's, the same for every kind.

     draw(q, ui)           the controls to answer with, on the question's screen (an element
                           or a list of them). The app puts the question, "Read aloud", and
                           "I don't want to say" / "I don't know" around them. A field whose
                           value can be wrong has aria-describedby="answer-error" and puts
                           ui.error where its message should show: when "Next" finds a
                           problem the app fills ui.error, marks that field aria-invalid and
                           moves the focus to it.
     keys(q, value)        the answer keys a value holds: what a condition on this question
                           names, and which ui.choices buttons show pressed.
                           Default: the items of a list, else the value itself.
     problem(q, value, ui) why this value cannot be sent, in the app's words (a number out of
                           range), else null. "Next" and "Finish" stop while there is one.
     sent(q, value)        the value as POST /api/v1/sync takes it (docs/api.md); undefined
                           leaves the answer out (only spaces were typed). Default: as it is.
     check(q, value, ui)   the answer on "Check your answers". Default: the value as text.
     readAloud(q, ui)      what "Read aloud" reads after the question's words:
                           [{audio, text}], audio a recording's id in the bundle or null (then
                           the browser's voice reads the text). Default: nothing more.
     recordable(q)         can this question be answered by a recording (recorder.js)? Default:
                           what the server says of the kind (its RECORDABLE); short answer
                           says no to a number.
     followUps(q, value)   ids of the screens that follow the question for this value, in
                           order (dream trigger: one for each picture chosen). Default: none.
     followUp(q, id, ui)   one of those screens, as {progress, picture, heading, readAloud,
                           body}: words after "Question 2 of 5 · ", a picture id, the
                           heading, what "Read aloud" reads ([{audio, text}]) and the controls.
                           ui.place is {number, total} among the follow-ups. What is
                           typed there goes in the value: change it, then ui.set(value, true).

   A new kind is its server module and this module beside it, registered in
   peersurvey/questions/__init__.py: the config, the service worker's shell and its
   version follow from the files.

   ui, made for one question by kit(q, box):
     h(tag, attrs, ...kids), add(el, kid)  build elements (page.js)
     t(key, values), words(text)           the app's words; a document's {en, cy} text, both
                                           in the language on screen (lang: "en" or "cy")
     bundle                                the questionnaire as kept: {document, fixed_answers, files}
     picture(id, size)                     an <img> of a kept picture, or null
     answer()                              the answer now ({status, value, ...}) or null
     set(value, quiet), clear(quiet)       answer with value, or take the answer out (quiet:
                                           typing, written within 250 ms, not at once); both
                                           then refresh() the screen's controls
     choices(items, onChoose)              a grid of answer buttons for items [{key, words,
                                           picture}]; onChoose(key) when one is tapped
     textAnswer({label, long, maxlength, inputmode})  a labelled field that answers as it is
                                           typed, with ui.error in place
     error                                 the <p id="answer-error"> for problem()'s words
     whenChanged(fn)                       fn(answer) after every change of the answer on this
                                           screen ("I don't know" too), to put controls right
     recorder(part, valueIfNone)           the shared recorder (recorder.js) for one part of the
                                           answer ("" the answer itself, else a dream picture's
                                           key), or null when the question is not recordable,
                                           the person said no to recording, or there is no
                                           microphone. valueIfNone: the answer's value when a
                                           recording is all there is ("" for text)
     recorded(part)                        the recording kept for that part, or null */
import {clearAnswer, currentBundle, recordingOf, setAnswer} from "./interview.js";
import {add, h, picture} from "./page.js";
import {recorder} from "./recorder.js";
import {S} from "./state.js";
import {t, words} from "./words.js";

var DEFAULTS = {
  draw: function () { return []; },
  keys: function (q, value) { return Array.isArray(value) ? value : [value]; },
  problem: function () { return null; },
  sent: function (q, value) { return value; },
  check: function (q, value, ui) { return ui.h("p", {class: "check-text", text: String(value)}); },
  readAloud: function () { return []; },
  recordable: function () { return false; },
  followUps: function () { return []; },
  followUp: function () { return null; }
};

var KINDS = {};

// Import every kind the server lists (from the kept copies when offline).
export async function loadKinds(listed) {
  var names = Object.keys(listed || {});
  var modules = await Promise.all(names.map(function (name) { return import(listed[name].script); }));
  names.forEach(function (name, i) {
    var made = modules[i].default;
    if (typeof made === "function") made = made(Object.assign({name: name}, listed[name]));
    var serverSays = {recordable: function () { return Boolean(listed[name].recordable); }};
    KINDS[name] = Object.assign({}, DEFAULTS, serverSays, made);
  });
}

// A question of a kind this copy of the app does not have can still be skipped.
export function kindOf(q) {
  return (q && KINDS[q.kind]) || DEFAULTS;
}

// What a kind works with for one question. box is the question screen's #answers (null
// elsewhere): its buttons show which answer is chosen.
export function kit(q, box) {
  var listeners = [];
  var ui = {
    h: h, add: add, t: t, words: words, picture: picture, lang: S.lang, bundle: currentBundle(),
    place: null,
    error: h("p", {class: "field__error", id: "answer-error", hidden: true}),
    answer: function () { return S.interview.answers[q.key] || null; },
    set: function (value, quiet) {
      var saved = setAnswer(q, "answered", value, quiet);
      ui.refresh();
      return saved;
    },
    clear: function (quiet) {
      // Typing taken away leaves a recording as the answer, with no words.
      var a = ui.answer();
      if (a && a.status === "answered" && a.recordings && a.recordings.length) return ui.set("", quiet);
      var saved = clearAnswer(q, quiet);
      ui.refresh();
      return saved;
    },
    whenChanged: function (listener) { listeners.push(listener); },
    recorder: function (part, valueIfNone) { return recorder(q, part || "", valueIfNone, ui); },
    recorded: function (part) { return S.interview ? recordingOf(S.interview, q, part || "") : null; },
    // Every button and field shows the answer now (set and clear call this themselves).
    refresh: function () {
      var a = ui.answer();
      if (box) {
        var keys = a && a.status === "answered" ? kindOf(q).keys(q, a.value) : [];
        box.querySelectorAll(".answer-button[data-key]").forEach(function (b) {
          b.setAttribute("aria-pressed", keys.indexOf(b.getAttribute("data-key")) !== -1 ? "true" : "false");
        });
        box.querySelectorAll(".answer-button[data-status]").forEach(function (b) {
          b.setAttribute("aria-pressed", a && a.status === b.getAttribute("data-status") ? "true" : "false");
        });
      }
      listeners.forEach(function (listener) { listener(a); });
    },
    choices: function (items, onChoose) {
      return h("div", {class: "answer-grid answer-grid--" + q.kind}, items.map(function (c) {
        return h("button", {type: "button", class: "answer-button", "data-key": c.key, "aria-pressed": "false",
                            onclick: function () { onChoose(c.key); }},
          c.picture ? picture(c.picture, 96) : null, h("span", {text: c.words}));
      }));
    },
    textAnswer: function (options) {
      var a = ui.answer(), long = Boolean(options.long);
      var field = h(long ? "textarea" : "input", {
        class: "field__input answer-text", id: "answer-text", rows: long ? 5 : null,
        maxlength: options.maxlength, inputmode: options.inputmode || null,
        autocomplete: "off", spellcheck: long ? "true" : null,
        "aria-describedby": "answer-error",
        value: a && a.status === "answered" ? String(a.value) : ""});
      field.addEventListener("input", function () {
        ui.error.hidden = true;
        field.removeAttribute("aria-invalid");
        if (field.value === "") ui.clear(true); else ui.set(field.value, true);
      });
      // "I don't want to say" empties the field: what was typed is no longer the answer.
      ui.whenChanged(function (now) { if (!now || now.status !== "answered") field.value = ""; });
      return [h("label", {class: "field__label", for: "answer-text", text: options.label}), ui.error, field];
    }
  };
  return ui;
}

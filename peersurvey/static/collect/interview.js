/* The interview on screen, as data: its questionnaire, which questions are asked (their
   conditions), its answers, saving it, and what is sent.

   Every tap is written to IndexedDB (db.js) at once, and typing within 250 ms, so closing
   the browser or losing power loses nothing. What an answer looks like, and how it is
   sent, is its kind's to say (kinds.js). */
import {DB} from "./db.js";
import {kindOf, kit} from "./kinds.js";
import {S} from "./state.js";

export var CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
var TYPING_DELAY = 250;   // ms: typing is written at most this long after the last key

export function uuid() {
  if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
  var b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

export function participantCode() {
  var b = new Uint8Array(6), code = "";
  crypto.getRandomValues(b);
  for (var i = 0; i < 6; i++) code += CODE_ALPHABET[b[i] % CODE_ALPHABET.length];
  return code;
}

export function currentBundle() {
  return S.interview ? S.bundles[S.interview.questionnaire_version] : null;
}

export function questions() {
  var bundle = currentBundle();
  return bundle ? bundle.document.questions : [];
}

export function question(key) {
  return questions().filter(function (q) { return q.key === key; })[0] || null;
}

// Does this questionnaire ask whether the person's words may go on posters?
export function asksToShare() {
  var bundle = currentBundle();
  return Boolean(bundle && bundle.document.share_consent);
}

// A condition names answer keys of an earlier question; its kind says which keys an answer holds.
export function shown(q, answers) {
  var c = q.condition;
  if (!c) return true;
  var a = answers[c.question];
  if (!a || a.status !== "answered") return false;
  var asked = question(c.question);
  return kindOf(asked).keys(asked, a.value).some(function (key) { return c.options.indexOf(key) !== -1; });
}

export function visibleQuestions() {
  var answers = S.interview.answers;
  return questions().filter(function (q) { return shown(q, answers); });
}

// Drop every answer whose question is no longer asked (in order, so it cascades).
export function prune(answers) {
  var dropped = [];
  questions().forEach(function (q) {
    if (answers[q.key] && !shown(q, answers)) { delete answers[q.key]; dropped.push(q); }
  });
  return dropped;
}

var saveTimer = null;
export function save(now) {
  var iv = S.interview;
  if (!iv) return Promise.resolve();
  iv.updated_at = new Date().toISOString();
  window.clearTimeout(saveTimer);
  if (now) return put(iv);
  return new Promise(function (resolve) {
    saveTimer = window.setTimeout(function () { saveTimer = null; put(iv).then(resolve); }, TYPING_DELAY);
  });
}

// <body data-saving> while a write to the tablet's storage is under way: a screen shows
// at once, its write finishes a moment later (tests wait for it before a reload).
var writing = 0;
function put(iv) {
  writing += 1;
  document.body.setAttribute("data-saving", "true");
  function done() {
    writing -= 1;
    if (!writing) document.body.removeAttribute("data-saving");
  }
  return DB.put("interviews", iv).then(function (value) { done(); return value; },
                                       function (error) { done(); throw error; });
}
export function flush() { if (saveTimer) { save(true); } }

export function setAnswer(q, status, value, quiet) {
  var iv = S.interview, old = iv.answers[q.key];
  iv.answers[q.key] = {id: old ? old.id : uuid(), question: q.key, status: status,
                       value: status === "answered" ? value : null,
                       answered_at: new Date().toISOString()};
  // Typing more keeps the recording; "I don't want to say" or "I don't know" lets it go.
  if (status === "answered" && old && old.recordings) iv.answers[q.key].recordings = old.recordings;
  prune(iv.answers);
  return save(!quiet);
}

export function clearAnswer(q, quiet) {
  delete S.interview.answers[q.key];
  prune(S.interview.answers);
  return save(!quiet);
}

// Can this question be answered by a recording (its kind says; short answer: not a number)?
export function recordable(q) {
  return Boolean(kindOf(q).recordable(q));
}

// Is "Can we record your voice?" asked: does the questionnaire have a question to record?
export function asksVoice() {
  return questions().some(recordable);
}

// The recording of one part of an answer ("" the answer itself; a dream trigger's option key
// for its "tell me more"): {id, part, sha256, bytes, type, seconds}, or null.
export function recordingOf(iv, q, part) {
  var a = iv.answers[q.key];
  return (a && a.recordings || []).filter(function (r) { return r.part === part; })[0] || null;
}

// A recording kept (its sound is already in the store "recordings"): the answer names it.
// A recording with no typed words is still an answer, with value empty (valueIfNone).
export function keepRecording(iv, q, part, meta, valueIfNone) {
  var a = iv.answers[q.key];
  if (!a || a.status !== "answered") {
    a = iv.answers[q.key] = {id: a ? a.id : uuid(), question: q.key, status: "answered", value: valueIfNone,
                             answered_at: new Date().toISOString()};
  }
  a.recordings = (a.recordings || []).filter(function (r) { return r.part !== part; }).concat([meta]);
  return iv === S.interview ? save(true) : DB.put("interviews", iv);
}

// The recording of a part no longer the answer ("Record again", "Delete the recording").
// Its sound is deleted from the store when the interview finishes (recordings.js tidy).
export function dropRecording(iv, q, part) {
  var a = iv.answers[q.key];
  if (!a || !a.recordings) return Promise.resolve();
  a.recordings = a.recordings.filter(function (r) { return r.part !== part; });
  if (!a.recordings.length) delete a.recordings;
  if (!a.recordings && a.value === "") delete iv.answers[q.key];    // nothing typed either: no answer
  return iv === S.interview ? save(true) : DB.put("interviews", iv);
}

// The recordings an answer sends: only with a yes to recording, and only of parts still
// in the answer (a dream picture un-chosen takes its recording with it).
function recordingsSent(iv, q, a) {
  if (iv.record_voice !== true || a.status !== "answered" || !a.recordings || !recordable(q)) return [];
  var keys = kindOf(q).keys(q, a.value);
  return a.recordings.filter(function (r) { return r.part === "" || keys.indexOf(r.part) !== -1; })
    .map(function (r) {
      return {id: r.id, part: r.part, sha256: r.sha256, bytes: r.bytes, type: r.type, seconds: r.seconds};
    });
}

// The follow-up screens an answer opens (a dream trigger's "tell me more" for each picture).
export function followUps(q) {
  var a = S.interview.answers[q.key];
  return a && a.status === "answered" ? kindOf(q).followUps(q, a.value) : [];
}

// An answer that cannot be sent (a number out of range): the words saying why, else null.
export function problemOf(q, a) {
  if (!a || a.status !== "answered") return null;
  return kindOf(q).problem(q, a.value, kit(q)) || null;
}

// The interview exactly as POST /api/v1/sync takes it (docs/api.md).
export function payload(iv) {
  var answers = [];
  questions().forEach(function (q) {
    var a = iv.answers[q.key];
    if (!a || !iv.consent) return;
    var value = a.value;
    var recordings = recordingsSent(iv, q, a);
    if (a.status === "answered") {
      value = kindOf(q).sent(q, value);
      if (value === undefined && recordings.length) value = "";   // recorded, nothing typed
      if (value === undefined) return;      // nothing said after all (an empty text)
    }
    var sentAnswer = {id: a.id, question: q.key, status: a.status, value: a.status === "answered" ? value : null,
                      answered_at: a.answered_at};
    if (recordings.length) sentAnswer.recordings = recordings;
    answers.push(sentAnswer);
  });
  var sent = {id: iv.id, questionnaire_version: iv.questionnaire_version, interviewer: iv.interviewer,
              participant_code: iv.participant_code, language: iv.language, started_at: iv.started_at,
              finished_at: iv.finished_at, consent: iv.consent, answers: answers};
  if (asksToShare()) sent.share_words = iv.consent && typeof iv.share_words === "boolean" ? iv.share_words : null;
  if (asksVoice()) sent.record_voice = iv.consent && typeof iv.record_voice === "boolean" ? iv.record_voice : null;
  return sent;
}

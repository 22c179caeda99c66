/* Moving between screens: which screen comes next or before, drawing one in <main>, and
   remembering it with the interview (a reload in the same tab comes back to it).

   A screen is {name, ...}: home, not_ready, start, consent, share, question {key},
   follow_up {key, id}, voice, check, thanks {consent, code}, stop {from} (stop.js). A question screen or a follow-up
   reached from "Check your answers" has back: "check". Each screen module adds its
   drawing function to SCREENS. */
import {DB} from "./db.js";
import {asksToShare, asksVoice, flush, followUps, save, visibleQuestions} from "./interview.js";
import {add} from "./page.js";
import {S} from "./state.js";

export var SCREENS = {};
// What is drawn above a screen: functions of the screen giving an element or null. stop.js
// adds its Stop button here, so every screen gets it, a new one too.
export var ABOVE = [];
// What the screen on show must undo before any other screen (or itself again) is drawn:
// scan.js stops the camera here, so Cancel, Stop, Back and a language switch all stop it.
export var ON_LEAVE = [];

export function go(screen) {
  flush();
  S.screen = screen;
  S.confirming = null;
  if (S.interview) {
    if (screen.name === "home" || screen.name === "thanks") {
      sessionStorage.removeItem("peersurvey-current");
      if (screen.name === "home") S.interview = null;
    } else if (screen.name !== "stop") {      // "Carry on" comes back to where it stopped
      S.interview.screen = screen;
      sessionStorage.setItem("peersurvey-current", S.interview.id);
      save(true);
    }
  }
  render(true);
}

export function render(moveFocus) {
  ON_LEAVE.splice(0).forEach(function (leave) { leave(); });
  var main = document.getElementById("screen");
  main.textContent = "";
  var screen = S.screen;
  if (screen.name === "dream") {
    // Kept by an app from before kinds plugged in: the same follow-up, by its new name.
    screen = S.screen = {name: "follow_up", key: screen.key, id: screen.option, back: screen.back};
  }
  var draw = SCREENS[screen.name] || SCREENS.home;
  if (S.interview === null && ["home", "not_ready", "thanks"].indexOf(screen.name) === -1) draw = SCREENS.home;
  if (draw !== SCREENS.home) ABOVE.forEach(function (above) { add(main, above(screen)); });
  add(main, draw(screen));
  var h1 = document.getElementById("screen-heading");
  document.title = (h1 ? h1.textContent : "peersurvey") + " – peersurvey";
  if (moveFocus && h1) h1.focus();
}

// The screen before the first question: recording the voice, or sharing words, if asked,
// else consent.
export function beforeQuestions() {
  if (asksVoice()) return {name: "voice"};
  return asksToShare() ? {name: "share"} : {name: "consent", point: "ask"};
}

export function firstQuestion() {
  var first = visibleQuestions()[0];
  go(first ? {name: "question", key: first.key} : {name: "check"});
}

// A question's last screen: its last follow-up, else the question itself.
export function lastScreenOf(q, back) {
  var ids = followUps(q);
  if (ids.length) return {name: "follow_up", key: q.key, id: ids[ids.length - 1], back: back};
  return {name: "question", key: q.key, back: back};
}

export function afterQuestion(key, back) {
  var qs = visibleQuestions();
  var at = qs.map(function (q) { return q.key; }).indexOf(key);
  if (back === "check") {
    // After a change, ask only what the change has newly opened up, then check again.
    var opened = qs.slice(at + 1).filter(function (q) {
      return !S.interview.answers[q.key] && q.condition && q.condition.question === key;
    })[0];
    return opened ? {name: "question", key: opened.key, back: "check"} : {name: "check"};
  }
  var next = qs[at + 1];
  return next ? {name: "question", key: next.key} : {name: "check"};
}

export function beforeQuestion(key, back) {
  if (back === "check") return {name: "check"};
  var qs = visibleQuestions();
  var at = qs.map(function (q) { return q.key; }).indexOf(key);
  return at > 0 ? lastScreenOf(qs[at - 1]) : beforeQuestions();
}

// "Carry on" an interview not finished, at the screen it was left on.
export function carryOn(id) {
  return DB.get("interviews", id).then(function (iv) {
    if (!iv || iv.state !== "in_progress") return;
    S.interview = iv;
    go(iv.screen || {name: "start"});
  });
}

/* Stopping an interview, from any of its screens ("You can stop at any time", as consent
   promises). The Stop button sits above every interview screen (screens.js draws it), so a
   new screen gets it without asking. Stop offers three things: keep the interview to finish
   later (it waits under "Interviews not finished" on the home screen, and "Carry on" comes
   back to the screen it stopped on), delete it (asks first: it cannot be undone), or go back. */
import {DB} from "./db.js";
import {flush, save} from "./interview.js";
import {button, focusById, h, heading} from "./page.js";
import {readAloudTexts} from "./read_aloud.js";
import {ABOVE, SCREENS, go, render} from "./screens.js";
import {Uploads} from "./uploads.js";
import {PICTURES, S} from "./state.js";
import {say, t} from "./words.js";

// Every screen of an interview but the stop screen itself and the end.
function stopBar(screen) {
  if (S.interview === null || ["home", "not_ready", "thanks", "stop"].indexOf(screen.name) !== -1) return null;
  return h("div", {class: "stop-bar"},
    h("button", {type: "button", class: "button button--stop", id: "stop",
                 onclick: function () { go({name: "stop", from: screen}); }},
      h("img", {src: PICTURES.stop, alt: "", width: 40, height: 40}),
      h("span", {text: t("stop")})));
}

ABOVE.push(stopBar);

function choice(id, picture, words, onclick, kind) {
  return h("button", {type: "button", class: "answer-button stop-choice" + (kind ? " stop-choice--" + kind : ""),
                      id: id, onclick: onclick},
    h("img", {src: picture, alt: "", width: 80, height: 80}),
    h("span", {text: words}));
}

SCREENS.stop = function (screen) {
  if (S.confirming === "delete") return confirmDelete(screen);
  return [heading(t("stop_title")),
    h("p", {class: "lead-text", text: t("stop_text")}),
    readAloudTexts([t("stop_title"), t("stop_text"), t("stop_keep"), t("stop_delete"), t("stop_back")]),
    h("div", {class: "answer-grid stop-choices"},
      choice("stop-keep", PICTURES.keep, t("stop_keep"), keep),
      choice("stop-delete", PICTURES.bin, t("stop_delete"), function () {
        S.confirming = "delete"; render(false); focusById("screen-heading");
      }, "warning"),
      choice("stop-back", PICTURES.back, t("stop_back"), function () { go(screen.from || {name: "start"}); }))];
};

function confirmDelete(screen) {
  return [heading(t("delete_title")),
    h("p", {class: "lead-text", text: t("delete_text")}),
    h("div", {class: "button-row"},
      button(t("delete_yes"), deleteInterview, "warning", {id: "delete-yes"}),
      button(t("delete_no"), function () { S.confirming = null; render(true); }, "secondary", {id: "delete-no"}))];
}

// The interview stays "in progress" with the screen it was on (go() never keeps "stop").
function keep() {
  flush();
  save(true);
  go({name: "home"});
  say(t("stop_kept"));
}

function deleteInterview() {
  discardInterview().then(function () { say(t("stop_deleted")); });
}

// The interview on screen, gone from the tablet for good, and home. Also "Do not start
// this interview" on the code screen (consent.js).
export function discardInterview() {
  var id = S.interview.id;
  S.interview = null;             // nothing may save it again on the way out
  sessionStorage.removeItem("peersurvey-current");
  return DB.del("interviews", id).then(function () { return Uploads.forget(id); })
    .then(function () { go({name: "home"}); });
}

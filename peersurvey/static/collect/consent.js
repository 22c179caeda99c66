/* The screens before the questions: the participant's code, taking part (consent), and
   "Can we use your words on posters?" (its own page after a yes, when the questionnaire
   asks it). A no to taking part finishes the interview at once, with no answers. */
import {finish} from "./check.js";
import {DB} from "./db.js";
import {asksToShare, currentBundle} from "./interview.js";
import {button, h, heading} from "./page.js";
import {readAloudTexts} from "./read_aloud.js";
import {SCREENS, firstQuestion, go} from "./screens.js";
import {PICTURES, S} from "./state.js";
import {paragraphs, t, words} from "./words.js";

SCREENS.start = function () {
  var iv = S.interview;
  return [heading(t("start_title")),
    h("p", {class: "lead-text", id: "code-intro", text: t("code_intro")}),
    h("p", {class: "participant-code", id: "participant-code", "aria-describedby": "code-intro",
            text: iv.participant_code}),
    h("p", {text: t("code_hint")}),
    h("div", {class: "pager"},
      button(t("cancel_start"), cancelStart, "secondary"),
      button(t("next"), function () { go({name: "consent"}); }, null, {id: "next"}))];
};

SCREENS.consent = function () {
  var bundle = currentBundle();
  var paras = paragraphs(words(bundle.document.consent));
  return [heading(t("consent_title")),
    h("div", {class: "consent"}, paras.map(function (p) { return h("p", {text: p}); })),
    readAloudTexts(paras.concat([t("consent_yes"), t("consent_no")])),
    h("div", {class: "answer-grid answer-grid--consent"},
      h("button", {type: "button", class: "answer-button", id: "consent-yes",
                   "aria-pressed": S.interview.consent === true ? "true" : "false", onclick: consentYes},
        h("img", {src: PICTURES.yes, alt: "", width: 96, height: 96}),
        h("span", {text: t("consent_yes")})),
      h("button", {type: "button", class: "answer-button", id: "consent-no", onclick: consentNo},
        h("img", {src: PICTURES.no, alt: "", width: 96, height: 96}),
        h("span", {text: t("consent_no")}))),
    h("div", {class: "pager"}, button(t("back"), function () { go({name: "start"}); }, "secondary"))];
};

SCREENS.share = function (screen) {
  var iv = S.interview;
  if (!asksToShare() || !iv.consent) { window.setTimeout(function () { go({name: "consent"}); }); return []; }
  var paras = paragraphs(words(currentBundle().document.share_consent));
  function choice(yes) {
    return h("button", {type: "button", class: "answer-button", id: yes ? "share-yes" : "share-no",
                        "aria-pressed": iv.share_words === yes ? "true" : "false",
                        onclick: function () { shareWords(yes, screen.back); }},
      h("img", {src: yes ? PICTURES.yes : PICTURES.no, alt: "", width: 96, height: 96}),
      h("span", {text: t(yes ? "share_yes" : "share_no")}));
  }
  return [heading(t("share_title")),
    h("div", {class: "ask ask--share"},
      h("div", {class: "ask__picture"}, h("img", {src: PICTURES.share, alt: "", width: 240, height: 240})),
      h("div", {class: "ask__main"},
        h("div", {class: "consent", id: "share-words"}, paras.map(function (p) { return h("p", {text: p}); })),
        readAloudTexts(paras.concat([t("share_yes"), t("share_no")])),
        h("div", {class: "answer-grid answer-grid--consent", role: "group", "aria-labelledby": "share-words"},
          choice(true), choice(false)))),
    h("div", {class: "pager"}, button(t("back"), function () {
      go(screen.back === "check" ? {name: "check"} : {name: "consent"});
    }, "secondary", {id: "back"}))];
};

function cancelStart() {
  var id = S.interview.id;
  S.interview = null;
  sessionStorage.removeItem("peersurvey-current");
  DB.del("interviews", id).then(function () { go({name: "home"}); });
}

function consentYes() {
  var iv = S.interview;
  iv.consent = true;
  iv.language = S.lang;
  if (asksToShare()) { go({name: "share"}); return; }
  firstQuestion();
}

function shareWords(yes, back) {
  S.interview.share_words = yes;
  if (back === "check") go({name: "check"}); else firstQuestion();
}

function consentNo() {
  var iv = S.interview;
  iv.consent = false;
  iv.share_words = null;
  iv.language = S.lang;
  iv.answers = {};
  finish(false);
}

/* The screens before the questions: the participant's code, taking part (consent),
   "Can we use your words on posters?" (its own page after a yes, when the questionnaire
   asks it) and "Can we record your voice?" (its own page, when the questionnaire has a
   question that can be recorded: a no means no recorder in this interview). A no to
   taking part finishes the interview at once, with no answers. */
import {finish} from "./check.js";
import {CODE_ALPHABET, asksToShare, asksVoice, currentBundle, participantCode} from "./interview.js";
import {button, fileUrl, h, heading} from "./page.js";
import {readAloud, readAloudTexts} from "./read_aloud.js";
import {SCREENS, firstQuestion, go} from "./screens.js";
import {discardInterview} from "./stop.js";
import {PICTURES, S} from "./state.js";
import {paragraphs, t, words} from "./words.js";

// The code: from the participant's card (typed, or scanned: scan.js), or made here when
// they have no card. The scan button shows only where the browser has a camera API; a scan
// that could not start comes back here with screen.camera ("refused" or "missing") to say so.
SCREENS.start = function (screen) {
  var iv = S.interview;
  if (!iv.made_code) iv.made_code = iv.code_from_card ? participantCode() : iv.participant_code;
  var input = h("input", {type: "text", id: "card-code", class: "card-code-input", autocomplete: "off",
                          autocapitalize: "characters", spellcheck: "false", maxlength: "20",
                          "aria-describedby": "card-code-hint card-code-error",
                          value: iv.code_from_card ? iv.participant_code : null});
  var error = h("p", {class: "field__error", id: "card-code-error", hidden: true});
  if (screen && screen.camera) {
    error.textContent = t(screen.camera === "refused" ? "scan_refused" : "scan_missing");
    error.hidden = false;
    window.setTimeout(function () { input.focus(); });
  }
  function useCard(event) {
    event.preventDefault();
    var code = cardCode(input.value);
    if (code.problem) {
      error.textContent = t(code.problem);
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    useCardCode(code.code);
  }
  var canScan = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  return [heading(t("start_title")),
    h("form", {class: "card-code", id: "card-code-form", onsubmit: useCard, novalidate: true},
      h("h2", {text: t("card_heading")}),
      h("label", {class: "field__label", for: "card-code", text: t("card_label")}),
      h("p", {class: "muted", id: "card-code-hint", text: t("card_hint")}),
      error, input,
      h("p", {class: "button-row"},
        h("button", {type: "submit", class: "button", id: "use-card", text: t("card_use")}),
        canScan ? h("button", {type: "button", class: "button button--secondary scan-button", id: "scan-card",
                               onclick: function () { go({name: "scan"}); }},
          h("img", {src: PICTURES.camera, alt: "", width: 40, height: 40}),
          h("span", {text: t("scan_button")})) : null)),
    h("section", {class: "no-card", "aria-labelledby": "no-card-heading"},
      h("h2", {id: "no-card-heading", text: t("no_card_heading")}),
      h("p", {id: "code-intro", text: t("code_intro")}),
      h("p", {class: "participant-code", id: "participant-code", "aria-describedby": "code-intro",
              text: iv.made_code}),
      h("p", {text: t("code_hint")})),
    h("div", {class: "pager"},
      button(t("cancel_start"), discardInterview, "secondary", {id: "cancel-start"}),
      button(t("no_card_next"), function () {
        iv.participant_code = iv.made_code;
        iv.code_from_card = false;
        go({name: "consent"});
      }, null, {id: "next"}))];
};

// The code from the card, typed or scanned: the interview goes on to consent with it.
export function useCardCode(code) {
  S.interview.participant_code = code;
  S.interview.code_from_card = true;
  go({name: "consent"});
}

// A code typed (or scanned) from a card: forgiving of case, spaces and dashes; the card's 6 characters
// come from the alphabet with no look-alikes (no O, 0, I, 1 or L).
export function cardCode(typed) {
  var code = String(typed || "").toUpperCase().replace(/[\s-]+/g, "");
  if (!code) return {problem: "card_empty"};
  if (/[O0I1L]/.test(code)) return {problem: "card_lookalike"};
  if (!new RegExp("^[" + CODE_ALPHABET + "]{6}$").test(code)) return {problem: "card_wrong"};
  return {code: code};
}

// Consent comes one point per screen, each with its picture and Read aloud (the group's
// recording, else the tablet's voice), then "Do you want to take part?" on its own screen:
// one idea at a time, as easy read asks. screen.point counts from 0; "ask" is the question.
// A questionnaire made before points holds paragraphs instead: each is a point.
export function consentPoints() {
  var consent = currentBundle().document.consent;
  if (Array.isArray(consent)) {
    return consent.map(function (point) {
      return {text: words(point.text), picture: point.picture, audio: (point.audio || {})[S.lang] || null};
    }).filter(function (point) { return point.text; });
  }
  return paragraphs(words(consent)).map(function (text) { return {text: text, picture: null, audio: null}; });
}

SCREENS.consent = function (screen) {
  var points = consentPoints();
  var at = screen.point === "ask" ? points.length : Math.min(screen.point || 0, points.length);
  if (at >= points.length) return consentQuestion(points.length);
  var point = points[at];
  function back() { go(at === 0 ? {name: "start"} : {name: "consent", point: at - 1}); }
  return [heading(t("consent_title")),
    h("p", {class: "consent-step", id: "consent-step", text: t("consent_point", {num: at + 1, total: points.length})}),
    h("div", {class: "ask ask--consent"},
      h("div", {class: "ask__picture"},
        h("img", {src: fileUrl(point.picture) || PICTURES.consent, alt: "", width: 240, height: 240})),
      h("div", {class: "ask__main"},
        h("div", {class: "consent", id: "consent-words"}, h("p", {text: point.text})),
        readAloud([{audio: point.audio, text: point.text}]))),
    h("div", {class: "pager"},
      button(t("back"), back, "secondary", {id: "back"}),
      button(t("next"), function () { go({name: "consent", point: at + 1}); }, null, {id: "next"}))];
};

function consentQuestion(count) {
  return [heading(t("consent_title")),
    h("p", {class: "lead-text consent-question", id: "consent-question", text: t("consent_question")}),
    readAloudTexts([t("consent_question"), t("consent_yes"), t("consent_no")]),
    h("div", {class: "answer-grid answer-grid--consent", role: "group", "aria-labelledby": "consent-question"},
      h("button", {type: "button", class: "answer-button", id: "consent-yes",
                   "aria-pressed": S.interview.consent === true ? "true" : "false", onclick: consentYes},
        h("img", {src: PICTURES.yes, alt: "", width: 96, height: 96}),
        h("span", {text: t("consent_yes")})),
      h("button", {type: "button", class: "answer-button", id: "consent-no", onclick: consentNo},
        h("img", {src: PICTURES.no, alt: "", width: 96, height: 96}),
        h("span", {text: t("consent_no")}))),
    h("div", {class: "pager"}, button(t("back"), function () {
      go(count ? {name: "consent", point: count - 1} : {name: "start"});
    }, "secondary", {id: "back"}))];
}

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
      go(screen.back === "check" ? {name: "check"} : {name: "consent", point: "ask"});
    }, "secondary", {id: "back"}))];
};

// "Can we record your voice?": one idea, its picture, read aloud, and a yes or a no.
SCREENS.voice = function (screen) {
  var iv = S.interview;
  if (!asksVoice() || !iv.consent) { window.setTimeout(function () { go({name: "consent"}); }); return []; }
  function choice(yes) {
    return h("button", {type: "button", class: "answer-button", id: yes ? "voice-yes" : "voice-no",
                        "aria-pressed": iv.record_voice === yes ? "true" : "false",
                        onclick: function () { recordVoice(yes, screen.back); }},
      h("img", {src: yes ? PICTURES.yes : PICTURES.no, alt: "", width: 96, height: 96}),
      h("span", {text: t(yes ? "voice_yes" : "voice_no")}));
  }
  return [heading(t("voice_title")),
    h("div", {class: "ask ask--voice"},
      h("div", {class: "ask__picture"}, h("img", {src: PICTURES.microphone, alt: "", width: 240, height: 240})),
      h("div", {class: "ask__main"},
        h("div", {class: "consent", id: "voice-words"},
          h("p", {text: t("voice_why")}), h("p", {text: t("voice_safe")}),
          h("p", {class: "lead-text", id: "voice-question", text: t("voice_question")})),
        readAloudTexts([t("voice_why"), t("voice_safe"), t("voice_question"), t("voice_yes"), t("voice_no")]),
        h("div", {class: "answer-grid answer-grid--consent", role: "group", "aria-labelledby": "voice-question"},
          choice(true), choice(false)))),
    h("div", {class: "pager"}, button(t("back"), function () {
      if (screen.back === "check") go({name: "check"});
      else go(asksToShare() ? {name: "share"} : {name: "consent", point: "ask"});
    }, "secondary", {id: "back"}))];
};

function consentYes() {
  var iv = S.interview;
  iv.consent = true;
  iv.language = S.lang;
  if (asksToShare()) { go({name: "share"}); return; }
  afterSharing();
}

function shareWords(yes, back) {
  S.interview.share_words = yes;
  if (back === "check") go({name: "check"}); else afterSharing();
}

function afterSharing() {
  if (asksVoice()) go({name: "voice"}); else firstQuestion();
}

function recordVoice(yes, back) {
  S.interview.record_voice = yes;
  if (back === "check") go({name: "check"}); else firstQuestion();
}

function consentNo() {
  var iv = S.interview;
  iv.consent = false;
  iv.share_words = null;
  iv.record_voice = null;
  iv.language = S.lang;
  iv.answers = {};
  finish(false);
}

/* The screens around interviews: not ready, home (the questionnaires to start, and the
   lists from outbox.js), and thank you. */
import {participantCode, uuid} from "./interview.js";
import {fill} from "./outbox.js";
import {button, h, heading} from "./page.js";
import {SCREENS, go} from "./screens.js";
import {nobodySignedIn, signOutRow} from "./signout.js";
import {S} from "./state.js";
import {t, words} from "./words.js";

SCREENS.not_ready = function () {
  return [heading(t("not_ready_title")),
          h("p", {text: t("not_ready_text")}),
          h("p", {}, h("a", {class: "button", href: "/tablet/", text: t("not_ready_link")}))];
};

SCREENS.home = function () {
  if (!S.device) return SCREENS.not_ready();
  if (nobodySignedIn()) return SCREENS.signed_out();
  var device = S.device;
  var parts = [heading(t("home_title"))];
  parts.push(h("div", {class: "person-banner"},
    device.interviewer.picture ? h("img", {class: "avatar", src: device.interviewer.picture, alt: "", width: 96, height: 96}) : null,
    h("div", {},
      h("p", {class: "person-banner__name", text: device.interviewer.name}),
      h("p", {class: "muted", text: t("home_project", {project: device.project.name})}))));
  if (S.persisted === false) {
    parts.push(h("div", {class: "notice notice--warning", role: "note"}, h("p", {text: t("persist_refused")})));
  }
  var news = h("div", {id: "withdrawn-news"});      // filled with the lists, below
  parts.push(news);

  var ready = S.ready.map(function (id) { return S.bundles[id]; }).filter(Boolean);
  parts.push(h("h2", {text: t("questionnaires_heading")}));
  if (!ready.length) parts.push(h("p", {text: t("no_questionnaires")}));
  parts.push(h("ul", {class: "card-list"}, ready.map(function (bundle) {
    var titleId = "questionnaire-" + bundle.version_id;
    return h("li", {class: "card"},
      h("p", {class: "card__title", id: titleId, text: words(bundle.document.title)}),
      h("p", {}, button(t("start_interview"), function () { start(bundle); }, null,
                        {"aria-describedby": titleId, "data-version": bundle.version_id, class: "button start-button"})));
  })));

  var lists = h("div", {id: "lists"});
  parts.push(lists);
  fill(lists, news);
  parts.push(signOutRow());        // last: starting an interview comes first, on screen and by keyboard
  return parts;
};

// The end. When answers were kept, the code is shown large with what it is for.
SCREENS.thanks = function (screen) {
  var kept = screen.consent !== false;
  return [heading(t("thanks_title")),
    h("p", {class: "lead-text", text: kept ? t("thanks_text") : t("thanks_no_consent")}),
    kept ? h("div", {class: "thanks-code"},
      h("p", {class: "thanks-code__label", id: "thanks-code-label", text: t("thanks_code_label")}),
      h("p", {class: "participant-code", id: "thanks-code", "aria-describedby": "thanks-code-label",
              text: screen.code}),
      h("p", {class: "lead-text", text: t("thanks_code_text", {group: S.device ? S.device.project.name : ""})})) : null,
    h("p", {}, button(t("back_home"), function () { go({name: "home"}); }, null, {id: "home"}))];
};

function start(bundle) {
  var iv = {
    id: uuid(), questionnaire_version: bundle.version_id, interviewer: S.device.interviewer.id,
    participant_code: participantCode(), language: S.lang, started_at: new Date().toISOString(),
    finished_at: null, consent: null, share_words: null, record_voice: null, answers: {}, state: "in_progress",
    screen: {name: "start"}
  };
  S.interview = iv;
  go({name: "start"});
}

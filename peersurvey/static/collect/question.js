/* A question's screen, and the screens that follow it (a dream trigger's "tell me more"
   for each picture chosen). The question's kind draws the answers (kinds.js); this draws
   the rest: progress, picture, question, "Read aloud", "I don't want to say" and "I don't
   know", the interviewer's note, Back and Next. */
import {kindOf, kit} from "./kinds.js";
import {clearAnswer, followUps, problemOf, question, setAnswer, shown, visibleQuestions} from "./interview.js";
import {add, button, h, heading, picture} from "./page.js";
import {readAloud} from "./read_aloud.js";
import {SCREENS, afterQuestion, beforeQuestion, go} from "./screens.js";
import {S} from "./state.js";
import {say, t, words} from "./words.js";

function progressLine(q) {
  var qs = visibleQuestions();
  var at = qs.indexOf(q);
  return h("p", {class: "ask__progress", text: t("progress", {number: at + 1, total: qs.length})});
}

// The question's own words (or recording), then what its kind adds (the answers).
function partsOf(q, ui) {
  return [{audio: q.audio ? q.audio[S.lang] : null, text: words(q.text)}].concat(kindOf(q).readAloud(q, ui));
}

function otherAnswers(q, ui) {
  var a = ui.answer();
  function other(status, label) {
    return h("button", {type: "button", class: "answer-button answer-button--other", "data-status": status,
                        "aria-pressed": a && a.status === status ? "true" : "false",
                        onclick: function () {
                          var now = ui.answer();
                          var saved = now && now.status === status ? clearAnswer(q) : setAnswer(q, status, null);
                          ui.refresh();
                          return saved;
                        }}, h("span", {text: label}));
  }
  return h("div", {class: "answer-grid answer-grid--other"},
    other("skipped", t("skip")), other("dont_know", t("dont_know")));
}

function note(q) {
  var text = words(q.note);
  return text ? h("aside", {class: "ask__note", "aria-label": t("note_title")},
                  h("p", {class: "ask__note-title", text: t("note_title")}), h("p", {text: text})) : null;
}

SCREENS.question = function (screen) {
  var q = question(screen.key);
  if (!q || !shown(q, S.interview.answers)) { window.setTimeout(function () { go(afterQuestion(screen.key, screen.back)); }); return []; }
  var a = S.interview.answers[q.key];
  var box = h("div", {class: "ask__answers", id: "answers", role: "group", "aria-labelledby": "screen-heading"});
  var ui = kit(q, box);
  add(box, kindOf(q).draw(q, ui));
  add(box, otherAnswers(q, ui));
  ui.refresh();

  var error = ui.error;
  var view = [
    progressLine(q),
    h("div", {class: "ask"},
      h("div", {class: "ask__picture"}, picture(q.picture, 240)),
      h("div", {class: "ask__main"},
        heading(words(q.text), "ask__question"),
        readAloud(partsOf(q, ui)),
        box),
      note(q)),
    h("div", {class: "pager"},
      button(t("back"), function () { go(beforeQuestion(q.key, screen.back)); }, "secondary", {id: "back"}),
      button(t("next"), function () {
        var problem = problemOf(q, S.interview.answers[q.key]);
        if (problem) {
          error.textContent = problem;
          error.hidden = false;
          var input = box.querySelector("[aria-describedby~='answer-error']");
          if (input) {
            input.setAttribute("aria-invalid", "true");
            input.focus();
          }
          say(problem);
          return;
        }
        var ids = followUps(q);
        go(ids.length ? {name: "follow_up", key: q.key, id: ids[0], back: screen.back}
                      : afterQuestion(q.key, screen.back));
      }, null, {id: "next"}))];
  if (!a || problemOf(q, a) === null) return view;
  error.textContent = problemOf(q, a);
  error.hidden = false;
  return view;
};

SCREENS.follow_up = function (screen) {
  var q = question(screen.key);
  var ids = q ? followUps(q) : [];
  var at = ids.indexOf(screen.id);
  if (at === -1) { window.setTimeout(function () { go(q ? afterQuestion(q.key, screen.back) : {name: "check"}); }); return []; }
  var ui = kit(q, null);
  ui.place = {number: at + 1, total: ids.length};
  var more = kindOf(q).followUp(q, screen.id, ui);
  var qs = visibleQuestions();
  return [
    h("p", {class: "ask__progress"}, t("progress", {number: qs.indexOf(q) + 1, total: qs.length}),
      " · ", more.progress),
    h("div", {class: "ask"},
      h("div", {class: "ask__picture"}, picture(more.picture, 240)),
      h("div", {class: "ask__main"},
        heading(more.heading, "ask__question"),
        readAloud(more.readAloud || [{audio: null, text: more.heading}]),
        more.body),
      note(q)),
    h("div", {class: "pager"},
      button(t("back"), function () {
        go(at > 0 ? {name: "follow_up", key: q.key, id: ids[at - 1], back: screen.back}
                  : {name: "question", key: q.key, back: screen.back});
      }, "secondary", {id: "back"}),
      button(t("next"), function () {
        go(at < ids.length - 1 ? {name: "follow_up", key: q.key, id: ids[at + 1], back: screen.back}
                               : afterQuestion(q.key, screen.back));
      }, null, {id: "next"}))];
};

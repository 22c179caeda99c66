/* "Check your answers": every answer given, each shown by its kind (kinds.js), to change
   or take out; then "Finish", which moves the interview to the outbox and sends it when
   the tablet is online. */
import {kindOf, kit} from "./kinds.js";
import {asksToShare, asksVoice, clearAnswer, payload, problemOf, prune, questions, save, visibleQuestions} from "./interview.js";
import {send} from "./outbox.js";
import {button, focusById, h, heading, picture} from "./page.js";
import {SCREENS, beforeQuestions, go, lastScreenOf, render} from "./screens.js";
import {readAloud} from "./read_aloud.js";
import {clock, player} from "./recorder.js";
import {Uploads} from "./uploads.js";
import {PICTURES, S} from "./state.js";
import {say, t, words} from "./words.js";

function answerInWords(q, a) {
  if (a.status === "skipped") return [h("p", {text: t("skip")})];
  if (a.status === "dont_know") return [h("p", {text: t("dont_know")})];
  return [].concat(kindOf(q).check(q, a.value, kit(q, null))).concat(recordingsOf(q, a));
}

// A player for each recording the answer sends ("Change" records again or deletes it).
function recordingsOf(q, a) {
  var sent = (payload(S.interview).answers.filter(function (x) { return x.id === a.id; })[0] || {}).recordings || [];
  return sent.map(function (r) {
    var option = (q.options || []).filter(function (o) { return o.key === r.part; })[0];
    var label = option ? t("record_player_about", {option: words(option.text)}) : t("record_player");
    return h("div", {class: "check-recording"},
      h("p", {class: "check-recording__label", text: label + " (" + clock(r.seconds) + ")"}),
      player(r, label));
  });
}

SCREENS.check = function () {
  var iv = S.interview;
  var answered = visibleQuestions().filter(function (q) { return iv.answers[q.key]; });
  var error = h("div", {class: "notice notice--error", id: "finish-error", role: "alert", hidden: true});
  // The heading, then each question (its recording, else its words) and its answer.
  var aloud = [{audio: null, text: t("check_title")}];
  var list = h("ol", {class: "check-list"}, answered.map(function (q) {
    var a = iv.answers[q.key];
    var id = "check-q-" + q.key;
    var problem = problemOf(q, a);
    var given = [].concat(answerInWords(q, a)).filter(Boolean);   // a kind may give one element
    aloud.push({audio: q.audio ? q.audio[S.lang] : null, text: words(q.text)},
               {audio: null, text: given.map(function (el) { return el.textContent; }).join(". ")});
    return h("li", {class: "check-item", id: "check-" + q.key},
      h("div", {class: "check-item__picture"}, picture(q.picture, 96)),
      h("div", {class: "check-item__body"},
        h("h2", {class: "check-item__question", id: id, text: words(q.text)}),
        given,
        problem ? h("p", {class: "field__error", text: problem}) : null,
        S.confirming === q.key ? confirmTakeOut(q) : h("div", {class: "button-row"},
          button(t("change"), function () { go({name: "question", key: q.key, back: "check"}); }, "secondary",
                 {"aria-describedby": id, class: "button button--secondary change-button"}),
          button(t("take_out"), function () { S.confirming = q.key; render(false); focusById("confirm-" + q.key); },
                 "warning", {"aria-describedby": id, class: "button button--warning take-out-button"}))));
  }));
  return [heading(t("check_title")),
    h("p", {class: "lead-text", text: answered.length ? t("check_intro") : t("check_none")}),
    readAloud(answered.length ? aloud : aloud.concat([{audio: null, text: t("check_none")}])),
    error,
    asksToShare() ? shareCheckItem(iv) : null,
    asksVoice() ? voiceCheckItem(iv) : null,
    list,
    h("div", {class: "pager"},
      button(t("back"), function () {
        var qs = visibleQuestions();
        go(qs.length ? lastScreenOf(qs[qs.length - 1]) : beforeQuestions());
      }, "secondary", {id: "back"}),
      button(t("finish"), function () {
        var bad = answered.filter(function (q) { return problemOf(q, iv.answers[q.key]); })[0];
        if (bad) {
          error.textContent = t("finish_problem", {question: words(bad.text)});
          error.hidden = false;
          error.setAttribute("tabindex", "-1");
          error.focus();
          return;
        }
        finish(true);
      }, null, {id: "finish"}))];
};

// The answer to "can we use your words on posters?": changed, never taken out (No is the way out).
function shareCheckItem(iv) {
  var yes = iv.share_words === true, no = iv.share_words === false;
  return h("div", {class: "check-item check-item--share", id: "check-share"},
    h("div", {class: "check-item__picture"}, h("img", {src: PICTURES.share, alt: "", width: 96, height: 96})),
    h("div", {class: "check-item__body"},
      h("h2", {class: "check-item__question", id: "check-q-share", text: t("share_check")}),
      yes || no ? h("ul", {class: "check-choices"}, h("li", {},
        h("img", {src: yes ? PICTURES.yes : PICTURES.no, alt: "", width: 64, height: 64}),
        h("span", {text: t(yes ? "share_yes" : "share_no")})))
        : h("p", {text: t("share_none")}),
      h("div", {class: "button-row"},
        button(t("change"), function () { go({name: "share", back: "check"}); }, "secondary",
               {"aria-describedby": "check-q-share", class: "button button--secondary change-button"}))));
}

// The answer to "Can we record your voice?": changed, never taken out.
function voiceCheckItem(iv) {
  var yes = iv.record_voice === true;
  return h("div", {class: "check-item check-item--voice", id: "check-voice"},
    h("div", {class: "check-item__picture"}, h("img", {src: PICTURES.microphone, alt: "", width: 96, height: 96})),
    h("div", {class: "check-item__body"},
      h("h2", {class: "check-item__question", id: "check-q-voice", text: t("voice_question")}),
      h("ul", {class: "check-choices"}, h("li", {},
        h("img", {src: yes ? PICTURES.yes : PICTURES.no, alt: "", width: 64, height: 64}),
        h("span", {text: t(yes ? "voice_yes" : "voice_no")}))),
      h("div", {class: "button-row"},
        button(t("change"), function () { go({name: "voice", back: "check"}); }, "secondary",
               {"aria-describedby": "check-q-voice", class: "button button--secondary change-button"}))));
}

function confirmTakeOut(q) {
  // Which later answers go too, because their question was only asked after this answer.
  var copy = JSON.parse(JSON.stringify(S.interview.answers));
  delete copy[q.key];
  prune(copy);
  var also = questions().filter(function (other) {
    return other.key !== q.key && S.interview.answers[other.key] && !copy[other.key];
  });
  return h("div", {class: "confirm"},
    h("p", {class: "confirm__question", id: "confirm-" + q.key, tabindex: "-1",
            text: t("take_out_confirm", {question: words(q.text)})}),
    also.length ? [h("p", {text: t("take_out_also")}),
                   h("ul", {}, also.map(function (o) { return h("li", {text: words(o.text)}); }))] : null,
    h("div", {class: "button-row"},
      button(t("take_out_yes"), function () {
        clearAnswer(q);
        S.confirming = null;
        render(false);
        say(t("taken_out"));
        focusById("screen-heading");
      }, "warning", {class: "button button--warning confirm-yes"}),
      button(t("take_out_no"), function () {
        S.confirming = null;
        render(false);
        focusById("check-" + q.key, ".take-out-button");
      }, "secondary", {class: "button button--secondary confirm-no"})));
}

// The interview is done (consent false: the person said no, and it holds no answers).
export function finish(consent) {
  var iv = S.interview;
  iv.finished_at = new Date().toISOString();
  if (iv.finished_at < iv.started_at) iv.finished_at = iv.started_at;   // a clock put back
  iv.state = "waiting";
  iv.payload = payload(iv);
  iv.screen = null;
  var code = iv.participant_code;
  sessionStorage.removeItem("peersurvey-current");
  save(true).then(function () { return Uploads.tidy(iv); }).then(function () {
    S.interview = null;
    go({name: "thanks", consent: consent, code: code});
    if (navigator.onLine) send(false);
  });
}

/* Spoken answer on the tablet: the recorder first (static/collect/recorder.js, given as
   ui.recorder), then a box to type their words too. Its value is the words typed, "" when
   there is only a recording. With no yes to recording, or no microphone, only the box shows.
   The interface: the interview app's static/collect/kinds.js. */

export default {
  draw: function (q, ui) {
    var recorder = ui.recorder("", "");
    var typing = ui.textAnswer({label: recorder ? ui.t("type_too") : ui.t("their_words"), long: true, maxlength: 5000});
    return recorder ? [recorder, ui.h("div", {class: "type-too"}, typing)] : typing;
  },

  // Only spaces typed is no words (the recording, if there is one, is still the answer).
  sent: function (q, value) {
    var text = String(value).trim();
    return text ? text : undefined;
  },

  check: function (q, value, ui) {
    var text = String(value).trim();
    return ui.h("p", {class: "check-text", text: text || ui.t("nothing_said")});
  }
};

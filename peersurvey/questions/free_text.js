/* Free text on the tablet: the interviewer types the person's own words, and can record
   them too (the shared recorder, after a yes to recording). The interface: the interview
   app's static/collect/kinds.js. */

export default {
  draw: function (q, ui) {
    return [ui.textAnswer({label: ui.t("their_words"), long: true, maxlength: 5000}), ui.recorder("", "")];
  },

  // Only spaces typed is no answer at all.
  sent: function (q, value) {
    var text = String(value).trim();
    return text ? text : undefined;
  },

  check: function (q, value, ui) {
    return ui.h("p", {class: "check-text", text: String(value).trim() || ui.t("nothing_said")});
  }
};

/* Short answer on the tablet: a word or two, or a whole number (q.numeric) between q.min
   and q.max when they are given. Words can be recorded too; a number cannot. The interface: the interview app's static/collect/kinds.js. */

function wholeNumber(value) {
  var text = String(value).trim();
  return /^-?\d+$/.test(text) ? parseInt(text, 10) : NaN;
}

export default {
  draw: function (q, ui) {
    return [ui.textAnswer({label: ui.t("their_answer"), maxlength: q.numeric ? 12 : 200,
                           inputmode: q.numeric ? "numeric" : null}), ui.recorder("", "")];
  },

  recordable: function (q) { return !q.numeric; },

  problem: function (q, value, ui) {
    if (!q.numeric) return null;
    var n = wholeNumber(value);
    var low = typeof q.min === "number", high = typeof q.max === "number";
    if (!isNaN(n) && (!low || n >= q.min) && (!high || n <= q.max)) return null;
    if (low && high) return ui.t("number_range", {min: q.min, max: q.max});
    if (low) return ui.t("number_min", {min: q.min});
    if (high) return ui.t("number_max", {max: q.max});
    return ui.t("number_whole");
  },

  // A number is sent as a number; words without the spaces around them (only spaces: none).
  sent: function (q, value) {
    if (q.numeric) return parseInt(String(value).trim(), 10);
    var text = String(value).trim();
    return text ? text : undefined;
  },

  check: function (q, value, ui) {
    return ui.h("p", {class: "check-text", text: String(value).trim() || ui.t("nothing_said")});
  }
};

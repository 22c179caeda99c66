/* Yes/no and feelings on the tablet: the answers are built in (the bundle's fixed_answers
   for the kind), each a big button with a picture; one is chosen. A question may have its
   own words for them (`answer_words`, {key: {en, cy}}: Welsh answers "Oes" / "Nac oes" to
   "Oes…?"); the answer kept is still the key. The interface: the
   interview app's static/collect/kinds.js. */

function answers(q, ui) {
  var own = q.answer_words || {};
  return (ui.bundle.fixed_answers[q.kind] || []).map(function (f) {
    return {key: f.key, words: ui.words(own[f.key] || f.words), picture: f.picture};
  });
}

export default {
  draw: function (q, ui) {
    return ui.choices(answers(q, ui), function (key) { ui.set(key); });
  },

  check: function (q, value, ui) {
    var found = answers(q, ui).filter(function (c) { return c.key === value; })[0] || {words: value, picture: null};
    return ui.h("ul", {class: "check-choices"},
      ui.h("li", {}, ui.picture(found.picture, 64), ui.h("span", {text: found.words})));
  },

  readAloud: function (q, ui) {
    return answers(q, ui).map(function (c) { return {audio: null, text: c.words}; });
  }
};

/* The toy kind's tablet module, only in the tests: two big buttons of its own. The interface:
   static/collect/kinds.js. */
export default {
  draw: function (q, ui) {
    return ui.choices([{key: "up", words: "Thumb up"}, {key: "down", words: "Thumb down"}],
                      function (key) { ui.set(key); });
  },

  check: function (q, value, ui) {
    return ui.h("p", {class: "check-text toy-thumbs", text: value === "up" ? "👍" : "👎"});
  }
};

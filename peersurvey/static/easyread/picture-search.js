// Picture search: filters a picture chooser's grid as the lead types, matching words in
// English and Welsh, with or without accents (so "wy" finds "ŵy"). Without this script
// the chooser still works: people scroll and pick.
(function () {
  "use strict";
  function plain(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll(".picture-search").forEach(function (box) {
    box.hidden = false;
    var input = box.querySelector(".picture-search__input");
    var none = box.querySelector(".picture-search__none");
    var chooser = box.closest(".picture-chooser");
    var options = Array.prototype.slice.call(chooser.querySelectorAll(".picture-option"));
    options.forEach(function (option) { option.dataset.plain = plain(option.dataset.words || ""); });
    input.addEventListener("input", function () {
      var terms = plain(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var words = option.dataset.plain.split(/\s+/);
        var match = terms.every(function (term) {
          return words.some(function (word) { return word.indexOf(term) === 0; });
        });
        option.hidden = !match;
        if (match) { shown += 1; }
      });
      chooser.querySelectorAll(".picture-grid").forEach(function (grid) {
        var heading = grid.previousElementSibling;
        var any = grid.querySelector(".picture-option:not([hidden])");
        grid.hidden = !any;
        if (heading && heading.tagName === "H3") { heading.hidden = !any; }
      });
      none.hidden = shown > 0;
    });
  });
})();

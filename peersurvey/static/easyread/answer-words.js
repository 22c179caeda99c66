// Yes/no answer words in the builder: as the lead types the Welsh question, say which
// Welsh pair fits its first word (the server's table, questions/welsh_answers.py, given
// in data-first-words) and mark that pair. Without this script the suggestion shows once
// the question is saved, and "the words that fit" is worked out on saving anyway.
(function () {
  "use strict";
  var box = document.querySelector(".answer-words[data-first-words]");
  var input = document.getElementById("text_cy");
  if (!box || !input) { return; }
  var table = JSON.parse(box.dataset.firstWords);
  var pairs = JSON.parse(box.dataset.pairs);
  var hint = document.getElementById("welsh_words-hint");
  var now = box.querySelector(".answer-words__now");

  function suggest(text) {
    var words = (text || "").match(/[\p{L}\p{M}]+/gu) || [];
    if (words.length > 1 && words[0].toLowerCase() === box.dataset.questionWord) { words = words.slice(1); }
    return words.length ? table[words[0].toLowerCase()] || null : null;
  }

  function show() {
    var pair = suggest(input.value);
    hint.textContent = pair ? box.dataset.suggestedText.replace("{yes}", pairs[pair][0]).replace("{no}", pairs[pair][1])
                            : box.dataset.noneText;
    if (now) { now.textContent = pair ? " (" + pairs[pair][0] + " / " + pairs[pair][1] + ")" : ""; }
    box.querySelectorAll(".answer-words__mark").forEach(function (mark) { mark.remove(); });
    var radio = pair && box.querySelector("input[name=welsh_words][value='" + pair + "']");
    if (radio) {
      var mark = document.createElement("span");
      mark.className = "tag answer-words__mark";
      mark.textContent = box.dataset.markText;
      var label = box.querySelector("label[for='" + radio.id + "'] > span");
      label.appendChild(document.createTextNode(" "));
      label.appendChild(mark);
    }
  }
  input.addEventListener("input", show);
}());

// After a form comes back with mistakes, the box that lists them ("Something needs
// fixing") takes the focus, so a screen reader reads it first and a keyboard user starts
// there; each mistake in it is a link to its field. (GOV.UK's error summary does the same.)
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

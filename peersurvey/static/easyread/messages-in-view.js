// After a button, the server says what happened in a message at the top of the page. When
// the page then opens further down (at #add-question, at the question just moved), that
// message was out of sight: someone who tapped "Add this question" without choosing a kind
// saw the page come back and nothing said. So the messages move to the place the page opens
// at, and are scrolled into view. Without JavaScript they stay at the top (and are read out).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var messages = document.querySelectorAll("main > [data-message]");
  var id;
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (badAddress) { return; }   // "#%E0"
  var place = id && document.getElementById(id);
  if (!messages.length || !place || place === document.getElementById("main")) return;
  // Inside a box (a form, a list item), at its start; before anything else (a heading).
  var inside = /^(FORM|LI|SECTION|DIV|FIELDSET)$/.test(place.tagName);
  for (var i = messages.length - 1; i >= 0; i--) {
    if (inside) place.insertBefore(messages[i], place.firstChild);
    else place.parentNode.insertBefore(messages[i], place);
  }
  messages[0].scrollIntoView({block: "start"});
});

// After a button, the server says what happened in a message at the top of the page. When
// the page then opens further down at a form or a section of its own (#add-question,
// #options), that message was out of sight: someone who tapped "Add this question" without
// choosing a kind saw the page come back and nothing said. So the messages move to the top
// of that form or section. Anywhere else (a heading, a field, a question's card, which is
// laid out in a row) they stay at the top of the page, as they do without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var messages = document.querySelectorAll("main > [data-message]");
  var id;
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (badAddress) { return; }   // "#%E0"
  var place = id && document.getElementById(id);
  if (!messages.length || !place || !/^(FORM|SECTION)$/.test(place.tagName) ||
      !place.closest("main") || !place.getClientRects().length) return;
  for (var i = messages.length - 1; i >= 0; i--) place.insertBefore(messages[i], place.firstChild);
  messages[0].scrollIntoView({block: "start"});
});

// After a button, the server says what happened in a message at the top of the page. When
// the page then opens further down (#add-question, #question-3), that message was out of
// sight: someone who tapped "Add this question" without choosing a kind, or "Move up" on a
// question that could not move, saw the page come back and nothing said. So the messages
// move to where the page opens: the top of a form or section of its own, or, in a card
// laid out in a row (a question, a consent point), the top of its words (data-messages-here,
// a child of the card itself: #main, which the skip link leaves in the address, holds the
// first card too), not beside them. Anywhere else (a heading, a field, main) they stay at
// the top of the page, as they do without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var messages = document.querySelectorAll("main > [data-message]");
  var id;
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (badAddress) { return; }   // "#%E0"
  var opens = id && document.getElementById(id);
  if (!messages.length || !opens || !opens.closest("main") || !opens.getClientRects().length) return;
  var place = /^(FORM|SECTION)$/.test(opens.tagName) ? opens : opens.querySelector(":scope > [data-messages-here]");
  if (!place) return;
  for (var i = messages.length - 1; i >= 0; i--) place.insertBefore(messages[i], place.firstChild);
  opens.scrollIntoView({block: "start"});
});

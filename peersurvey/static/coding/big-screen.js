/* The big-screen view's ways out and in: Escape leaves it for the normal session page
   (unless the person is typing a new theme), and "Fill the whole screen" asks the browser
   for full screen, which only a tap may do. Without JavaScript the big "Leave the big
   screen" link still works. */
(function () {
  "use strict";
  var leave = document.getElementById("leave-big-screen");
  var fill = document.getElementById("fill-screen");
  if (!leave) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var typing = event.target.matches && event.target.matches("input[type=text], textarea") && event.target.value;
    if (typing) { return; }
    window.location.href = leave.href;
  });
  if (fill && document.fullscreenEnabled) {
    fill.hidden = false;
    fill.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }
}());

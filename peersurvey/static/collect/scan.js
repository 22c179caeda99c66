/* Scanning the participant's card: the live camera (the rear one when there is one) and
   jsQR reading its square code. The card's QR holds its code and nothing else
   (collect/cards.py); what is read goes through cardCode, as a typed code does, and a
   good one goes on exactly as "Use the code from the card". A QR that is not a card code
   says so and scanning goes on. No camera, or the camera refused: back to the start
   screen, which says to type the code and puts the focus there.

   jsQR (vendor/jsQR.js, see vendor/README.md) is a classic script of 257 KB: it is loaded
   only when scanning starts, so the app starts as fast as before. Leaving this screen in
   any way (Cancel, Stop, a language switch) stops every track of the camera (ON_LEAVE). */
import {cardCode, useCardCode} from "./consent.js";
import {button, h, heading} from "./page.js";
import {ON_LEAVE, SCREENS, go} from "./screens.js";
import {t} from "./words.js";

var JSQR = "/static/collect/vendor/jsQR.js";
var EVERY = 150;              // milliseconds between looks: enough, and light on a tablet
var WIDTH = 640;              // frames are read at most this wide (cards are dark on light: no inverting)
var loading = null;

function loadReader() {
  if (self.jsQR) return Promise.resolve(self.jsQR);
  if (!loading) {
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = JSQR;
      script.onload = function () { if (self.jsQR) resolve(self.jsQR); else reject(new Error("no jsQR")); };
      script.onerror = function () { loading = null; script.remove(); reject(new Error("jsQR did not load")); };
      document.head.appendChild(script);
    });
  }
  return loading;
}

SCREENS.scan = function () {
  var video = h("video", {class: "scan__video", id: "scan-video", autoplay: true, playsinline: true, muted: true});
  video.muted = true;
  video.playsInline = true;
  var status = h("p", {class: "scan__status", id: "scan-status", role: "status", text: t("scan_starting")});
  var scan = {stopped: false, stream: null, timer: null};
  ON_LEAVE.push(function () { stop(scan); });
  start(scan, video, status);
  return [heading(t("scan_title")),
    h("div", {class: "scan"},
      h("p", {class: "lead-text", id: "scan-hint", text: t("scan_hint")}),
      h("div", {class: "scan__frame"}, video),
      status,
      h("div", {class: "pager"},
        button(t("scan_cancel"), function () { go({name: "start"}); }, "secondary", {id: "scan-cancel"})))];
};

function start(scan, video, status) {
  var camera = navigator.mediaDevices.getUserMedia({audio: false, video: {facingMode: {ideal: "environment"}}});
  Promise.all([camera, loadReader()]).then(function (got) {
    scan.stream = got[0];
    if (scan.stopped) { stop(scan); return; }        // left before the camera came
    video.srcObject = scan.stream;
    var playing = video.play();
    if (playing && playing.catch) playing.catch(function () {});
    status.textContent = "";
    look(scan, video, status, got[1], h("canvas"));
  }, function (error) {
    camera.then(function (stream) { scan.stream = stream; stop(scan); }, function () {});
    if (scan.stopped) return;
    var refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
    go({name: "start", camera: refused ? "refused" : "missing"});
  });
}

function look(scan, video, status, jsQR, canvas) {
  if (scan.stopped) return;
  scan.timer = window.setTimeout(function () { look(scan, video, status, jsQR, canvas); }, EVERY);
  if (video.readyState < 2 || !video.videoWidth) return;
  var scale = Math.min(1, WIDTH / video.videoWidth);
  var w = Math.round(video.videoWidth * scale), ht = Math.round(video.videoHeight * scale);
  canvas.width = w;
  canvas.height = ht;
  var context = canvas.getContext("2d", {willReadFrequently: true});
  context.drawImage(video, 0, 0, w, ht);
  var found = jsQR(context.getImageData(0, 0, w, ht).data, w, ht, {inversionAttempts: "dontInvert"});
  if (!found) return;
  var code = cardCode(found.data);
  if (code.problem) {
    var words = t("scan_not_card");
    if (status.textContent !== words) status.textContent = words;
    status.classList.add("field__error");
    return;
  }
  stop(scan);
  useCardCode(code.code);
}

// Every track stopped: the camera's light goes off.
function stop(scan) {
  scan.stopped = true;
  window.clearTimeout(scan.timer);
  if (scan.stream) scan.stream.getTracks().forEach(function (track) { track.stop(); });
}

/* The recorder: one part of an answer said aloud and kept, for any question whose kind can
   be recorded (kinds.js gives it to kinds as ui.recorder(part), so a kind stays thin).

   One big "Record" button; while recording, the time going up, a bar that moves when sound
   comes in (Web Audio's AnalyserNode), and "Stop". Stop keeps the recording at once (its
   sound in IndexedDB's "recordings", the answer naming it), so nothing waits on a "Keep"
   that could be forgotten. Then it plays back, and "Record again" or "Delete the recording",
   each asking first, because the recording kept is lost. A recording that is going on when
   the screen changes is stopped and kept too. Offered only after a yes to "Can we record
   your voice?" (consent.js), and only where the browser has a microphone. */
import {DB} from "./db.js";
import {dropRecording, keepRecording, recordable, recordingOf, uuid} from "./interview.js";
import {button, h} from "./page.js";
import {ON_LEAVE} from "./screens.js";
import {PICTURES, S} from "./state.js";
import {withLength} from "./webm.js";
import {say, t} from "./words.js";

export var MAX_SECONDS = 600;          // the server takes at most 10 minutes (docs/api.md)
var TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
var BITS_PER_SECOND = 64000;           // clear speech, and a minute is about 0.5 MB to send

export function canRecord() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && self.MediaRecorder);
}

function pickType() {
  return TYPES.filter(function (type) { return MediaRecorder.isTypeSupported(type); })[0] || "";
}

// 65.4 seconds as "1:05".
export function clock(seconds) {
  var whole = Math.floor(seconds);
  return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
}

async function sha256(blob) {
  var digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.prototype.map.call(new Uint8Array(digest), function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
}

// A player for a kept recording (also on "Check your answers"). Its address is let go
// when the screen changes.
export function player(meta, labelText) {
  var audio = h("audio", {controls: true, preload: "metadata", class: "recorder__player",
                          "aria-label": labelText});
  DB.get("recordings", meta.id).then(function (row) {
    if (!row || !row.blob) return;
    var url = URL.createObjectURL(row.blob);
    audio.src = url;
    ON_LEAVE.push(function () { URL.revokeObjectURL(url); });
  });
  return audio;
}

export function recorder(q, part, valueIfNone, ui) {
  var iv = S.interview;
  if (!iv || iv.record_voice !== true || !recordable(q) || !canRecord()) return null;
  var box = h("section", {class: "recorder", id: "recorder", "aria-labelledby": "recorder-title"});
  var live = h("p", {class: "recorder__status", id: "recorder-status", role: "status"});
  var taking = null;               // the recording going on: {media, stream, audio, timer, started}
  var asking = null;               // "again" or "delete" while asking first

  function draw(focusId) {
    box.textContent = "";
    var kept = recordingOf(iv, q, part);
    box.append(h("h2", {class: "recorder__title", id: "recorder-title", text: t("record_title")}));
    if (taking) drawRecording();
    else if (asking) drawAsk(kept);
    else if (kept) drawKept(kept);
    else drawIdle();
    box.append(live);
    var target = focusId && document.getElementById(focusId);
    if (target) target.focus();
  }

  function bigButton(id, picture, words, onclick, kind) {
    return h("button", {type: "button", class: "button recorder__button" + (kind ? " recorder__button--" + kind : ""),
                        id: id, onclick: onclick},
      h("img", {src: picture, alt: "", width: 56, height: 56}), h("span", {text: words}));
  }

  function drawIdle() {
    box.append(h("p", {class: "recorder__hint", text: t("record_hint")}),
               bigButton("record", PICTURES.microphone, t("record"), start));
  }

  function drawRecording() {
    var time = h("p", {class: "recorder__time", id: "record-time", role: "timer", "aria-atomic": "true",
                       text: t("record_time", {time: clock(0)})});
    var level = h("span", {class: "recorder__level-bar"});
    var heard = h("p", {class: "recorder__heard", id: "record-heard", text: t("record_no_sound")});
    box.append(h("div", {class: "recorder__on"},
      h("span", {class: "recorder__dot", "aria-hidden": "true"}), time),
      h("div", {class: "recorder__level", "aria-hidden": "true"}, level), heard,
      bigButton("record-stop", PICTURES.stop, t("record_stop"), stop, "stop"));
    taking.show = {time: time, level: level, heard: heard};
  }

  function drawKept(kept) {
    box.append(h("p", {class: "recorder__kept", id: "recorder-kept",
                       text: t("record_kept", {time: clock(kept.seconds)})}),
      player(kept, t("record_player")),
      h("div", {class: "button-row"},
        button(t("record_again"), function () { asking = "again"; draw("recorder-ask"); }, "secondary",
               {id: "record-again"}),
        button(t("record_delete"), function () { asking = "delete"; draw("recorder-ask"); }, "warning",
               {id: "record-delete"})));
  }

  function drawAsk(kept) {
    var again = asking === "again";
    box.append(h("div", {class: "confirm"},
      h("p", {class: "confirm__question", id: "recorder-ask", tabindex: "-1",
              text: t(again ? "record_again_ask" : "record_delete_ask")}),
      h("div", {class: "button-row"},
        button(t(again ? "record_again_yes" : "record_delete_yes"), function () {
          asking = null;
          if (again) { start(); return; }
          dropRecording(iv, q, part).then(function () {
            if (kept) DB.del("recordings", kept.id);
            afterChange();
            draw("record");
            say(t("record_deleted"));
          });
        }, "warning", {id: "record-ask-yes"}),
        button(t(again ? "record_again_no" : "record_delete_no"), function () { asking = null; draw("record-again"); },
               "secondary", {id: "record-ask-no"}))));
  }

  // The answer changed under the kind's controls: let them catch up.
  function afterChange() { if (iv === S.interview) ui.refresh(); }

  async function start() {
    live.textContent = t("record_starting");
    var stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({audio: true});
    } catch (error) {
      draw();
      live.textContent = t("record_no_microphone");
      say(live.textContent);
      return;
    }
    var type = pickType();
    var media = new MediaRecorder(stream, type ? {mimeType: type, audioBitsPerSecond: BITS_PER_SECOND} : {});
    taking = {media: media, stream: stream, chunks: [], started: performance.now(), type: type};
    media.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) taking.chunks.push(e.data); });
    media.start(1000);             // a piece every second, so a long recording is never one big buffer
    meter(taking);
    live.textContent = "";
    draw("record-stop");
    document.body.setAttribute("data-recording", "true");
    say(t("record_started"));
  }

  // The time going up, and the bar showing how loud the sound coming in is.
  function meter(now) {
    var Context = self.AudioContext || self.webkitAudioContext;
    var data = null;
    if (Context) {
      now.context = new Context();
      now.analyser = now.context.createAnalyser();
      now.analyser.fftSize = 1024;
      now.context.createMediaStreamSource(now.stream).connect(now.analyser);
      data = new Uint8Array(now.analyser.fftSize);
    }
    now.timer = window.setInterval(function () {
      var seconds = (performance.now() - now.started) / 1000;
      if (!now.show) return;
      now.show.time.textContent = t("record_time", {time: clock(seconds)});
      if (data) {
        now.analyser.getByteTimeDomainData(data);
        var sum = 0;
        for (var i = 0; i < data.length; i++) { var x = (data[i] - 128) / 128; sum += x * x; }
        var level = Math.min(1, Math.sqrt(sum / data.length) * 4);
        now.show.level.style.width = Math.round(level * 100) + "%";
        var heard = level > 0.05;
        if (now.heard !== heard) {
          now.heard = heard;
          now.show.heard.textContent = t(heard ? "record_sound" : "record_no_sound");
          box.setAttribute("data-sound", heard ? "yes" : "no");
        }
      }
      if (seconds >= MAX_SECONDS) stop();
    }, 100);
  }

  // Stop, and keep what was recorded. Resolves when it is on the tablet's storage.
  function stop() {
    var now = taking;
    if (!now || now.stopping) return now ? now.stopping : Promise.resolve();
    now.stopping = new Promise(function (resolve) {
      now.media.addEventListener("stop", function () { keep(now).then(resolve, resolve); });
    });
    window.clearInterval(now.timer);
    now.media.stop();
    now.stream.getTracks().forEach(function (track) { track.stop(); });
    if (now.context) now.context.close();
    return now.stopping;
  }

  async function keep(now) {
    var seconds = Math.max(0.1, Math.round((performance.now() - now.started) / 100) / 10);
    var type = now.media.mimeType || now.type || "audio/webm";
    var blob = await withLength(new Blob(now.chunks, {type: type}), seconds);
    var before = recordingOf(iv, q, part);
    if (blob.size) {
      var meta = {id: uuid(), part: part, sha256: await sha256(blob), bytes: blob.size, type: type,
                  seconds: Math.min(seconds, MAX_SECONDS)};
      await DB.put("recordings", {id: meta.id, interview: iv.id, question: q.key, part: part, blob: blob,
                                  type: type, bytes: meta.bytes, seconds: meta.seconds, sha256: meta.sha256,
                                  state: "kept", received: 0, made_at: new Date().toISOString()});
      await keepRecording(iv, q, part, meta, valueIfNone);
      if (before) await DB.del("recordings", before.id);     // only now: the new one is safe
    }
    taking = null;
    document.body.removeAttribute("data-recording");
    if (!box.isConnected) return;
    afterChange();
    draw("recorder-kept");
    say(t(blob.size ? "record_saved" : "record_nothing"));
  }

  // Leaving the screen while recording: keep what there is.
  ON_LEAVE.push(function () { if (taking) stop(); });
  draw();
  return box;
}

// Voice recorder: record someone reading the words aloud, play it back, record again,
// and save it to the question. Uses the browser's microphone (MediaRecorder); where there
// is none, the recorder stays hidden and the file upload below it still works.
(function () {
  "use strict";
  if (!(navigator.mediaDevices && window.MediaRecorder)) { return; }

  document.querySelectorAll(".recorder").forEach(function (box) {
    box.hidden = false;
    var button = function (name) { return box.querySelector(".recorder__" + name); };
    var status = box.querySelector(".recorder__status");
    // The words come from the page, so they are in the page's language (Flask-Babel).
    var say = { recording: box.dataset.sayRecording, ready: box.dataset.sayReady,
                saving: box.dataset.saySaving, saved: box.dataset.saySaved,
                noMic: box.dataset.sayNoMic, failed: box.dataset.sayFailed };
    var form = box.parentElement.querySelector(".voice__upload");
    var recorder = null, chunks = [], blob = null, audio = null;

    function buttons(state) {
      button("record").disabled = state !== "idle";
      button("stop").disabled = state !== "recording";
      button("play").disabled = state !== "recorded";
      button("redo").disabled = state !== "recorded";
      button("save").disabled = state !== "recorded";
    }

    function start() {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) { chunks.push(e.data); } });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
          audio = new Audio(URL.createObjectURL(blob));
          buttons("recorded");
          status.textContent = say.ready;
          button("play").focus();
        });
        recorder.start();
        buttons("recording");
        status.textContent = say.recording;
        button("stop").focus();
      }).catch(function () { status.textContent = say.noMic; });
    }

    button("record").addEventListener("click", start);
    button("redo").addEventListener("click", function () { blob = null; buttons("idle"); start(); });
    button("stop").addEventListener("click", function () { if (recorder) { recorder.stop(); } });
    button("play").addEventListener("click", function () { if (audio) { audio.currentTime = 0; audio.play(); } });
    button("save").addEventListener("click", function () {
      var data = new FormData();
      ["csrf_token", "question", "option", "language"].forEach(function (name) {
        data.append(name, form.querySelector("[name=" + name + "]").value);
      });
      data.append("audio", blob, "recording.webm");
      status.textContent = say.saving;
      button("save").disabled = true;
      fetch(box.dataset.action, { method: "POST", body: data, credentials: "same-origin",
                                  headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (result.ok) {
            // Show the saved recording in place: a reload would lose what was typed above.
            var saved = box.parentElement.querySelector(".voice__saved");
            saved.querySelector("audio").src = result.body.audio;
            saved.hidden = false;
            box.parentElement.querySelector(".voice__empty").hidden = true;
            status.textContent = say.saved;
            buttons("idle");
            return;
          }
          status.textContent = result.body.message || say.failed;
          button("save").disabled = false;
        })
        .catch(function () { status.textContent = say.failed; button("save").disabled = false; });
    });
    buttons("idle");
  });
})();

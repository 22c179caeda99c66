/* Coding sessions without reloading: buttons are sent in the background, and the live part
   of the page is drawn again whenever the session changes, on any screen.

   The server sends a joined screen its new panel (and the big screen the word "changed")
   over Server-Sent Events; if those cannot be opened (an old browser, a proxy, or the
   server's limit of live screens), the page asks every two seconds instead. Without JavaScript every button still works as a normal form.
   Focus stays on the button that was pressed, and a half-typed new theme is kept. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  live.parentNode.insertBefore(status, live.nextSibling);
  var polling = null;
  var sending = 0;      // taps sent from this screen and not yet answered
  var heard = 0;        // the newest version an event named while a tap was on its way
  var refusal = null;   // a message shown when the server refused a tap with an error page

  function panel() { return live.querySelector(".panel"); }
  function version() { return Number(panel().getAttribute("data-version")); }

  // The panel in a reply, or null when the reply is some other page (an error page, sign-in).
  function panelIn(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.querySelector(".panel");
  }

  // The tap was refused with a whole error page (say the page was open across a server
  // restart, so its form is out of date): say so on the page instead of reloading silently,
  // which would lose the tap without a word. The server's own words when it gave some.
  function showRefusal(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var words = ["main h1", "main p"].map(function (selector) {
      var found = page.querySelector(selector);
      return found ? found.textContent.trim() : "";
    }).filter(Boolean).join(". ").replace(/\.\./g, ".");
    if (!refusal) {
      refusal = document.createElement("div");
      refusal.className = "notice notice--error";
      refusal.setAttribute("role", "alert");
      refusal.id = "live-refused";
      refusal.tabIndex = -1;
      live.parentNode.insertBefore(refusal, live);
    }
    refusal.textContent = "";
    var message = document.createElement("p");
    message.textContent = words || live.getAttribute("data-refused");
    var again = document.createElement("a");
    again.className = "button";
    again.href = window.location.href;
    again.textContent = live.getAttribute("data-reload");
    refusal.appendChild(message);
    refusal.appendChild(again);
    refusal.focus();
  }

  function swap(html, keepTyped) {
    if (!panelIn(html)) { window.location.reload(); return; }
    if (refusal) { refusal.remove(); refusal = null; }
    var before = panel();
    var active = document.activeElement;
    var key = active && live.contains(active) ? active.getAttribute("data-key") || active.id : null;
    var typed = live.querySelector("#new-theme-words");
    var typedValue = keepTyped && typed ? typed.value : "";
    var filters = live.querySelector(".session-filters");
    var filtersOpen = filters && filters.open;
    var oldAnswer = before.getAttribute("data-answer");
    var players = keptPlayers();
    live.innerHTML = html;
    putPlayersBack(players);
    var after = panel();
    var input = live.querySelector("#new-theme-words");
    if (input && typedValue) { input.value = typedValue; }
    var newFilters = live.querySelector(".session-filters");
    if (newFilters && filtersOpen) { newFilters.open = true; }
    if (key) {
      var again = live.querySelector('[data-key="' + key + '"]') || document.getElementById(key);
      if (again) { again.focus(); }
    }
    if (after.getAttribute("data-answer") !== oldAnswer) {
      var words = live.querySelector("#progress-words");
      status.textContent = words ? words.textContent : "";
    }
  }

  // The reply to a tap that changed only some parts of the panel (the server sends them
  // alone when this screen showed the version just before the tap): put those parts in
  // place, keeping focus, and every form's answer in step. A reply no newer than the panel
  // shown is left out (an event brought the whole panel first); a part with no place to go
  // (the screen showed something else) fetches the whole panel instead.
  function patch(incoming) {
    if (Number(incoming.getAttribute("data-version")) <= version()) { return; }
    var parts = Array.prototype.slice.call(incoming.children);
    var places = parts.map(function (part) {
      return live.querySelector('[data-part="' + part.getAttribute("data-part") + '"]');
    });
    if (places.indexOf(null) !== -1) { refresh(); return; }
    if (refusal) { refusal.remove(); refusal = null; }
    var before = panel();
    var active = document.activeElement;
    var key = active && live.contains(active) ? active.getAttribute("data-key") : null;
    var oldAnswer = before.getAttribute("data-answer");
    var players = keptPlayers();
    parts.forEach(function (part, n) { places[n].replaceWith(part); });
    putPlayersBack(players);
    before.setAttribute("data-version", incoming.getAttribute("data-version"));
    before.setAttribute("data-answer", incoming.getAttribute("data-answer"));
    Array.prototype.forEach.call(live.querySelectorAll('input[name="answer_id"]'), function (input) {
      input.value = incoming.getAttribute("data-answer");
    });
    Array.prototype.forEach.call(live.querySelectorAll(".notice"), function (notice) { notice.remove(); });
    if (key) {
      var again = live.querySelector('[data-key="' + key + '"]');
      if (again) { again.focus(); }
    }
    if (incoming.getAttribute("data-answer") !== oldAnswer) {
      var words = live.querySelector("#progress-words");
      status.textContent = words ? words.textContent : "";
    }
  }

  // A recording being listened to must not stop when someone else taps a theme: the same
  // player (by its recording) goes back in the new panel in the same task, so it plays on.
  function keptPlayers() {
    var kept = {};
    Array.prototype.forEach.call(live.querySelectorAll("audio[data-key]"), function (audio) {
      kept[audio.getAttribute("data-key")] = audio;
    });
    return kept;
  }

  function putPlayersBack(kept) {
    Array.prototype.forEach.call(live.querySelectorAll("audio[data-key]"), function (audio) {
      var old = kept[audio.getAttribute("data-key")];
      if (old) { audio.replaceWith(old); }
    });
  }

  // A redraw from an event or a poll that is no newer than the panel shown (the reply to
  // this screen's own tap came first) is left out, so what the tap said, such as what
  // Undo took back, stays on the screen.
  function swapIfNewer(html) {
    var incoming = panelIn(html);
    if (incoming && Number(incoming.getAttribute("data-version")) <= version()) { return; }
    swap(html, true);
  }

  function refresh() {
    return fetch(live.getAttribute("data-fragment"), {headers: {"X-Live": "1"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { swapIfNewer(html); } })
      .catch(function () {});   // the network dropped: the next change or poll tries again
  }

  // Put back what the person typed or ticked in a refused form (new theme, filters).
  function restore(action, data) {
    var again = live.querySelector('form[action="' + action + '"]');
    if (!again) { return; }
    Array.prototype.forEach.call(again.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = data.getAll(el.name).indexOf(el.value) !== -1;
      } else if (data.has(el.name)) {
        el.value = data.get(el.name);
      }
    });
  }

  // The network failed: send it the ordinary way. form.submit() leaves out the pressed
  // button's name and value (such as Move's "to"), so carry them in a hidden field.
  function sendPlainly(form, submitter) {
    if (submitter && submitter.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    form.submit();
  }

  live.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-live]");
    if (!form) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    var isNewTheme = form.classList.contains("new-theme");
    sending += 1;
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Live": "1", "X-Shown-Version": String(version())}})
      .then(function (response) {
        return response.text().then(function (html) { return {ok: response.ok, html: html}; });
      })
      .then(function (reply) {
        answered(reply, form, data, isNewTheme);
        sent();
      })
      .catch(function () { sent(); sendPlainly(form, event.submitter); });
  });

  function answered(reply, form, data, isNewTheme) {
    var incoming = panelIn(reply.html);
    if (!reply.ok && !incoming) { showRefusal(reply.html); return; }
    if (incoming && incoming.hasAttribute("data-parts")) { patch(incoming); return; }
    // A made theme clears its box; a refused one keeps what the person typed or ticked.
    swap(reply.html, !isNewTheme || !reply.ok);
    if (!reply.ok) { restore(form.getAttribute("action"), data); }
  }

  function sent() {
    sending -= 1;
    if (sending) { return; }
    if (heard > version()) { refresh(); }
    heard = 0;
  }

  function poll() {
    if (polling) { return; }
    polling = window.setInterval(function () {
      var url = live.getAttribute("data-fragment") + "&since=" + version();
      fetch(url, {headers: {"X-Live": "1"}, credentials: "same-origin"})
        .then(function (response) { return response.status === 200 ? response.text() : null; })
        .then(function (html) { if (html) { swapIfNewer(html); } })
        .catch(function () {});
    }, 2000);
  }

  if (!window.EventSource || live.hasAttribute("data-poll-only")) { poll(); return; }
  // panels=1: this script draws a panel sent in an event (an older copy asks for versions).
  var events = live.getAttribute("data-events");
  var source = new EventSource(events + (events.indexOf("?") === -1 ? "?" : "&") + "panels=1");
  // A joined screen is sent its new panel in the event; the big screen only the version,
  // and fetches its panel when someone else changed something.
  source.addEventListener("panel", function (event) { swapIfNewer(event.data); });
  // The big screen hears of its own taps too, usually before their replies: it waits for
  // the reply, then fetches only if the event named something newer.
  source.onmessage = function (event) {
    if (sending) { heard = Math.max(heard, Number(event.data)); return; }
    if (Number(event.data) !== version()) { refresh(); }
  };
  // "ended": the session finished (the panel fetched says so), or this person may no longer
  // see it (signed out elsewhere, the tablet taken back): then the page is loaded again,
  // which takes them to where they can sign in, instead of a screen that silently stops.
  source.addEventListener("ended", function (event) {
    source.close();
    if (event.data === "gone") { window.location.reload(); } else { refresh(); }
  });
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) { poll(); }
  };
}());

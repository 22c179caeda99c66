/* The interview app: every screen of an interview, drawn in <main>, working with no network.

   All state lives in IndexedDB (db.js) and is written on every tap, and within 250 ms of
   typing, so closing the browser or losing power loses nothing. The words come from
   /tablet/interview/messages.json (English and Welsh, from the server's translations);
   the questionnaire and its pictures were kept on the tablet by "Get ready". The home
   screen's lists of interviews, and sending them, are in outbox.js (with sync.js).

   An interview is {id, questionnaire_version, interviewer, participant_code, language,
   started_at, finished_at, consent, share_words, answers: {question key: answer}, state,
   screen}. share_words is null unless the questionnaire asks "can we use your words on
   posters?" (after a yes to taking part) and the person answered: then true or false.
   Its language is the one the consent was given in: switching language before the
   consent changes it, switching later (for one question, say) does not. */
(function () {
  "use strict";
  var DB = self.PSDB, CONFIG = self.PS_CONFIG;
  var LANGS = ["en", "cy"];
  var SPEECH_LANG = {en: "en-GB", cy: "cy-GB"};
  var CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  var TYPING_DELAY = 250;   // ms: typing is written at most this long after the last key
  var SYNC_EVERY = 60000;

  var S = {
    lang: "en", messages: {}, device: null, bundles: {}, ready: [], persisted: null,
    interview: null,          // the interview on screen, if any
    screen: {name: "home"},
    status: null,             // the last sending message, shown on the home screen (outbox.js)
    confirming: null          // the question key whose "take out" is being confirmed
  };
  var main = document.getElementById("screen");
  var live = document.getElementById("status");

  /* ---------------------------------------------------------------- words */

  function t(key, values) {
    var text = (S.messages[S.lang] || {})[key];
    if (text === undefined) text = (S.messages.en || {})[key] || key;
    return text.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  function words(map) {            // a document text object, in the language on screen
    if (!map) return "";
    return map[S.lang] || map.en || map.cy || "";
  }

  function when(iso) {
    var locale = S.lang === "cy" ? "cy-GB" : "en-GB";
    try {
      return new Date(iso).toLocaleString(locale, {weekday: "long", hour: "2-digit", minute: "2-digit"});
    } catch (error) {
      return new Date(iso).toLocaleString();
    }
  }

  function say(text) {             // the polite live region
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  /* ---------------------------------------------------------------- building the page */

  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "class") el.className = value;
      else if (name === "text") el.textContent = value;
      else if (name.indexOf("on") === 0) el.addEventListener(name.slice(2), value);
      else if (name === "value") el.value = value;
      else el.setAttribute(name, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }

  function add(el, kid) {
    if (kid === null || kid === undefined || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(el, k); }); return; }
    el.appendChild(kid.nodeType ? kid : document.createTextNode(String(kid)));
  }

  function heading(text, extraClass) {
    return h("h1", {class: "screen-heading" + (extraClass ? " " + extraClass : ""), tabindex: "-1", id: "screen-heading", text: text});
  }

  function button(text, onclick, kind, attrs) {
    var el = h("button", Object.assign({type: "button", class: "button" + (kind ? " button--" + kind : ""),
                                         onclick: onclick}, attrs || {}));
    add(el, text);
    return el;
  }

  function fileUrl(pictureId) {
    var bundle = currentBundle();
    if (!pictureId || !bundle) return null;
    return bundle.files[pictureId] || null;
  }

  function picture(pictureId, size) {
    var src = fileUrl(pictureId);
    return src ? h("img", {src: src, alt: "", width: size, height: size}) : null;
  }

  // The home screen's lists and sending them (outbox.js), drawn with these helpers.
  var Outbox = self.PSOutbox({state: S, t: t, h: h, add: add, button: button, say: say, when: when,
                              carryOn: carryOn});

  /* ---------------------------------------------------------------- interviews */

  function uuid() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function participantCode() {
    var b = new Uint8Array(6), code = "";
    crypto.getRandomValues(b);
    for (var i = 0; i < 6; i++) code += CODE_ALPHABET[b[i] % CODE_ALPHABET.length];
    return code;
  }

  function currentBundle() {
    return S.interview ? S.bundles[S.interview.questionnaire_version] : null;
  }

  function questions() {
    var bundle = currentBundle();
    return bundle ? bundle.document.questions : [];
  }

  function question(key) {
    return questions().filter(function (q) { return q.key === key; })[0] || null;
  }

  // Does this questionnaire ask whether the person's words may go on posters?
  function asksToShare() {
    var bundle = currentBundle();
    return Boolean(bundle && bundle.document.share_consent);
  }

  // The screen before the first question: the sharing question, if asked, else consent.
  function beforeQuestions() {
    return asksToShare() ? {name: "share"} : {name: "consent"};
  }

  function answerKeys(value) {
    if (Array.isArray(value)) return value.map(function (v) { return v && typeof v === "object" ? v.option : v; });
    return [value];
  }

  function shown(q, answers) {
    var c = q.condition;
    if (!c) return true;
    var a = answers[c.question];
    if (!a || a.status !== "answered") return false;
    return answerKeys(a.value).some(function (key) { return c.options.indexOf(key) !== -1; });
  }

  function visibleQuestions() {
    var answers = S.interview.answers;
    return questions().filter(function (q) { return shown(q, answers); });
  }

  // Drop every answer whose question is no longer asked (in order, so it cascades).
  function prune(answers) {
    var dropped = [];
    questions().forEach(function (q) {
      if (answers[q.key] && !shown(q, answers)) { delete answers[q.key]; dropped.push(q); }
    });
    return dropped;
  }

  var saveTimer = null;
  function save(now) {
    var iv = S.interview;
    if (!iv) return Promise.resolve();
    iv.updated_at = new Date().toISOString();
    window.clearTimeout(saveTimer);
    if (now) return put(iv);
    return new Promise(function (resolve) {
      saveTimer = window.setTimeout(function () { saveTimer = null; put(iv).then(resolve); }, TYPING_DELAY);
    });
  }

  // <body data-saving> while a write to the tablet's storage is under way: a screen shows
  // at once, its write finishes a moment later (tests wait for it before a reload).
  var writing = 0;
  function put(iv) {
    writing += 1;
    document.body.setAttribute("data-saving", "true");
    function done() {
      writing -= 1;
      if (!writing) document.body.removeAttribute("data-saving");
    }
    return DB.put("interviews", iv).then(function (value) { done(); return value; },
                                         function (error) { done(); throw error; });
  }
  function flush() { if (saveTimer) { save(true); } }

  function setAnswer(q, status, value, quiet) {
    var iv = S.interview, old = iv.answers[q.key];
    iv.answers[q.key] = {id: old ? old.id : uuid(), question: q.key, status: status,
                         value: status === "answered" ? value : null,
                         answered_at: new Date().toISOString()};
    prune(iv.answers);
    return save(!quiet);
  }

  function clearAnswer(q, quiet) {
    delete S.interview.answers[q.key];
    prune(S.interview.answers);
    return save(!quiet);
  }

  function chosenDreams(q) {
    var a = S.interview.answers[q.key];
    return a && a.status === "answered" && Array.isArray(a.value) ? a.value : [];
  }

  // A numeric short answer that cannot be sent: the words saying why, else null.
  function problemOf(q, a) {
    if (!a || a.status !== "answered" || q.kind !== "short_answer" || !q.numeric) return null;
    var text = String(a.value).trim();
    var n = /^-?\d+$/.test(text) ? parseInt(text, 10) : NaN;
    var low = typeof q.min === "number", high = typeof q.max === "number";
    if (!isNaN(n) && (!low || n >= q.min) && (!high || n <= q.max)) return null;
    if (low && high) return t("number_range", {min: q.min, max: q.max});
    if (low) return t("number_min", {min: q.min});
    if (high) return t("number_max", {max: q.max});
    return t("number_whole");
  }

  // The interview exactly as POST /api/v1/sync takes it (docs/api.md).
  function payload(iv) {
    var answers = [];
    questions().forEach(function (q) {
      var a = iv.answers[q.key];
      if (!a || !iv.consent) return;
      var value = a.value;
      if (a.status === "answered") {
        if (q.kind === "short_answer" && q.numeric) value = parseInt(String(value).trim(), 10);
        else if (q.kind === "free_text" || q.kind === "short_answer") {
          value = String(value).trim();
          if (!value) return;
        } else if (q.kind === "dream_trigger") {
          value = value.map(function (d) { return {option: d.option, text: (d.text || "").trim()}; });
        }
      }
      answers.push({id: a.id, question: q.key, status: a.status, value: a.status === "answered" ? value : null,
                    answered_at: a.answered_at});
    });
    var sent = {id: iv.id, questionnaire_version: iv.questionnaire_version, interviewer: iv.interviewer,
                participant_code: iv.participant_code, language: iv.language, started_at: iv.started_at,
                finished_at: iv.finished_at, consent: iv.consent, answers: answers};
    if (asksToShare()) sent.share_words = iv.consent && typeof iv.share_words === "boolean" ? iv.share_words : null;
    return sent;
  }

  /* ---------------------------------------------------------------- moving between screens */

  function go(screen) {
    flush();
    S.screen = screen;
    S.confirming = null;
    if (S.interview) {
      if (screen.name === "home" || screen.name === "thanks") {
        sessionStorage.removeItem("peersurvey-current");
        if (screen.name === "home") S.interview = null;
      } else {
        S.interview.screen = screen;
        sessionStorage.setItem("peersurvey-current", S.interview.id);
        save(true);
      }
    }
    render(true);
  }

  function lastScreenOf(q, back) {
    var dreams = q.kind === "dream_trigger" ? chosenDreams(q) : [];
    if (dreams.length) return {name: "dream", key: q.key, option: dreams[dreams.length - 1].option, back: back};
    return {name: "question", key: q.key, back: back};
  }

  function afterQuestion(key, back) {
    var qs = visibleQuestions();
    var at = qs.map(function (q) { return q.key; }).indexOf(key);
    if (back === "check") {
      // After a change, ask only what the change has newly opened up, then check again.
      var opened = qs.slice(at + 1).filter(function (q) {
        return !S.interview.answers[q.key] && q.condition && q.condition.question === key;
      })[0];
      return opened ? {name: "question", key: opened.key, back: "check"} : {name: "check"};
    }
    var next = qs[at + 1];
    return next ? {name: "question", key: next.key} : {name: "check"};
  }

  function beforeQuestion(key, back) {
    if (back === "check") return {name: "check"};
    var qs = visibleQuestions();
    var at = qs.map(function (q) { return q.key; }).indexOf(key);
    return at > 0 ? lastScreenOf(qs[at - 1]) : beforeQuestions();
  }

  /* ---------------------------------------------------------------- the screens */

  function render(moveFocus) {
    main.textContent = "";
    var screen = S.screen;
    var draw = SCREENS[screen.name] || SCREENS.home;
    if (S.interview === null && ["home", "not_ready", "thanks"].indexOf(screen.name) === -1) draw = SCREENS.home;
    add(main, draw(screen));
    var h1 = document.getElementById("screen-heading");
    document.title = (h1 ? h1.textContent : "peersurvey") + " – peersurvey";
    if (moveFocus && h1) h1.focus();
  }

  var SCREENS = {};
  var SHARE_PICTURE = "/static/easyread/pictures/1F4AC.svg";

  SCREENS.not_ready = function () {
    return [heading(t("not_ready_title")),
            h("p", {text: t("not_ready_text")}),
            h("p", {}, h("a", {class: "button", href: "/tablet/", text: t("not_ready_link")}))];
  };

  SCREENS.home = function () {
    if (!S.device) return SCREENS.not_ready();
    var device = S.device;
    var parts = [heading(t("home_title"))];
    parts.push(h("div", {class: "person-banner"},
      device.interviewer.picture ? h("img", {class: "avatar", src: device.interviewer.picture, alt: "", width: 96, height: 96}) : null,
      h("div", {},
        h("p", {class: "person-banner__name", text: device.interviewer.name}),
        h("p", {class: "muted", text: t("home_project", {project: device.project.name})}))));
    if (S.persisted === false) {
      parts.push(h("div", {class: "notice notice--warning", role: "note"}, h("p", {text: t("persist_refused")})));
    }
    var news = h("div", {id: "withdrawn-news"});      // filled with the lists, below
    parts.push(news);

    var ready = S.ready.map(function (id) { return S.bundles[id]; }).filter(Boolean);
    parts.push(h("h2", {text: t("questionnaires_heading")}));
    if (!ready.length) parts.push(h("p", {text: t("no_questionnaires")}));
    parts.push(h("ul", {class: "card-list"}, ready.map(function (bundle) {
      var titleId = "questionnaire-" + bundle.version_id;
      return h("li", {class: "card"},
        h("p", {class: "card__title", id: titleId, text: words(bundle.document.title)}),
        h("p", {}, button(t("start_interview"), function () { start(bundle); }, null,
                          {"aria-describedby": titleId, "data-version": bundle.version_id, class: "button start-button"})));
    })));

    var lists = h("div", {id: "lists"});
    parts.push(lists);
    Outbox.fill(lists, news);
    return parts;
  };

  SCREENS.start = function () {
    var iv = S.interview;
    return [heading(t("start_title")),
      h("p", {class: "lead-text", id: "code-intro", text: t("code_intro")}),
      h("p", {class: "participant-code", id: "participant-code", "aria-describedby": "code-intro",
              text: iv.participant_code}),
      h("p", {text: t("code_hint")}),
      h("div", {class: "pager"},
        button(t("cancel_start"), cancelStart, "secondary"),
        button(t("next"), function () { go({name: "consent"}); }, null, {id: "next"}))];
  };

  function paragraphs(text) {
    return text.split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(Boolean);
  }

  // Read aloud for a page of paragraphs and two answers: each paragraph, then each answer.
  function readAloudTexts(texts) {
    return readAloud(texts.map(function (text) { return {audio: null, text: text}; }));
  }

  SCREENS.consent = function () {
    var bundle = currentBundle();
    var paras = paragraphs(words(bundle.document.consent));
    return [heading(t("consent_title")),
      h("div", {class: "consent"}, paras.map(function (p) { return h("p", {text: p}); })),
      readAloudTexts(paras.concat([t("consent_yes"), t("consent_no")])),
      h("div", {class: "answer-grid answer-grid--consent"},
        h("button", {type: "button", class: "answer-button", id: "consent-yes",
                     "aria-pressed": S.interview.consent === true ? "true" : "false", onclick: consentYes},
          h("img", {src: "/static/easyread/pictures/2705.svg", alt: "", width: 96, height: 96}),
          h("span", {text: t("consent_yes")})),
        h("button", {type: "button", class: "answer-button", id: "consent-no", onclick: consentNo},
          h("img", {src: "/static/easyread/pictures/274C.svg", alt: "", width: 96, height: 96}),
          h("span", {text: t("consent_no")}))),
      h("div", {class: "pager"}, button(t("back"), function () { go({name: "start"}); }, "secondary"))];
  };

  // "Can we use your words on posters?": its own page after a yes to taking part.
  SCREENS.share = function (screen) {
    var iv = S.interview;
    if (!asksToShare() || !iv.consent) { window.setTimeout(function () { go({name: "consent"}); }); return []; }
    var paras = paragraphs(words(currentBundle().document.share_consent));
    function choice(yes) {
      return h("button", {type: "button", class: "answer-button", id: yes ? "share-yes" : "share-no",
                          "aria-pressed": iv.share_words === yes ? "true" : "false",
                          onclick: function () { shareWords(yes, screen.back); }},
        h("img", {src: "/static/easyread/pictures/" + (yes ? "2705" : "274C") + ".svg", alt: "", width: 96, height: 96}),
        h("span", {text: t(yes ? "share_yes" : "share_no")}));
    }
    return [heading(t("share_title")),
      h("div", {class: "ask ask--share"},
        h("div", {class: "ask__picture"}, h("img", {src: SHARE_PICTURE, alt: "", width: 240, height: 240})),
        h("div", {class: "ask__main"},
          h("div", {class: "consent", id: "share-words"}, paras.map(function (p) { return h("p", {text: p}); })),
          readAloudTexts(paras.concat([t("share_yes"), t("share_no")])),
          h("div", {class: "answer-grid answer-grid--consent", role: "group", "aria-labelledby": "share-words"},
            choice(true), choice(false)))),
      h("div", {class: "pager"}, button(t("back"), function () {
        go(screen.back === "check" ? {name: "check"} : {name: "consent"});
      }, "secondary", {id: "back"}))];
  };

  function progressLine(q) {
    var qs = visibleQuestions();
    var at = qs.indexOf(q);
    return h("p", {class: "ask__progress", text: t("progress", {number: at + 1, total: qs.length})});
  }

  // Read aloud: the question, then each answer to choose from, in the language on screen.
  // Each part uses the group's own recording where there is one, else the browser's voice;
  // the button hides itself when neither exists for any part.
  function readAloud(parts) {
    var items = parts.map(function (part) {
      return {src: part.audio ? fileUrl(part.audio) : null, text: part.text};
    });
    var icon = h("img", {src: "/static/collect/speaker.svg", alt: "", width: 24, height: 24});
    var el = button([icon, t("read_aloud")], function () { speakAll(items); }, "secondary",
                    {class: "button button--secondary read-aloud-button"});
    var voice = voiceFor(S.lang);
    if (!items.some(function (item) { return item.src || (voice && item.text); })) el.hidden = true;
    return el;
  }

  function partsOf(q) {
    var parts = [{audio: q.audio ? q.audio[S.lang] : null, text: words(q.text)}];
    (q.options || []).forEach(function (o) {
      parts.push({audio: o.audio ? o.audio[S.lang] : null, text: words(o.text)});
    });
    (currentBundle().fixed_answers[q.kind] || []).forEach(function (f) { parts.push({audio: null, text: words(f.words)}); });
    return parts;
  }

  function voiceFor(lang) {
    if (!("speechSynthesis" in self)) return null;
    return speechSynthesis.getVoices().filter(function (v) {
      return v.lang && v.lang.toLowerCase().replace("_", "-").indexOf(lang) === 0;
    })[0] || null;
  }

  var playing = null;
  var reading = 0;                  // bumped to stop an earlier reading part-way
  function speakAll(items) {
    if (playing) { playing.pause(); playing = null; }
    if ("speechSynthesis" in self) speechSynthesis.cancel();
    var run = ++reading;
    var which = document.querySelector(".read-aloud-button");
    function next(i) {
      if (run !== reading || i >= items.length) return;
      var item = items[i];
      if (item.src) {
        // Through fetch, so the kept copy answers even with no network.
        fetch(item.src).then(function (r) { return r.blob(); }).then(function (blob) {
          if (run !== reading) return;
          playing = new Audio(URL.createObjectURL(blob));
          playing.addEventListener("playing", function () { if (which) which.setAttribute("data-played", "true"); });
          playing.addEventListener("ended", function () { next(i + 1); });
          return playing.play();
        }).catch(function () { next(i + 1); });
        return;
      }
      var voice = voiceFor(S.lang);
      if (!voice || !item.text) { next(i + 1); return; }
      var utterance = new SpeechSynthesisUtterance(item.text);
      utterance.lang = SPEECH_LANG[S.lang];
      utterance.voice = voice;
      utterance.addEventListener("end", function () { next(i + 1); });
      speechSynthesis.speak(utterance);
    }
    next(0);
  }

  function otherAnswers(q, onChange) {
    var a = S.interview.answers[q.key];
    function other(status, label) {
      return h("button", {type: "button", class: "answer-button answer-button--other", "data-status": status,
                          "aria-pressed": a && a.status === status ? "true" : "false",
                          onclick: function () {
                            var now = S.interview.answers[q.key];
                            var p = now && now.status === status ? clearAnswer(q) : setAnswer(q, status, null);
                            onChange();
                            return p;
                          }}, h("span", {text: label}));
    }
    return h("div", {class: "answer-grid answer-grid--other"},
      other("skipped", t("skip")), other("dont_know", t("dont_know")));
  }

  function markPressed(box, q) {
    var a = S.interview.answers[q.key];
    var keys = a && a.status === "answered" ? answerKeys(a.value) : [];
    box.querySelectorAll(".answer-button[data-key]").forEach(function (b) {
      b.setAttribute("aria-pressed", keys.indexOf(b.getAttribute("data-key")) !== -1 ? "true" : "false");
    });
    box.querySelectorAll(".answer-button[data-status]").forEach(function (b) {
      b.setAttribute("aria-pressed", a && a.status === b.getAttribute("data-status") ? "true" : "false");
    });
    var field = box.querySelector(".answer-text");
    if (field && (!a || a.status !== "answered")) field.value = "";
  }

  function choiceButtons(q, choices, multiple) {
    var grid = h("div", {class: "answer-grid answer-grid--" + q.kind});
    choices.forEach(function (c) {
      add(grid, h("button", {type: "button", class: "answer-button", "data-key": c.key, "aria-pressed": "false",
                             onclick: function () { choose(q, c.key, multiple); }},
        c.picture ? picture(c.picture, 96) : null, h("span", {text: c.words})));
    });
    return grid;
  }

  function choose(q, key, multiple) {
    var a = S.interview.answers[q.key];
    var value;
    if (q.kind === "dream_trigger") {
      var kept = a && a.status === "answered" ? a.value.slice() : [];
      var found = kept.filter(function (d) { return d.option === key; })[0];
      kept = found ? kept.filter(function (d) { return d !== found; }) : kept.concat([{option: key, text: ""}]);
      var order = q.options.map(function (o) { return o.key; });
      value = kept.sort(function (x, y) { return order.indexOf(x.option) - order.indexOf(y.option); });
    } else if (multiple) {
      var list = a && a.status === "answered" ? a.value.slice() : [];
      value = list.indexOf(key) === -1 ? list.concat([key]) : list.filter(function (k) { return k !== key; });
      var all = q.options.map(function (o) { return o.key; });
      value.sort(function (x, y) { return all.indexOf(x) - all.indexOf(y); });
    } else {
      value = key;
    }
    if (Array.isArray(value) && !value.length) clearAnswer(q); else setAnswer(q, "answered", value);
    markPressed(document.getElementById("answers"), q);
  }

  SCREENS.question = function (screen) {
    var q = question(screen.key);
    if (!q || !shown(q, S.interview.answers)) { window.setTimeout(function () { go(afterQuestion(screen.key, screen.back)); }); return []; }
    var a = S.interview.answers[q.key];
    var bundle = currentBundle();
    var box = h("div", {class: "ask__answers", id: "answers", role: "group", "aria-labelledby": "screen-heading"});
    var error = h("p", {class: "field__error", id: "answer-error", hidden: true});

    if (q.kind === "picture_choice" || q.kind === "dream_trigger") {
      var multiple = q.kind === "dream_trigger" || q.multiple;
      add(box, choiceButtons(q, q.options.map(function (o) {
        return {key: o.key, words: words(o.text), picture: o.picture};
      }), multiple));
      if (multiple) add(box, h("p", {class: "ask__hint", text: t(q.kind === "dream_trigger" ? "dream_hint" : "choose_more")}));
    } else if (q.kind === "feelings" || q.kind === "yes_no") {
      add(box, choiceButtons(q, (bundle.fixed_answers[q.kind] || []).map(function (f) {
        return {key: f.key, words: words(f.words), picture: f.picture};
      }), false));
    } else {
      var long = q.kind === "free_text";
      var field = h(long ? "textarea" : "input", {
        class: "field__input answer-text", id: "answer-text", rows: long ? 5 : null,
        maxlength: long ? 5000 : (q.numeric ? 12 : 200), inputmode: q.numeric ? "numeric" : null,
        autocomplete: "off", spellcheck: long ? "true" : null,
        "aria-describedby": "answer-error",
        value: a && a.status === "answered" ? String(a.value) : ""});
      field.addEventListener("input", function () {
        error.hidden = true;
        field.removeAttribute("aria-invalid");
        if (field.value === "") clearAnswer(q, true); else setAnswer(q, "answered", field.value, true);
        markPressed(box, q);
      });
      add(box, h("label", {class: "field__label", for: "answer-text", text: t(long ? "their_words" : "their_answer")}));
      add(box, error);
      add(box, field);
    }
    add(box, otherAnswers(q, function () { markPressed(box, q); }));
    markPressed(box, q);

    var note = words(q.note);
    var view = [
      progressLine(q),
      h("div", {class: "ask"},
        h("div", {class: "ask__picture"}, picture(q.picture, 240)),
        h("div", {class: "ask__main"},
          heading(words(q.text), "ask__question"),
          readAloud(partsOf(q)),
          box),
        note ? h("aside", {class: "ask__note", "aria-label": t("note_title")},
                 h("p", {class: "ask__note-title", text: t("note_title")}), h("p", {text: note})) : null),
      h("div", {class: "pager"},
        button(t("back"), function () { go(beforeQuestion(q.key, screen.back)); }, "secondary", {id: "back"}),
        button(t("next"), function () {
          var problem = problemOf(q, S.interview.answers[q.key]);
          if (problem) {
            error.textContent = problem;
            error.hidden = false;
            var input = document.getElementById("answer-text");
            input.setAttribute("aria-invalid", "true");
            input.focus();
            say(problem);
            return;
          }
          var dreams = q.kind === "dream_trigger" ? chosenDreams(q) : [];
          go(dreams.length ? {name: "dream", key: q.key, option: dreams[0].option, back: screen.back}
                           : afterQuestion(q.key, screen.back));
        }, null, {id: "next"}))];
    if (!a || problemOf(q, a) === null) return view;
    error.textContent = problemOf(q, a);
    error.hidden = false;
    return view;
  };

  SCREENS.dream = function (screen) {
    var q = question(screen.key);
    var dreams = q ? chosenDreams(q) : [];
    var at = dreams.map(function (d) { return d.option; }).indexOf(screen.option);
    if (at === -1) { window.setTimeout(function () { go(q ? afterQuestion(q.key, screen.back) : {name: "check"}); }); return []; }
    var dream = dreams[at];
    var option = q.options.filter(function (o) { return o.key === dream.option; })[0];
    var prompt = words(option.prompt) || t("dream_prompt", {option: words(option.text)});
    var field = h("textarea", {class: "field__input answer-text", id: "answer-text", rows: 5, maxlength: 5000,
                               spellcheck: "true", value: dream.text || ""});
    field.addEventListener("input", function () {
      dream.text = field.value;
      S.interview.answers[q.key].answered_at = new Date().toISOString();
      save();
    });
    var note = words(q.note);
    return [
      h("p", {class: "ask__progress"}, t("progress", {number: visibleQuestions().indexOf(q) + 1, total: visibleQuestions().length}),
        " · ", t("dream_progress", {number: at + 1, total: dreams.length})),
      h("div", {class: "ask"},
        h("div", {class: "ask__picture"}, picture(option.picture, 240)),
        h("div", {class: "ask__main"},
          heading(prompt, "ask__question"),
          readAloud([{audio: null, text: prompt}]),
          h("label", {class: "field__label", for: "answer-text", text: t("their_words")}),
          field),
        note ? h("aside", {class: "ask__note", "aria-label": t("note_title")},
                 h("p", {class: "ask__note-title", text: t("note_title")}), h("p", {text: note})) : null),
      h("div", {class: "pager"},
        button(t("back"), function () {
          go(at > 0 ? {name: "dream", key: q.key, option: dreams[at - 1].option, back: screen.back}
                    : {name: "question", key: q.key, back: screen.back});
        }, "secondary", {id: "back"}),
        button(t("next"), function () {
          go(at < dreams.length - 1 ? {name: "dream", key: q.key, option: dreams[at + 1].option, back: screen.back}
                                    : afterQuestion(q.key, screen.back));
        }, null, {id: "next"}))];
  };

  function answerInWords(q, a) {
    if (a.status === "skipped") return [h("p", {text: t("skip")})];
    if (a.status === "dont_know") return [h("p", {text: t("dont_know")})];
    var bundle = currentBundle();
    function choice(key) {
      var found = (q.kind === "feelings" || q.kind === "yes_no")
        ? (bundle.fixed_answers[q.kind] || []).filter(function (f) { return f.key === key; }).map(function (f) { return {words: words(f.words), picture: f.picture}; })[0]
        : (q.options || []).filter(function (o) { return o.key === key; }).map(function (o) { return {words: words(o.text), picture: o.picture}; })[0];
      return found || {words: key, picture: null};
    }
    if (q.kind === "dream_trigger") {
      return [h("ul", {class: "check-choices"}, a.value.map(function (d) {
        var c = choice(d.option);
        return h("li", {}, picture(c.picture, 64),
          h("span", {}, h("strong", {text: c.words}), h("br"), d.text && d.text.trim() ? d.text : t("nothing_said")));
      }))];
    }
    if (q.kind === "free_text" || q.kind === "short_answer") return [h("p", {class: "check-text", text: String(a.value)})];
    return [h("ul", {class: "check-choices"}, answerKeys(a.value).map(function (key) {
      var c = choice(key);
      return h("li", {}, picture(c.picture, 64), h("span", {text: c.words}));
    }))];
  }

  SCREENS.check = function () {
    var iv = S.interview;
    var answered = visibleQuestions().filter(function (q) { return iv.answers[q.key]; });
    var error = h("div", {class: "notice notice--error", id: "finish-error", role: "alert", hidden: true});
    var list = h("ol", {class: "check-list"}, answered.map(function (q, n) {
      var a = iv.answers[q.key];
      var id = "check-q-" + q.key;
      var item = h("li", {class: "check-item", id: "check-" + q.key},
        h("div", {class: "check-item__picture"}, picture(q.picture, 96)),
        h("div", {class: "check-item__body"},
          h("h2", {class: "check-item__question", id: id, text: words(q.text)}),
          answerInWords(q, a),
          problemOf(q, a) ? h("p", {class: "field__error", text: problemOf(q, a)}) : null,
          S.confirming === q.key ? confirmTakeOut(q) : h("div", {class: "button-row"},
            button(t("change"), function () { go({name: "question", key: q.key, back: "check"}); }, "secondary",
                   {"aria-describedby": id, class: "button button--secondary change-button"}),
            button(t("take_out"), function () { S.confirming = q.key; render(false); focusById("confirm-" + q.key); },
                   "warning", {"aria-describedby": id, class: "button button--warning take-out-button"}))));
      return item;
    }));
    return [heading(t("check_title")),
      h("p", {class: "lead-text", text: answered.length ? t("check_intro") : t("check_none")}),
      error,
      asksToShare() ? shareCheckItem(iv) : null,
      list,
      h("div", {class: "pager"},
        button(t("back"), function () {
          var qs = visibleQuestions();
          go(qs.length ? lastScreenOf(qs[qs.length - 1]) : beforeQuestions());
        }, "secondary", {id: "back"}),
        button(t("finish"), function () {
          var bad = answered.filter(function (q) { return problemOf(q, iv.answers[q.key]); })[0];
          if (bad) {
            error.textContent = t("finish_problem", {question: words(bad.text)});
            error.hidden = false;
            error.setAttribute("tabindex", "-1");
            error.focus();
            return;
          }
          finish(true);
        }, null, {id: "finish"}))];
  };

  // The answer to "can we use your words on posters?": changed, never taken out (No is the way out).
  function shareCheckItem(iv) {
    var yes = iv.share_words === true, no = iv.share_words === false;
    return h("div", {class: "check-item check-item--share", id: "check-share"},
      h("div", {class: "check-item__picture"}, h("img", {src: SHARE_PICTURE, alt: "", width: 96, height: 96})),
      h("div", {class: "check-item__body"},
        h("h2", {class: "check-item__question", id: "check-q-share", text: t("share_check")}),
        yes || no ? h("ul", {class: "check-choices"}, h("li", {},
          h("img", {src: "/static/easyread/pictures/" + (yes ? "2705" : "274C") + ".svg", alt: "", width: 64, height: 64}),
          h("span", {text: t(yes ? "share_yes" : "share_no")})))
          : h("p", {text: t("share_none")}),
        h("div", {class: "button-row"},
          button(t("change"), function () { go({name: "share", back: "check"}); }, "secondary",
                 {"aria-describedby": "check-q-share", class: "button button--secondary change-button"}))));
  }

  function confirmTakeOut(q) {
    // Which later answers go too, because their question was only asked after this answer.
    var copy = JSON.parse(JSON.stringify(S.interview.answers));
    delete copy[q.key];
    prune(copy);
    var also = questions().filter(function (other) {
      return other.key !== q.key && S.interview.answers[other.key] && !copy[other.key];
    });
    return h("div", {class: "confirm"},
      h("p", {class: "confirm__question", id: "confirm-" + q.key, tabindex: "-1",
              text: t("take_out_confirm", {question: words(q.text)})}),
      also.length ? [h("p", {text: t("take_out_also")}),
                     h("ul", {}, also.map(function (o) { return h("li", {text: words(o.text)}); }))] : null,
      h("div", {class: "button-row"},
        button(t("take_out_yes"), function () {
          clearAnswer(q);
          S.confirming = null;
          render(false);
          say(t("taken_out"));
          focusById("screen-heading");
        }, "warning", {class: "button button--warning confirm-yes"}),
        button(t("take_out_no"), function () {
          S.confirming = null;
          render(false);
          focusById("check-" + q.key, ".take-out-button");
        }, "secondary", {class: "button button--secondary confirm-no"})));
  }

  function focusById(id, inside) {
    var el = document.getElementById(id);
    if (el && inside) el = el.querySelector(inside);
    if (el) el.focus();
  }

  SCREENS.thanks = function (screen) {
    return [heading(t("thanks_title")),
      h("p", {class: "lead-text", text: screen.consent === false ? t("thanks_no_consent") : t("thanks_text")}),
      h("p", {}, h("span", {class: "muted", text: t("code_label") + " "}), h("strong", {class: "participant-code--small", text: screen.code})),
      h("p", {}, button(t("back_home"), function () { go({name: "home"}); }, null, {id: "home"}))];
  };

  /* ---------------------------------------------------------------- actions */

  function start(bundle) {
    var iv = {
      id: uuid(), questionnaire_version: bundle.version_id, interviewer: S.device.interviewer.id,
      participant_code: participantCode(), language: S.lang, started_at: new Date().toISOString(),
      finished_at: null, consent: null, share_words: null, answers: {}, state: "in_progress",
      screen: {name: "start"}
    };
    S.interview = iv;
    go({name: "start"});
  }

  function cancelStart() {
    var id = S.interview.id;
    S.interview = null;
    sessionStorage.removeItem("peersurvey-current");
    DB.del("interviews", id).then(function () { go({name: "home"}); });
  }

  function carryOn(id) {
    return DB.get("interviews", id).then(function (iv) {
      if (!iv || iv.state !== "in_progress") return;
      S.interview = iv;
      go(iv.screen || {name: "start"});
    });
  }

  function consentYes() {
    var iv = S.interview;
    iv.consent = true;
    iv.language = S.lang;
    if (asksToShare()) { go({name: "share"}); return; }
    firstQuestion();
  }

  function firstQuestion() {
    var first = visibleQuestions()[0];
    go(first ? {name: "question", key: first.key} : {name: "check"});
  }

  function shareWords(yes, back) {
    S.interview.share_words = yes;
    if (back === "check") go({name: "check"}); else firstQuestion();
  }

  function consentNo() {
    var iv = S.interview;
    iv.consent = false;
    iv.share_words = null;
    iv.language = S.lang;
    iv.answers = {};
    finish(false);
  }

  function finish(consent) {
    var iv = S.interview;
    iv.finished_at = new Date().toISOString();
    if (iv.finished_at < iv.started_at) iv.finished_at = iv.started_at;   // a clock put back
    iv.state = "waiting";
    iv.payload = payload(iv);
    iv.screen = null;
    var code = iv.participant_code;
    sessionStorage.removeItem("peersurvey-current");
    save(true).then(function () {
      S.interview = null;
      go({name: "thanks", consent: consent, code: code});
      if (navigator.onLine) Outbox.send(false);
    });
  }

  function setLanguage(lang) {
    if (LANGS.indexOf(lang) === -1 || lang === S.lang) return;
    flush();
    S.lang = lang;
    DB.set("lang", lang);
    var iv = S.interview;
    if (iv && iv.consent === null) { iv.language = lang; save(true); }
    applyLanguage();
    render(true);
  }

  function applyLanguage() {
    document.documentElement.lang = S.lang;
    document.querySelectorAll("[data-msg]").forEach(function (el) { el.textContent = t(el.getAttribute("data-msg")); });
    document.querySelectorAll("[data-msg-label]").forEach(function (el) {
      el.setAttribute("aria-label", t(el.getAttribute("data-msg-label")));
    });
    document.querySelectorAll(".language-button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === S.lang ? "true" : "false");
    });
  }

  /* ---------------------------------------------------------------- starting up */

  async function boot() {
    var response = await fetch("/tablet/interview/messages.json");
    S.messages = await response.json();
    var lang = await DB.setting("lang", null);
    S.lang = LANGS.indexOf(lang) !== -1 ? lang : (LANGS.indexOf(document.documentElement.lang) !== -1 ? document.documentElement.lang : "en");
    S.device = await DB.get("config", "device") || null;
    S.ready = await DB.setting("ready", []);
    (await DB.all("bundles")).forEach(function (b) { S.bundles[b.version_id] = b; });
    S.persisted = navigator.storage && navigator.storage.persisted ? await navigator.storage.persisted() : null;

    document.querySelectorAll(".language-button").forEach(function (b) {
      b.addEventListener("click", function () { setLanguage(b.getAttribute("data-lang")); });
    });
    document.querySelector(".language-switch").hidden = false;
    applyLanguage();

    // A reload in the same tab comes back to the same screen; a new visit starts at home.
    var current = sessionStorage.getItem("peersurvey-current");
    var iv = current ? await DB.get("interviews", current) : null;
    if (iv && iv.state === "in_progress" && S.bundles[iv.questionnaire_version]) {
      S.interview = iv;
      S.screen = iv.screen || {name: "start"};
    } else {
      S.screen = {name: S.device ? "home" : "not_ready"};
    }
    render(false);
    document.body.setAttribute("data-ready", "true");

    if ("serviceWorker" in navigator && CONFIG) {
      navigator.serviceWorker.register(CONFIG.worker, {scope: CONFIG.scope}).catch(function () {});
    }
    if ("speechSynthesis" in self && speechSynthesis.addEventListener) {
      // Voices arrive late on some tablets: show "Read aloud" once there is one.
      speechSynthesis.addEventListener("voiceschanged", function () {
        if (voiceFor(S.lang)) document.querySelectorAll(".read-aloud-button[hidden]").forEach(function (b) { b.hidden = false; });
      });
    }
    window.addEventListener("online", function () { Outbox.send(false); });
    window.setInterval(function () { if (navigator.onLine) Outbox.send(false); }, SYNC_EVERY);
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });
    if (navigator.onLine && S.device && S.screen.name === "home") Outbox.send(false);
  }

  boot().catch(function (error) {
    var failed = document.getElementById("load-failed");
    if (failed) failed.hidden = false;
    main.textContent = "";
    if (window.console) console.warn("peersurvey could not start", error);
  });
})();

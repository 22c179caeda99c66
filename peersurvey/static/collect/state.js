/* What the interview app knows while it runs, shared by its modules. Everything that must
   outlive the page is in IndexedDB (db.js); this is only what is on screen now.

   An interview is {id, questionnaire_version, interviewer, participant_code, language,
   started_at, finished_at, consent, share_words, record_voice, answers: {question key: answer},
   state, screen}. share_words is null unless the questionnaire asks "can we use your words on
   posters?" (after a yes to taking part) and the person answered: then true or false;
   record_voice the same for "Can we record your voice?". An answer may name recordings
   ({id, part, sha256, bytes, type, seconds}; the sound is in IndexedDB's "recordings").
   Its language is the one the consent was given in: switching language before the
   consent changes it, switching later (for one question, say) does not. */

export var LANGS = ["en", "cy"];

export var S = {
  lang: "en", messages: {}, device: null, bundles: {}, ready: [], persisted: null,
  interview: null,          // the interview on screen, if any
  screen: {name: "home"},
  status: null,             // the last sending message, shown on the home screen (outbox.js)
  confirming: null          // what is being confirmed: a question key ("take out") or "delete" (stop.js)
};

// The pictures the app itself shows (consent, sharing); written out whole, so the server
// finds them in this file and keeps them with the app (collect/views.py).
export var PICTURES = {
  yes: "/static/easyread/pictures/2705.svg",
  no: "/static/easyread/pictures/274C.svg",
  share: "/static/easyread/pictures/1F4AC.svg",
  consent: "/static/easyread/pictures/1F4CB.svg",
  speaker: "/static/collect/speaker.svg",
  stop: "/static/collect/stop.svg",
  keep: "/static/easyread/pictures/1F4C5.svg",
  bin: "/static/collect/bin.svg",
  back: "/static/collect/back.svg",
  camera: "/static/easyread/pictures/1F4F7.svg",
  microphone: "/static/easyread/pictures/1F3A4.svg"
};

/* The app's words: from /tablet/interview/messages.json (English and Welsh, from the
   server's translations), in the language on screen. */
import {S} from "./state.js";

export function t(key, values) {
  var text = (S.messages[S.lang] || {})[key];
  if (text === undefined) text = (S.messages.en || {})[key] || key;
  return text.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
    return values && values[name] !== undefined ? String(values[name]) : whole;
  });
}

export function words(map) {       // a document text object, in the language on screen
  if (!map) return "";
  return map[S.lang] || map.en || map.cy || "";
}

export function when(iso) {
  var locale = S.lang === "cy" ? "cy-GB" : "en-GB";
  try {
    return new Date(iso).toLocaleString(locale, {weekday: "long", hour: "2-digit", minute: "2-digit"});
  } catch (error) {
    return new Date(iso).toLocaleString();
  }
}

export function say(text) {        // the polite live region
  var live = document.getElementById("status");
  live.textContent = "";
  window.setTimeout(function () { live.textContent = text; }, 50);
}

export function paragraphs(text) {
  return text.split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(Boolean);
}

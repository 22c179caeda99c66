/* The app's words: from /tablet/interview/messages.json (English and Welsh, from the
   server's translations), in the language on screen. */
import {S} from "./state.js";

export function t(key, values) {
  var text = (S.messages[S.lang] || {})[key];
  if (text === undefined) text = (S.messages.en || {})[key] || key;
  return fill(text, values || {});
}

function fill(text, values) {
  return text.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
    return values[name] !== undefined ? String(values[name]) : whole;
  });
}

// A counted message (collect/messages.py COUNTED): the form for n's plural category in the
// language on screen (Welsh has six: 0, 1, 2, 3, 6 and the rest), with n in it.
export function tn(key, n, values) {
  var forms = (S.messages[S.lang] || {})[key] || (S.messages.en || {})[key];
  if (!forms) return key;
  var category = new Intl.PluralRules(S.lang === "cy" ? "cy" : "en").select(n);
  var text = forms[category] || forms.other;
  return fill(text, Object.assign({num: n}, values || {}));
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

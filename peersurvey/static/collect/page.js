/* Building the page: elements, headings, buttons and the questionnaire's pictures. */
import {currentBundle} from "./interview.js";

export function h(tag, attrs) {
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

export function add(el, kid) {
  if (kid === null || kid === undefined || kid === false) return;
  if (Array.isArray(kid)) { kid.forEach(function (k) { add(el, k); }); return; }
  el.appendChild(kid.nodeType ? kid : document.createTextNode(String(kid)));
}

export function heading(text, extraClass) {
  return h("h1", {class: "screen-heading" + (extraClass ? " " + extraClass : ""), tabindex: "-1", id: "screen-heading", text: text});
}

export function button(text, onclick, kind, attrs) {
  var el = h("button", Object.assign({type: "button", class: "button" + (kind ? " button--" + kind : ""),
                                       onclick: onclick}, attrs || {}));
  add(el, text);
  return el;
}

// A picture or recording of the questionnaire: kept on the tablet by "Get ready".
export function fileUrl(pictureId) {
  var bundle = currentBundle();
  if (!pictureId || !bundle) return null;
  return bundle.files[pictureId] || null;
}

export function picture(pictureId, size) {
  var src = fileUrl(pictureId);
  return src ? h("img", {src: src, alt: "", width: size, height: size}) : null;
}

export function focusById(id, inside) {
  var el = document.getElementById(id);
  if (el && inside) el = el.querySelector(inside);
  if (el) el.focus();
}

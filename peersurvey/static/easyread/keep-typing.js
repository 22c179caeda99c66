// Keeps what a person typed when they switch language. The switch loads the same page
// again in the other language, and a form would come back empty: half a question, a
// theme's words, a new person's name. So the switch link first puts the page's form
// values in this tab's sessionStorage; the next page load puts them back and removes
// them at once. Passwords and PINs are never kept, nor hidden fields (the CSRF token).
(function () {
  "use strict";
  var KEY = "peersurvey-kept-typing";
  var NOT_KEPT = { password: 1, hidden: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };
  var script = document.currentScript;

  function keepable(el) {
    return el.name && !NOT_KEPT[el.type] && !el.disabled;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, keepable);
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked;
    if (el.multiple) return Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
    return el.value;
  }

  function changedFromPage(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  // A page sent back after a form was sent (with its mistakes marked) holds what the
  // person typed as the page's own values, so every form there is worth keeping.
  function snapshot() {
    var sent = document.body.hasAttribute("data-form-sent");
    var kept = [];
    Array.prototype.forEach.call(document.forms, function (form, index) {
      var els = fields(form);
      if (!els.length || !(sent || els.some(changedFromPage))) return;
      kept.push({
        index: index,
        action: form.getAttribute("action") || "",
        fields: els.map(function (el) { return [el.name, valueOf(el)]; })
      });
    });
    return kept;
  }

  function put(el, value) {
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked === value) return false;
      el.checked = value;
    } else if (el.multiple) {
      Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
    } else {
      if (el.value === value) return false;
      el.value = value;
    }
    // Let the page's own scripts (picture previews, counters) see the change.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  // A form is filled in again only if it is the same form: same place, same fields in
  // the same order. Anything else is left as the page made it.
  function restoreForm(saved) {
    var form = document.forms[saved.index];
    if (!form || (form.getAttribute("action") || "") !== saved.action) return false;
    var els = fields(form);
    if (els.length !== saved.fields.length) return false;
    if (els.some(function (el, i) { return el.name !== saved.fields[i][0]; })) return false;
    var changed = false;
    els.forEach(function (el, i) { changed = put(el, saved.fields[i][1]) || changed; });
    return changed;
  }

  function announce() {
    var main = document.getElementById("main");
    if (!main || !script.dataset.kept) return;
    var notice = document.createElement("p");
    notice.className = "notice notice--success";
    notice.setAttribute("role", "status");
    notice.id = "kept-typing";
    notice.textContent = script.dataset.kept;
    main.insertBefore(notice, main.firstChild);
  }

  function restore() {
    var raw = sessionStorage.getItem(KEY);
    if (!raw) return;
    sessionStorage.removeItem(KEY);
    var kept;
    try { kept = JSON.parse(raw); } catch (e) { return; }
    if (kept.path !== location.pathname + location.search) return;
    var changed = false;
    kept.forms.forEach(function (saved) { changed = restoreForm(saved) || changed; });
    if (changed) announce();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".language-switch a");
    if (!link) return;
    var forms = snapshot();
    if (!forms.length) return;
    var next = new URL(link.href).searchParams.get("next");
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: next, forms: forms }));
    } catch (e) {
      // Storage full or switched off: the switch still works, as it did before.
    }
  });

  restore();
})();

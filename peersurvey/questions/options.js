/* Picture choice and dream trigger on the tablet: a grid of the question's own pictures
   (q.options). Picture choice takes one, or several when q.multiple. A dream trigger (the
   server says option_prompts) takes several, and asks "tell me more" about each picture
   chosen on a screen of its own: its value is [{option, text}], in the options' order. Each
   "tell me more" can be recorded too (ui.recorder, its part the option's key).
   The interface: the interview app's static/collect/kinds.js. */

export default function (kind) {
  var prompts = Boolean(kind.option_prompts);

  function choices(q, ui) {
    return (q.options || []).map(function (o) { return {key: o.key, words: ui.words(o.text), picture: o.picture}; });
  }

  function inOrder(q, keyOf) {
    var order = q.options.map(function (o) { return o.key; });
    return function (x, y) { return order.indexOf(keyOf(x)) - order.indexOf(keyOf(y)); };
  }

  function itemKey(item) { return item.option; }
  function sameKey(key) { return key; }

  // A tap chooses a picture, or un-chooses it when several may be chosen.
  function choose(q, ui, key) {
    var a = ui.answer();
    var value;
    if (prompts) {
      var kept = a && a.status === "answered" ? a.value.slice() : [];
      var found = kept.filter(function (d) { return d.option === key; })[0];
      kept = found ? kept.filter(function (d) { return d !== found; }) : kept.concat([{option: key, text: ""}]);
      value = kept.sort(inOrder(q, itemKey));
    } else if (q.multiple) {
      var list = a && a.status === "answered" ? a.value.slice() : [];
      value = list.indexOf(key) === -1 ? list.concat([key]) : list.filter(function (k) { return k !== key; });
      value.sort(inOrder(q, sameKey));
    } else {
      value = key;
    }
    if (Array.isArray(value) && !value.length) ui.clear(); else ui.set(value);
  }

  function keys(q, value) {
    if (!Array.isArray(value)) return [value];
    return prompts ? value.map(itemKey) : value;
  }

  return {
    draw: function (q, ui) {
      var grid = ui.choices(choices(q, ui), function (key) { choose(q, ui, key); });
      if (!prompts && !q.multiple) return grid;
      return [grid, ui.h("p", {class: "ask__hint", text: ui.t(prompts ? "dream_hint" : "choose_more")})];
    },

    keys: keys,

    sent: function (q, value) {
      if (!prompts) return value;
      return value.map(function (d) { return {option: d.option, text: (d.text || "").trim()}; });
    },

    check: function (q, value, ui) {
      var all = choices(q, ui);
      function choice(key) {
        return all.filter(function (c) { return c.key === key; })[0] || {words: key, picture: null};
      }
      var items = prompts ? value : keys(q, value);
      return ui.h("ul", {class: "check-choices"}, items.map(function (item) {
        var c = choice(prompts ? item.option : item);
        if (!prompts) return ui.h("li", {}, ui.picture(c.picture, 64), ui.h("span", {text: c.words}));
        var said = item.text && item.text.trim() ? item.text : ui.t("nothing_said");
        return ui.h("li", {}, ui.picture(c.picture, 64),
          ui.h("span", {}, ui.h("strong", {text: c.words}), ui.h("br"), said));
      }));
    },

    readAloud: function (q, ui) {
      return (q.options || []).map(function (o) {
        return {audio: o.audio ? o.audio[ui.lang] : null, text: ui.words(o.text)};
      });
    },

    followUps: function (q, value) {
      return prompts && Array.isArray(value) ? value.map(itemKey) : [];
    },

    // "Tell me more" about one picture chosen: what the person says is typed in.
    followUp: function (q, key, ui) {
      var value = ui.answer().value;
      var item = value.filter(function (d) { return d.option === key; })[0];
      var option = q.options.filter(function (o) { return o.key === key; })[0];
      var prompt = ui.words(option.prompt) || ui.t("dream_prompt", {option: ui.words(option.text)});
      var field = ui.h("textarea", {class: "field__input answer-text", id: "answer-text", rows: 5, maxlength: 5000,
                                    spellcheck: "true", value: item.text || ""});
      field.addEventListener("input", function () {
        item.text = field.value;
        ui.set(value, true);
      });
      return {
        progress: ui.t("dream_progress", ui.place),
        picture: option.picture,
        heading: prompt,
        readAloud: [{audio: null, text: prompt}],
        body: [ui.h("label", {class: "field__label", for: "answer-text", text: ui.t("their_words")}), field,
               prompts ? ui.recorder(key) : null]
      };
    }
  };
}

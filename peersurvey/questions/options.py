"""Kinds whose options the lead writes (picture choice, dream trigger): one shape, so their
answers are shown, written out and counted here. An answer is an option's key, a list of
keys, or a list of {"option", "text"} (a dream trigger's "tell me more")."""
from ..i18n import text_in


def _items(question, value):
    """(option, words said about it) for each option in the answer; an unknown key is kept
    as its key, so nothing the person chose goes missing from the page."""
    options = {o["key"]: o for o in question.get("options", [])}
    for item in value if isinstance(value, list) else [value]:
        key, said = (item.get("option"), item.get("text")) if isinstance(item, dict) else (item, "")
        yield options.get(key, {"key": key}), said or ""


def shown(question, value):
    return {"text": "", "chosen": [
        {"key": option["key"], "picture": option.get("picture"), "words": text_in(option.get("text")) or str(option["key"]),
         "text": said} for option, said in _items(question, value)]}


def answer_words(question, value):
    """"Cinema: with my sister; Swimming"."""
    parts = []
    for option, said in _items(question, value):
        words = text_in(option.get("text")) or str(option["key"])
        parts.append(f"{words}: {said}" if said else words)
    return "; ".join(parts)


def chart_choices(question):
    return [(o["key"], text_in(o["text"]), o.get("picture")) for o in question.get("options", [])]

"""What a kind that does not say otherwise is: no options, no fixed answers, not coded,
not charted, nothing more to edit in the builder, no XLSForm type, a plain preview, and an
answer that is shown and written out as the words (or number) it is."""
from pathlib import Path


def editor_data(question):
    return {}


def from_editor(question, form):
    return []


def from_xlsform(reader, row, cells, head, rest):
    return False


def shown(question, value):
    """The answer as leads and coders see it: {"text": words said, "chosen": [{"picture":
    picture id or None, "words": the choice's words, "text": words said about it}]}."""
    return {"text": "" if value is None else str(value), "chosen": []}


def answer_words(question, value):
    """The answer in one cell of an export; a number stays a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return "" if value is None else str(value)


def chart_choices(question):
    """The bars of a chart of this question: (key, words, picture id) for each answer."""
    return []


def advice(question):
    """What the easy-read check says of the kind's own fields: (code, field, language,
    message) for each finding."""
    return []


OPTIONAL = {
    "HAS_OPTIONS": False,
    "FIXED_ANSWERS": None,
    "OPTION_PROMPTS": False,
    "OPEN": False,
    "RECORDABLE": False,
    "CHARTED": False,
    "EDITOR_FIELDS": None,
    "TEMPLATE": Path(__file__).with_name("defaults.html"),
    "XLSFORM_TYPES": (),
    "editor_data": editor_data,
    "from_editor": from_editor,
    "from_xlsform": from_xlsform,
    "shown": shown,
    "answer_words": answer_words,
    "chart_choices": chart_choices,
    "advice": advice,
}

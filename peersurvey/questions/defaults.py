"""What a kind that does not say otherwise is: no options, no fixed answers, not coded,
not charted, nothing more to edit in the builder, no XLSForm type, a plain preview."""
from pathlib import Path


def editor_data(question):
    return {}


def from_editor(question, form):
    return []


def from_xlsform(reader, row, cells, head, rest):
    return False


OPTIONAL = {
    "HAS_OPTIONS": False,
    "FIXED_ANSWERS": None,
    "OPTION_PROMPTS": False,
    "OPEN": False,
    "CHARTED": False,
    "EDITOR_FIELDS": None,
    "TEMPLATE": Path(__file__).with_name("defaults.html"),
    "XLSFORM_TYPES": (),
    "editor_data": editor_data,
    "from_editor": from_editor,
    "from_xlsform": from_xlsform,
}

"""Free text: the interviewer types what the person says, in their words."""
from pathlib import Path

from flask_babel import lazy_gettext as _l

NAME = "free_text"
LABEL = _l("Free text")
HELP = _l("The interviewer types what the person says.")
OPEN = True
RECORDABLE = True
TEMPLATE = Path(__file__).with_suffix(".html")
TABLET_SCRIPT = Path(__file__).with_suffix(".js")


def new():
    return {}


def problems(question):
    return []


MAX_TEXT = 5000


def check_answer(question, value):
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return _l("the answer must be text of at most 5000 letters.")
    return None


def demo_answer(rng, question, language, bank):
    return rng.choice(bank.get(question["key"], bank["dream_other"])[language])


XLSFORM_TYPES = ("text", "string")


def from_xlsform(reader, row, cells, head, rest):
    reader.question(row, cells, {"kind": NAME}, _l(
        "Row %(row)d: “%(name)s” was carried over as a question where the "
        "interviewer types the answer.", row=row, name=cells.get("name", "")))
    return True

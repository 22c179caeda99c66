"""Spoken answer: the person says their answer and the tablet records it; the interviewer
can type it too. The recorder comes first on the tablet, typing second. Its value is the
words typed (free text's, so coding, charts and exports treat it as free text), "" when
there is only the recording; the sound is the answer's recording (docs/api.md)."""
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .free_text import MAX_TEXT, check_answer, demo_answer  # noqa: F401 (this kind's hooks)

NAME = "spoken_answer"
LABEL = _l("Spoken answer")
HELP = _l("The tablet records what the person says. The interviewer can type it too.")
OPEN = True
RECORDABLE = True
TEMPLATE = Path(__file__).with_suffix(".html")
TABLET_SCRIPT = Path(__file__).with_suffix(".js")


def new():
    return {}


def problems(question):
    return []


XLSFORM_TYPES = ("audio",)


def from_xlsform(reader, row, cells, head, rest):
    reader.question(row, cells, {"kind": NAME}, _l(
        "Row %(row)d: “%(name)s” was carried over as a spoken answer: the tablet records what "
        "the person says.", row=row, name=cells.get("name", "")))
    return True

"""Picture choice: the person points at one picture (or several) with a few words each."""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import RadioField, SelectChoice
from wtforms.validators import Optional

from .options import answer_words, chart_choices, shown  # noqa: F401 (this kind's hooks)

NAME = "picture_choice"
LABEL = _l("Picture choice")
HELP = _l("The person chooses one picture, or several, from a set you make.")
HAS_OPTIONS = True
CHARTED = True
TEMPLATE = Path(__file__).with_name("options.html")
TABLET_SCRIPT = Path(__file__).with_name("options.js")


def new():
    return {"multiple": False, "options": []}


def problems(question):
    if not isinstance(question.get("multiple"), bool):
        return [_l("Say whether people can choose one picture or several.")]
    return []


def check_answer(question, value):
    """None if `value` is a fair answer, else what is wrong, in plain words."""
    keys = {option["key"] for option in question["options"]}
    if question.get("multiple"):
        # Every item a known key first, then no repeats: set() of a list holding lists fails.
        if not isinstance(value, list) or not value \
                or not all(isinstance(v, str) and v in keys for v in value) or len(set(value)) != len(value):
            return _l("the answer must be one or more of the question's pictures.")
        return None
    if not isinstance(value, str) or value not in keys:
        return _l("the answer must be one of the question's pictures.")
    return None


class EDITOR_FIELDS:
    multiple = RadioField(_l("How many pictures can people choose?"), choices=[
        SelectChoice("one", _l("Just one")), SelectChoice("several", _l("One or more"))],
        default="one", validators=[Optional()])


def editor_data(question):
    return {"multiple": "several" if question.get("multiple") else "one"}


def from_editor(question, form):
    question["multiple"] = form.multiple.data == "several"
    return []


def demo_answer(rng, question, language, bank):
    options = [o["key"] for o in question["options"]]
    return rng.sample(options, rng.randint(1, 3)) if question.get("multiple") else rng.choice(options)


XLSFORM_TYPES = ("select_one", "select_multiple")
XLSFORM_FALLBACK = True     # after kinds that take only some lists (yes/no)


def from_xlsform(reader, row, cells, head, rest):
    multiple, name = head == "select_multiple", cells.get("name", "")
    found = reader.options_of(row, cells, rest)
    if found is None:
        return False
    options, answers = found
    if multiple:
        said = lazy_ngettext("Row %(row)d: “%(name)s” was carried over as a picture question "
                             "where people choose one or more of %(num)d choice.",
                             "Row %(row)d: “%(name)s” was carried over as a picture question "
                             "where people choose one or more of %(num)d choices.",
                             len(options), row=row, name=name)
    else:
        said = lazy_ngettext("Row %(row)d: “%(name)s” was carried over as a picture question "
                             "where people choose one of %(num)d choice.",
                             "Row %(row)d: “%(name)s” was carried over as a picture question "
                             "where people choose one of %(num)d choices.",
                             len(options), row=row, name=name)
    reader.question(row, cells, {"kind": NAME, "multiple": multiple}, said, options=options, answers=answers)
    return True

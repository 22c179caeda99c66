"""Short answer or number: the few facts a project needs, like an age or a town."""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import NumberRange, Optional

from ..forms import WholeNumberField

NAME = "short_answer"
LABEL = _l("Short answer or number")
HELP = _l("A few typed words, or a number, like a town or an age.")
RECORDABLE = True
TEMPLATE = Path(__file__).with_suffix(".html")
TABLET_SCRIPT = Path(__file__).with_suffix(".js")


def new():
    return {"numeric": False, "min": None, "max": None}


def problems(question):
    low, high = question.get("min"), question.get("max")
    for value in (low, high):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return [_l("The smallest and biggest numbers must be whole numbers.")]
    if low is not None and high is not None and low > high:
        return [_l("The smallest number is bigger than the biggest number. Swap them round.")]
    return []


MAX_TEXT = 200


def check_answer(question, value):
    if not question.get("numeric"):
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            return _l("the answer must be short text, of at most 200 letters.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return _l("the answer must be a whole number.")
    low, high = question.get("min"), question.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        return _l("the number is outside what the question allows.")
    return None


def typed_words(question, value):
    """Words typed for a short answer may be put right; a number may not (it is not words)."""
    return {} if question.get("numeric") or not isinstance(value, str) else {"": value}


def _bound(label):
    return WholeNumberField(label, validators=[Optional(), NumberRange(
        -1_000_000, 1_000_000, _l("Use a number between -1000000 and 1000000."))])


class EDITOR_FIELDS:
    numeric = BooleanField(_l("The answer is a whole number"))
    minimum = _bound(_l("Smallest number allowed"))
    maximum = _bound(_l("Biggest number allowed"))


def editor_data(question):
    return {"numeric": bool(question.get("numeric")), "minimum": question.get("min"),
            "maximum": question.get("max")}


def from_editor(question, form):
    question.update(numeric=form.numeric.data, min=form.minimum.data, max=form.maximum.data)
    return [("minimum", problem) for problem in problems(question)]


def demo_answer(rng, question, language, bank):
    return rng.randint(18, 75) if question.get("numeric") else rng.choice(bank["towns"])


XLSFORM_TYPES = ("integer", "int", "decimal")


def from_xlsform(reader, row, cells, head, rest):
    name, rule = cells.get("name", ""), cells.get("constraint", "")
    if head == "decimal":
        reader.question(row, cells, {"kind": NAME, "numeric": False, "min": None, "max": None})
        reader.not_carried_row(row, _l(
            "Row %(row)d: “%(name)s” asks for a number with decimals. peersurvey only checks whole "
            "numbers, so it was carried over as a short answer that takes any text.", row=row, name=name))
        return True
    bounds = reader.number_range(rule) if rule else (None, None)
    low, high = bounds or (None, None)
    reader.question(row, cells, {"kind": NAME, "numeric": True, "min": low, "max": high},
                    _l("Row %(row)d: “%(name)s” was carried over as a question where "
                       "the interviewer types a whole number.", row=row, name=name),
                    rule_carried=bool(rule) and bounds is not None)
    return True

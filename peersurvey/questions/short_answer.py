"""Short answer or number: the few facts a project needs, like an age or a town."""
from flask_babel import lazy_gettext as _l

NAME = "short_answer"
LABEL = _l("Short answer or number")
HELP = _l("A few typed words, or a number, like a town or an age.")
HAS_OPTIONS = False
FIXED_ANSWERS = None


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

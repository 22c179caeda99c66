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

"""Picture choice: the person points at one picture (or several) with a few words each."""
from flask_babel import lazy_gettext as _l

NAME = "picture_choice"
LABEL = _l("Picture choice")
HELP = _l("The person chooses one picture, or several, from a set you make.")
HAS_OPTIONS = True
FIXED_ANSWERS = None


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

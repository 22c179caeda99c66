"""Free text: the interviewer types what the person says, in their words."""
from flask_babel import lazy_gettext as _l

NAME = "free_text"
LABEL = _l("Free text")
HELP = _l("The interviewer types what the person says.")
HAS_OPTIONS = False
FIXED_ANSWERS = None


def new():
    return {}


def problems(question):
    return []


MAX_TEXT = 5000


def check_answer(question, value):
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return _l("the answer must be text of at most 5000 letters.")
    return None

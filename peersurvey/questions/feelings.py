"""Feelings scale: three faces, in the spirit of Talking Mats."""
from flask_babel import lazy_gettext as _l

NAME = "feelings"
LABEL = _l("Feelings scale")
HELP = _l("Three faces: happy, not sure, unhappy.")
HAS_OPTIONS = False
FIXED_ANSWERS = (
    ("happy", _l("Happy"), "openmoji:1F600"),
    ("not_sure", _l("Not sure"), "openmoji:1F615"),
    ("unhappy", _l("Unhappy"), "openmoji:1F641"),
)


def new():
    return {}


def problems(question):
    return []


def check_answer(question, value):
    if not isinstance(value, str) or value not in {key for key, _w, _p in FIXED_ANSWERS}:
        return _l("the answer must be happy, not sure or unhappy.")
    return None

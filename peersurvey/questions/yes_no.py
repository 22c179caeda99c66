"""Yes / no."""
from flask_babel import lazy_gettext as _l

NAME = "yes_no"
LABEL = _l("Yes or no")
HELP = _l("Two big buttons: yes and no.")
HAS_OPTIONS = False
FIXED_ANSWERS = (
    ("yes", _l("Yes"), "openmoji:2705"),
    ("no", _l("No"), "openmoji:274C"),
)


def new():
    return {}


def problems(question):
    return []


def check_answer(question, value):
    if not isinstance(value, str) or value not in ("yes", "no"):
        return _l("the answer must be yes or no.")
    return None

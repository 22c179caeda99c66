"""Dream trigger: a grid of activity pictures. For each picture the person chooses, the
tablet asks that picture's follow-up ("Tell me more about going to the cinema") and the
interviewer types the answer. One dream leads to the next."""
from flask_babel import lazy_gettext as _l

NAME = "dream_trigger"
LABEL = _l("Dream trigger")
HELP = _l("A grid of activity pictures. Each picture chosen gets a ‘tell me more’ question.")
HAS_OPTIONS = True
FIXED_ANSWERS = None


def new():
    return {"options": []}


def problems(question):
    return []

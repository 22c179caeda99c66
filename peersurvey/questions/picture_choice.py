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

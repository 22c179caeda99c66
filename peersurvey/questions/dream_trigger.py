"""Dream trigger: a grid of activity pictures. For each picture the person chooses, the
tablet asks that picture's follow-up ("Tell me more about going to the cinema") and the
interviewer types the answer. One dream leads to the next."""
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .options import answer_words, chart_choices, shown  # noqa: F401 (this kind's hooks)

NAME = "dream_trigger"
LABEL = _l("Dream trigger")
HELP = _l("A grid of activity pictures. Each picture chosen gets a ‘tell me more’ question.")
HAS_OPTIONS = True
OPTION_PROMPTS = True
OPEN = True
RECORDABLE = True
TEMPLATE = Path(__file__).with_name("options.html")
TABLET_SCRIPT = Path(__file__).with_name("options.js")


def new():
    return {"options": []}


def problems(question):
    return []


MAX_TEXT = 5000


def check_answer(question, value):
    keys = {option["key"] for option in question["options"]}
    if not isinstance(value, list) or not value:
        return _l("the answer must list the pictures chosen.")
    seen = set()
    for item in value:
        if not isinstance(item, dict) or set(item) != {"option", "text"} \
                or not isinstance(item["option"], str) or item["option"] not in keys \
                or item["option"] in seen or not isinstance(item["text"], str) or len(item["text"]) > MAX_TEXT:
            return _l("each picture chosen must be one of the question's pictures, once, with what the person said about it.")
        seen.add(item["option"])
    return None


def demo_answer(rng, question, language, bank):
    options = [o["key"] for o in question["options"]]
    return [{"option": option, "text": rng.choice(bank["dreams"][language])}
            for option in rng.sample(options, rng.randint(1, 3))]

"""A toy kind that lives only in the tests: thumb up or thumb down, drawn on the tablet by
its own module (thumbs.js), counted for charts and offered for coding, shown
to coders and written in exports in its own words. It proves that a
kind plugs in: tests/kinds/test_a_kind_plugs_in.py registers it and changes no other file."""
from pathlib import Path

NAME = "thumbs"
LABEL = "Thumbs"
HELP = "A thumb up or a thumb down."
FIXED_ANSWERS = (("up", "Thumb up", "openmoji:1F44D"), ("down", "Thumb down", "openmoji:1F44E"))
OPEN = True
CHARTED = True
TEMPLATE = Path(__file__).with_suffix(".html")
TABLET_SCRIPT = Path(__file__).with_suffix(".js")


def new():
    return {}


def problems(question):
    return []


def check_answer(question, value):
    return None if value in ("up", "down") else "the answer must be up or down."


# How leads, coders, charts and exports see its answers: its own words, not the defaults.
THUMBS = {"up": "👍 a thumb up", "down": "👎 a thumb down"}


def shown(question, value):
    return {"text": THUMBS.get(value, str(value)), "chosen": []}


def answer_words(question, value):
    return f"thumb {value} (toy)"


def chart_choices(question):
    return [("up", "Thumbs up (toy)", "openmoji:1F44D"), ("down", "Thumbs down (toy)", "openmoji:1F44E")]


def demo_answer(rng, question, language, bank):
    return rng.choice(["up", "down"])

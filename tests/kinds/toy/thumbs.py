"""A toy kind that lives only in the tests: thumb up or thumb down, drawn on the tablet by
its own module (thumbs.js), counted for charts and offered for coding. It proves that a
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


def demo_answer(rng, question, language, bank):
    return rng.choice(["up", "down"])

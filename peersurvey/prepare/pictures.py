"""The bundled picture library: OpenMoji pictograms (CC BY-SA 4.0) a questionnaire can
show as `"openmoji:<HEXCODE>"`, with the English and Welsh words people find them by.

picture_library.json (next to this file) is built by scripts/build_pictures.py from the
hand-made scripts/picture_choices.json. Each picture is a dict:

    {"id": "openmoji:1F4B0",
     "file": "easyread/pictures/1F4B0.svg",        # under static/
     "category": "money",                           # a key of CATEGORIES
     "words": {"en": ["money", "cash", ...], "cy": ["arian", "pres", ...]},
     "author": "..."}                               # the OpenMoji artist, for credit

The first word in each language is the picture's name, shown as its label and alt text;
the rest are only for searching. Treat the dicts as read-only: they are shared.
"""
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

LIBRARY_FILE = Path(__file__).with_name("picture_library.json")
LANGUAGES = ("en", "cy")

# In the order the picture chooser shows them.
CATEGORIES = (
    ("people_friends", _l("People and friends")),
    ("home", _l("Home")),
    ("money", _l("Money")),
    ("work", _l("Work and college")),
    ("going_out", _l("Going out")),
    ("transport", _l("Getting about")),
    ("food_drink", _l("Food and drink")),
    ("health", _l("Health")),
    ("feelings", _l("Feelings")),
    ("hobbies", _l("Hobbies")),
    ("places", _l("Places")),
    ("safety", _l("Keeping safe")),
    ("help_support", _l("Help and support")),
    ("answers", _l("Answers")),
)


@cache
def _loaded():
    # Read on first use, not at import, so importing the app never touches the file.
    with open(LIBRARY_FILE, encoding="utf-8") as f:
        pictures = json.load(f)
    by_id = {picture["id"]: picture for picture in pictures}
    index = [(picture, {language: _tokens(" ".join(picture["words"][language]))
                        for language in LANGUAGES})
             for picture in pictures]
    return pictures, by_id, index


def library():
    """Every picture, in the library's order (grouped by category)."""
    return list(_loaded()[0])


def get(picture_id):
    """The picture with this id ("openmoji:1F4B0"), or None."""
    return _loaded()[1].get(picture_id)


def search(words, language=None):
    """Pictures where every search term starts one of the picture's words, in `language`
    ("en" or "cy") or, by default, in either. Case and accents don't matter, so "siwr"
    finds "siŵr" and "sio" finds "siop". An empty search gives the whole library."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"no words in language {language!r}")
    terms = _tokens(words if isinstance(words, str) else " ".join(words))
    languages = (language,) if language else LANGUAGES
    found = []
    for picture, tokens in _loaded()[2]:
        known = set().union(*(tokens[each] for each in languages))
        if all(any(token.startswith(term) for token in known) for term in terms):
            found.append(picture)
    return found


def _fold(text):
    # People typing Welsh often leave off the to bach (ŵ, ŷ, â), and English ones the
    # accent on café, so compare letters without their marks.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _tokens(text):
    # Split at spaces, hyphens and apostrophes alike, so "gyda'n" and "pen-blwydd" are
    # found by their parts, and a search is split the same way as the words.
    return re.findall(r"\w+", _fold(text))

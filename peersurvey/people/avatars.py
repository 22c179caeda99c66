"""The pictures people pick to find their own name on a tablet.

From OpenMoji (CC BY-SA 4.0); `scripts/build_avatars.py` copies them from the npm package
into static/easyread/avatars/. The words are what a screen reader says and what the
person picking sees.
"""
from flask_babel import lazy_gettext as _l

# (key, OpenMoji hexcode, words)
AVATARS = (
    ("sun", "2600", _l("Sun")),
    ("star", "2B50", _l("Star")),
    ("heart", "2764", _l("Heart")),
    ("rainbow", "1F308", _l("Rainbow")),
    ("cat", "1F431", _l("Cat")),
    ("dog", "1F436", _l("Dog")),
    ("dragon", "1F409", _l("Dragon")),
    ("butterfly", "1F98B", _l("Butterfly")),
    ("sunflower", "1F33B", _l("Sunflower")),
    ("tree", "1F333", _l("Tree")),
    ("apple", "1F34E", _l("Apple")),
    ("cake", "1F370", _l("Cake")),
    ("football", "26BD", _l("Football")),
    ("guitar", "1F3B8", _l("Guitar")),
    ("bicycle", "1F6B2", _l("Bicycle")),
    ("bus", "1F68C", _l("Bus")),
    ("rocket", "1F680", _l("Rocket")),
    ("boat", "26F5", _l("Sailing boat")),
)
KEYS = tuple(key for key, _hex, _words in AVATARS)
WORDS = {key: words for key, _hex, words in AVATARS}


def url_path(key):
    return f"easyread/avatars/{key}.svg"

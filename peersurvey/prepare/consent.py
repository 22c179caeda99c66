"""Consent as easy-read points: what a person hears before they say yes to taking part,
one idea a point, each with its picture and its recordings, shown one a screen on the tablet.

A document's `consent` is a list of points, {"text", "picture", "audio"} like a question's
(what the builder writes). Versions made before points hold one text per language instead,
whose paragraphs are the points; they are never rewritten (a published version keeps its
words), and points() reads both, so nothing else needs to know.
"""
import re

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES, in_every_language


def N_(message):
    """Mark a default text for translation without translating it yet (pybabel finds N_)."""
    return message


# Said honestly, one idea each: no name on anything; the interviewer sees the answers;
# people who know you might guess words on a poster, and you can say no and still take
# part; how long answers are kept (a plain default the lead edits); stopping; changing
# your mind later, and how.
DEFAULT_POINTS = (
    (N_("We are finding out what matters to people. We will not put your name on anything."),
     "openmoji:1F5E3"),
    (N_("The interviewer sees your answers. Our group reads them without your name."), "openmoji:1F4AC"),
    (N_("We may put some of your words on a poster. People who know you might guess they are "
        "yours. You can say no to that and still take part."), "openmoji:1F465"),
    (N_("We keep your answers safe for 5 years. Then we delete them."), "openmoji:1F512"),
    (N_("You can stop at any time. You do not have to answer every question."), "openmoji:1F645"),
    (N_("You can change your mind later. Tell our group your code. It is on your card, or on "
        "the tablet at the end. We will take your answers out."), "openmoji:1FAAA"),
)
MOST_POINTS = 12
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def new_point(text=None, picture=None):
    return {"text": dict(text) if text else {code: "" for code in LANGUAGES}, "picture": picture,
            "audio": {code: None for code in LANGUAGES}}


def default_points():
    return [new_point(in_every_language(words), picture) for words, picture in DEFAULT_POINTS]


def points(document):
    """The consent's points, whichever way the document holds them. Points read from an
    older document's paragraphs are new lists (change them with set_points)."""
    consent = document.get("consent")
    if isinstance(consent, list):
        return consent
    split = {code: [p.strip() for p in PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
             for code, text in (consent or {}).items() if isinstance(text, str)}
    count = max((len(paragraphs) for paragraphs in split.values()), default=0)
    return [new_point({code: (split.get(code) or [])[n] if n < len(split.get(code) or []) else ""
                       for code in LANGUAGES}) for n in range(count)]


def set_points(document):
    """Make the document hold its consent as points (the builder does before a change)."""
    document["consent"] = points(document)
    return document["consent"]


def problems(consent):
    """Plain messages about a document's `consent`, either way it is held."""
    from .document import media_problems, text_problems   # document.py checks with these
    if not isinstance(consent, list):
        yield from text_problems(consent, _l("the consent page"))
        return
    if len(consent) > MOST_POINTS:
        yield _l("The consent has more than %(most)d points. Keep it to the points that matter most.",
                 most=MOST_POINTS)
    for number, point in enumerate(consent, start=1):
        if not isinstance(point, dict) or set(point) != {"text", "picture", "audio"}:
            yield _l("Consent point %(number)d is not written the way peersurvey expects.", number=number)
            continue
        for problem in (*text_problems(point["text"], _l("the consent")), *media_problems(point)):
            yield _l("Consent point %(number)d: %(problem)s", number=number, problem=problem)

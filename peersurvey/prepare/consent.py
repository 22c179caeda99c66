"""Consent as easy-read points: what a person hears before they say yes to taking part,
one idea a point, each with its picture and its recordings, shown one a screen on the tablet.

A document's `consent` is a list of points, {"text", "picture", "audio"} like a question's
(what the builder writes). Versions made before points hold one text per language instead,
whose paragraphs are the points; they are never rewritten (a published version keeps its
words), and points() reads both, so nothing else needs to know.
"""
import hashlib
import json
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


def _words(point):
    text = point.get("text") if isinstance(point, dict) else None
    return hashlib.sha256(json.dumps(text, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def fingerprint(points, index):
    """Which point a page showed, however its number changes meanwhile. A point has no id of
    its own, and its number is only where it stands now (someone taking out point 1 makes
    point 3 number 2), so a page names it by a short fingerprint of its words, and how many
    points before it have the same words (two new points are both empty): "<words>.<n>"."""
    words = _words(points[index])
    return f"{words}.{sum(1 for point in points[:index] if _words(point) == words)}"


def find(points, mark):
    """The index of the point a fingerprint names, wherever it stands now; None once no
    point has those words (someone else changed or took it out)."""
    found = FINGERPRINT.fullmatch(mark or "")
    if found is None:
        return None
    same = [at for at, point in enumerate(points) if _words(point) == found.group(1)]
    nth = int(found.group(2))
    return same[nth] if nth < len(same) else None


FINGERPRINT = re.compile(r"([0-9a-f]{16})\.([0-9]{1,3})")
KEY = "consent:"     # what a recording of a point is made for, as its recorder names it
RECORDING_GONE = _l("Someone else changed or took out this point while you were working, so the recording "
                    "was not saved. Open the point again and record it there.")
NUMBER = re.compile(r"[0-9]{1,3}")


def recording_key(points, index):
    """What the point's recorder sends: "consent:<number>:<fingerprint>"."""
    return f"{KEY}{index + 1}:{fingerprint(points, index)}"


def number_in(key):
    """The number a recording_key names (where the point stood when its page was made), or None."""
    number = key[len(KEY):].partition(":")[0]
    return int(number) if NUMBER.fullmatch(number) else None


def at_key(points, key):
    """The index of the point a recording_key names, found by its fingerprint: a recording
    made on an older page goes to the point that page showed, or nowhere. A key without one
    (a page made before keys held it) names the number alone."""
    number, mark = number_in(key), key[len(KEY):].partition(":")[2]
    if number is None:
        return None
    if mark:
        return find(points, mark)
    return number - 1 if 1 <= number <= len(points) else None


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

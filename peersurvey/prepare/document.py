"""The questionnaire document (docs/questionnaire-format.md): making one, checking one
strictly (import, and every save), and the small edits the builder makes.

Documents are plain dicts, stored as JSON in questionnaire_versions.document.
"""
import copy
import itertools
import re

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES, in_every_language  # noqa: F401  (doc.in_every_language, for the builder)
from ..questions import BY_NAME, answer_keys, kind_of
from . import consent

FORMAT = "peersurvey-questionnaire/1"
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}\Z")
HEADINGS = {
    "working": _l("What is working"),
    "not_working": _l("What is not working"),
    "future": _l("What is important for the future"),
}
TEXT_MAX = 2000
# An interview answers each question once at most, and the server takes at most this many
# answers for one interview (collect/sync.py): a longer questionnaire could not be sent.
MOST_QUESTIONS = 500
QUESTION_FIELDS = {"key", "kind", "text", "picture", "note", "heading", "condition", "audio",
                   "options"}   # and the fields of its kind's new()
OPTION_FIELDS = {"key", "text", "picture", "audio", "prompt"}
PICTURE = re.compile(r"^(openmoji:[0-9A-F-]{2,40}|media:[0-9a-f]{64})\Z")
AUDIO = re.compile(r"^media:[0-9a-f]{64}\Z")


class DocumentError(ValueError):
    """A document that breaks the format. `problems` are plain, translatable sentences."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def texts(value=""):
    return {code: value for code in LANGUAGES}


def N_(message):
    """Mark a default text for translation (pybabel finds N_) without translating it yet:
    in_every_language() translates it into each language when a questionnaire is made."""
    return message




# The optional question after consent: may the group put the person's words on posters?
# Group coding only offers an answer as a poster quote when its person said yes.
DEFAULT_SHARE_CONSENT = N_(
    "Can we put some of your words on posters about this research? "
    "We will not put your name on them."
)


def new_document(title):
    return {"format": FORMAT, "title": dict(title),
            "consent": consent.default_points(), "share_consent": None, "questions": []}


def asks_to_share(document):
    """Does this questionnaire ask whether the person's words may go on posters?"""
    return document.get("share_consent") is not None


def new_question(kind_name, key):
    question = {"key": key, "kind": kind_name, "text": texts(), "picture": None,
                "note": texts(), "heading": None, "condition": None, "audio": texts(None)}
    question.update(BY_NAME[kind_name].new())
    return question


def new_option(key):
    return {"key": key, "text": texts(), "picture": None, "audio": texts(None)}


def unique_key(words, taken):
    """A key made from `words` (any language), not in `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", (words or "").lower()).strip("_")[:32]
    if not base or not base[0].isalpha():
        base = f"q_{base}" if base else "q"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def question(document, key):
    return next((q for q in document["questions"] if q["key"] == key), None)


def position(document, key):
    return next(i for i, q in enumerate(document["questions"]) if q["key"] == key)


def dependants(document, key):
    """Questions whose condition looks at the question `key`."""
    return [q for q in document["questions"] if (q.get("condition") or {}).get("question") == key]


def with_media(document):
    """Everything in the document that may have a picture and recordings: each question, its
    options, and each consent point."""
    for question in document["questions"]:
        yield question
        yield from question.get("options", [])
    yield from consent.points(document)


def move(items, here, direction):
    """Move items[here] one place "up" or "down" (not past either end); its new index."""
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(items):
        return here
    items[here], items[there] = items[there], items[here]
    return there


def copy_of(document):
    return copy.deepcopy(document)


# Checking ------------------------------------------------------------------------

# Past this many, a file's problems are not all listed: a file of a million broken questions
# took a minute and a gigabyte to list them all, on a page nobody could read.
MOST_PROBLEMS = 50


def check(document):
    """Raise DocumentError unless `document` follows the format exactly (naming at most
    MOST_PROBLEMS of its problems)."""
    problems = list(itertools.islice(_problems(document), MOST_PROBLEMS))
    if problems:
        raise DocumentError(problems)


def check_new(document):
    """check, and no more than MOST_QUESTIONS questions (counted first: nothing else of a
    file that long is read): for a questionnaire made from a file."""
    problem = too_long(document)
    if problem:
        raise DocumentError([problem])
    check(document)


def too_long(document):
    """What to say of a questionnaire of more than MOST_QUESTIONS questions, or None. Asked
    where one is made or grows (a file, an XLSForm, the builder's add), not of every save:
    one made before the limit can still be edited down, published and moved in a project
    file."""
    questions = document.get("questions") if isinstance(document, dict) else None
    count = len(questions) if isinstance(questions, list) else 0
    if count <= MOST_QUESTIONS:
        return None
    return _l("This questionnaire has %(count)d questions. A questionnaire can have %(most)d at most. "
              "Make it into two or more questionnaires.", count=count, most=MOST_QUESTIONS)


def full(document):
    """What to say when no question can be added to `document` (it has MOST_QUESTIONS), or
    None: the builder's add button and its page ask the same."""
    count = len(document["questions"])
    if count < MOST_QUESTIONS:
        return None
    return _l("This questionnaire has %(count)d questions, and %(most)d is the most one can have. To ask "
              "more, make another questionnaire.", count=count, most=MOST_QUESTIONS)


def _problems(doc):
    if not isinstance(doc, dict):
        yield _l("This is not a peersurvey questionnaire file.")
        return
    if doc.get("format") != FORMAT:
        yield _l("This is not a peersurvey questionnaire file, or it was made by a newer version of peersurvey.")
        return
    extra = set(doc) - {"format", "title", "consent", "share_consent", "questions"}
    if extra:
        yield _l("The file has parts peersurvey does not know: %(names)s.", names=", ".join(sorted(extra)))
    yield from text_problems(doc.get("title"), _l("the title"))
    yield from consent.problems(doc.get("consent"))
    if asks_to_share(doc):
        share = list(text_problems(doc["share_consent"], _l("the question about sharing their words")))
        yield from share
        if not share and not any(text.strip() for text in doc["share_consent"].values()):
            yield _l("The question about sharing their words has no words. Write it, or stop asking it.")
    questions = doc.get("questions")
    if not isinstance(questions, list):
        yield _l("The file has no list of questions.")
        return
    earlier = {}
    for number, q in enumerate(questions, start=1):
        for problem in _question_problems(q, earlier):
            yield _l("Question %(number)d: %(problem)s", number=number, problem=problem)
        if _has_answers_to_look_at(q):
            earlier[q["key"]] = q


def _has_answers_to_look_at(q):
    """A later condition may look at this question: its key, kind and options can be read
    (their other problems are reported on their own)."""
    if not isinstance(q, dict) or not isinstance(q.get("key"), str) or \
            not isinstance(q.get("kind"), str) or q["kind"] not in BY_NAME:
        return False
    options = q.get("options", [])
    return not kind_of(q).HAS_OPTIONS or (isinstance(options, list) and all(
        isinstance(o, dict) and isinstance(o.get("key"), str) for o in options))


def text_problems(value, where):
    if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
            isinstance(v, str) and len(v) <= TEXT_MAX for v in value.values()):
        yield _l("The words for %(where)s must be given in English and Welsh, as text.", where=where)


def _question_problems(q, earlier):
    if not isinstance(q, dict):
        yield _l("this is not a question.")
        return
    if not isinstance(q.get("kind"), str) or q["kind"] not in BY_NAME:
        yield _l("“%(kind)s” is not a kind of question peersurvey knows.", kind=str(q.get("kind")))
        return
    kind = kind_of(q)
    extra = set(q) - QUESTION_FIELDS - set(kind.new())
    if extra:
        yield _l("it has parts peersurvey does not know: %(names)s.", names=", ".join(sorted(extra)))
    if not isinstance(q.get("key"), str) or not KEY.match(q["key"]):
        yield _l("its key must be lower-case letters, numbers and _, starting with a letter.")
    elif q["key"] in earlier:
        yield _l("its key “%(key)s” is used by another question.", key=q["key"])
    yield from text_problems(q.get("text"), _l("the question"))
    yield from text_problems(q.get("note"), _l("the interviewer's note"))
    yield from media_problems(q)
    if q.get("heading") not in (None, *HEADINGS):
        yield _l("its Working Together for Change heading is not one peersurvey knows.")
    yield from kind.problems(q)
    if kind.HAS_OPTIONS:
        yield from _options_problems(q)
    elif "options" in q:
        yield _l("this kind of question has no options of its own.")
    yield from condition_problems(q.get("condition"), earlier)


def media_problems(item):
    if item.get("picture") is not None and not (isinstance(item["picture"], str) and PICTURE.match(item["picture"])):
        yield _l("its picture is not one peersurvey knows.")
    audio = item.get("audio")
    if not isinstance(audio, dict) or set(audio) != set(LANGUAGES) or not all(
            a is None or (isinstance(a, str) and AUDIO.match(a)) for a in audio.values()):
        yield _l("its recordings must be given for English and Welsh (or left empty).")


def _options_problems(q):
    options = q.get("options")
    if not isinstance(options, list):
        yield _l("it needs a list of options.")
        return
    keys = set()
    for option in options:
        if not isinstance(option, dict) or set(option) - OPTION_FIELDS:
            yield _l("one of its options has parts peersurvey does not know.")
            continue
        if not isinstance(option.get("key"), str) or not KEY.match(option["key"]) or option["key"] in keys:
            yield _l("each option needs its own key of lower-case letters, numbers and _.")
        else:
            keys.add(option["key"])
        yield from text_problems(option.get("text"), _l("an option"))
        if "prompt" in option:
            yield from text_problems(option["prompt"], _l("a ‘tell me more’ question"))
        yield from media_problems(option)


def condition_problems(condition, earlier):
    """Problems with a condition, given the questions that come before it (key -> question)."""
    if condition is None:
        return
    if not isinstance(condition, dict) or set(condition) != {"question", "options"}:
        yield _l("its condition is not written the way peersurvey expects.")
        return
    target = earlier.get(condition["question"]) if isinstance(condition["question"], str) else None
    if target is None:
        yield _l("its condition looks at a question that does not come before it. "
                 "A question can only depend on an earlier one.")
        return
    allowed = {key for key, _words in answer_keys(target)}
    if not allowed:
        yield _l("its condition looks at a question that has no answers to choose from.")
        return
    chosen = condition["options"]
    if not isinstance(chosen, list) or not chosen or not all(isinstance(c, str) and c in allowed for c in chosen):
        yield _l("its condition must name at least one answer of the earlier question.")

"""The easy-read check: what in a questionnaire may be hard to read, and how to fix it.

It warns about long sentences, hard words (a built-in list, hard_words.json, that a
lead can extend per project; in English also any word that is not common, passive phrases
and numbers written as words: easyread_english.py), questions or options with no picture, words missing in a
language, pages with too many options, and what a kind says of its own fields (`advice`:
yes/no answer words that do not fit the Welsh question). Publishing is allowed with warnings; the
builder shows them beside the questionnaire and links each to the place to fix it.
"""
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES
from ..questions import kind_of
from ..welsh import welsh_forms
from . import consent
from . import easyread_english as english
from .document import asks_to_share

MAX_WORDS = 15
MAX_OPTIONS = 8
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MISSING = {"en": _l("The English words are missing."), "cy": _l("The Welsh words are missing.")}


@dataclass(frozen=True)
class Finding:
    code: str            # long_sentence, hard_word, no_picture, missing_language, too_many_options,
                         # or a kind's own (answer_words)
    message: object      # a lazy, translatable sentence
    question: str = None  # the question's key (None: the title, consent or sharing question)
    option: str = None   # the option's key, when the finding is about an option
    field: str = "text"  # text, prompt, title, consent, share_consent, picture, options
    language: str = None


@lru_cache(maxsize=1)
def built_in_words():
    with open(Path(__file__).with_name("hard_words.json"), encoding="utf-8") as f:
        return json.load(f)


def word_list(extra=()):
    """Built-in hard words plus a project's own: {language: {hard: plain}}."""
    words = {code: dict(built_in_words().get(code, {})) for code in LANGUAGES}
    for row in extra:
        words.setdefault(row["language"], {})[row["hard"].lower()] = row["plain"]
    return words


def check(document, extra_words=()):
    # Each language's words as a sorted tuple, made once: what is made from them (patterns,
    # the plain words) is kept for that tuple, not made again for each of thousands of texts.
    words = {code: tuple(sorted(hard.items())) for code, hard in word_list(extra_words).items()}
    findings = []
    findings += _text_findings(document["title"], words, field="title")
    points = consent.points(document)
    if not points:
        findings.append(Finding("missing_language", _l("The consent has no points yet. Add them, or use "
                                                       "the points we suggest."), field="consent"))
    for number, point in enumerate(points, start=1):
        findings += _text_findings(point["text"], words, field="consent")
        if not point["picture"] and isinstance(document["consent"], list):
            findings.append(Finding("no_picture", _l("Consent point %(number)d has no picture. A picture "
                                                     "helps people understand it.", number=number),
                                    field="consent"))
    if asks_to_share(document):
        findings += _text_findings(document["share_consent"], words, field="share_consent")
    for question in document["questions"]:
        findings += _question_findings(question, words)
        findings += _note_findings(question)
    return findings


def _note_findings(question):
    """The interviewer's note is optional, but once written it is needed in each language."""
    note = question.get("note") or {}
    filled = {code: (note.get(code) or "").strip() for code in LANGUAGES}
    if not any(filled.values()):
        return []
    return [Finding("missing_language", MISSING[code], question["key"], field="note", language=code)
            for code, value in filled.items() if not value]


def _question_findings(question, words):
    key = question["key"]
    found = list(_text_findings(question["text"], words, question=key))
    if not question.get("picture"):
        found.append(Finding("no_picture", _l("This question has no picture. A picture helps "
                                              "people understand what it is about."),
                             key, field="picture"))
    found += [Finding(code, message, key, field=field, language=language)
              for code, field, language, message in kind_of(question).advice(question)]
    options = question.get("options") or []
    if len(options) > MAX_OPTIONS:
        found.append(Finding("too_many_options", _l(
            "This question has %(count)d options. An easy-read page has 8 or fewer. "
            "Take some out, or split it into two questions.", count=len(options)),
            key, field="options"))
    for option in options:
        found += _text_findings(option["text"], words, question=key, option=option["key"])
        if "prompt" in option:
            found += _text_findings(option["prompt"], words, question=key, option=option["key"],
                                    field="prompt")
        if not option.get("picture") and kind_of(question).HAS_OPTIONS:
            found.append(Finding("no_picture", _l("This answer has no picture. Every answer "
                                                  "needs a picture people can point at."),
                                 key, option["key"], field="picture"))
    return found


def _text_findings(text, words, question=None, option=None, field="text"):
    found = []
    filled = {code: (text.get(code) or "").strip() for code in LANGUAGES}
    if not any(filled.values()):
        return [Finding("missing_language", _l("There are no words here yet. Write them in "
                                               "English and Welsh."), question, option, field)]
    for code, value in filled.items():
        if not value:
            found.append(Finding("missing_language", MISSING[code], question, option, field, code))
            continue
        found += _long_sentences(value, code, question, option, field)
        found += _hard_words(value, words.get(code, ()), code, question, option, field)
        if code == "en":
            found += _english(value, words.get("en", ()), question, option, field)
    return found


@lru_cache(maxsize=32)
def _english_words(hard):
    """The one-word hard words listed, and the plain words on the lists (built-in and the
    group's own), which are never hard: made once per list (it was a third of the check)."""
    listed = {word for word, _plain in hard if " " not in word}
    return listed, {w.lower() for _word, plain in hard for w in WORD.findall(plain)} - listed


def _english(value, hard, question, option, field):
    listed, allowed = _english_words(hard)
    for sentence in SENTENCE_END.split(value):
        for word in english.uncommon_words(sentence, allowed):
            if word not in listed:
                yield Finding("hard_word", _l(
                    "“%(word)s” is not a common word, so it may be hard to read. "
                    "Use a shorter, more common word.", word=word),
                              question, option, field, "en")
        for phrase in english.passive_phrases(sentence):
            yield Finding("passive", _l(
                "“%(phrase)s” does not say who does it. Say who: "
                "“We asked you” is easier than “You were asked”.", phrase=phrase),
                          question, option, field, "en")
        for word in english.numbers_in_words(sentence):
            yield Finding("number_word", _l(
                "“%(word)s” is a number written as a word. Write it as a number: “%(number)s”.",
                word=word, number=english.NUMBERS[word.lower()]),
                          question, option, field, "en")


def _long_sentences(value, code, question, option, field):
    for sentence in SENTENCE_END.split(value):
        count = len(WORD.findall(sentence))
        if count > MAX_WORDS:
            yield Finding("long_sentence", _l(
                "This sentence has %(count)d words: “%(sentence)s” Easy-read sentences have "
                "15 words or fewer. Try making it two sentences.",
                count=count, sentence=sentence.strip()), question, option, field, code)


# A hard word inside a phrase everyone knows is fine: "gweithiwr cymorth" is a support worker.
KNOWN_PHRASES = {"cy": ("gweithiwr cymorth", "gweithwyr cymorth")}


def _hard_words(value, hard, code, question, option, field):
    lowered = value.lower()
    known, patterns = _patterns(code, hard)
    for form in known:
        lowered = lowered.replace(form, " ")
    for word, plain, pattern in patterns:
        if pattern.search(lowered):
            yield Finding("hard_word", _l("“%(word)s” is a hard word. Try “%(plain)s” instead.",
                                         word=word, plain=plain), question, option, field, code)


@lru_cache(maxsize=32)
def _patterns(code, hard):
    """The forms of the known phrases, and each hard word with the pattern that finds it in
    any of its forms: made once, not for each of the thousands of texts of a long
    questionnaire (a form of 1,200 questions took 4.5 s to check, making them again)."""
    known = [form for phrase in KNOWN_PHRASES.get(code, ()) for form in welsh_forms(phrase)]
    patterns = []
    for word, plain in hard:
        forms = welsh_forms(word) if code == "cy" else {word}
        either = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        patterns.append((word, plain, re.compile(rf"(?<![^\W_])(?:{either})(?![^\W_])")))
    return known, patterns

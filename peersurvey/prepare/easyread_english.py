"""The easy-read check's English-only checks: words that are not common, passive
sentences, and numbers written as words.

A word is "common" when it is among the 10,000 most used English words
(common_words_en.txt, built once by scripts/build_common_words.py from wordfreq, so the
app does not carry wordfreq's large data), or is one of the group's own plain words.
"""
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words easy-read projects use that are rarer in general English, and are still plain here.
PLAIN_HERE = {"interviewer", "interviewers", "questionnaire", "easy-read", "ok", "okay", "wi-fi"}

NUMBERS = {w: str(n) for n, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split()) if w != "_"}
NUMBERS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000"})

# "was/were/been/is/are/be/being" then a past participle: "was asked", "are given".
# Feelings that look like participles ("I am tired", "are you worried") are not passive.
BE = r"(?:am|is|are|was|were|be|been|being|get|got|gets)"
IRREGULAR = ("born bought brought built caught chosen done drawn driven eaten fed felt found "
             "forgotten given gone held hidden hit hurt kept known left lent let lost made meant "
             "met paid put read run said seen sent set shown shut sold spent spoken stolen "
             "taken taught told thought understood won written").split()
NOT_PASSIVE = {"tired", "bored", "scared", "worried", "interested", "excited", "married",
               "pleased", "surprised", "confused", "annoyed", "upset", "used", "supposed",
               "allowed", "called", "named", "involved", "finished", "closed", "based"}
PASSIVE = re.compile(rf"\b{BE}\s+(?:\w+ly\s+)?(\w+ed|{'|'.join(IRREGULAR)})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def common_words():
    path = Path(__file__).with_name("common_words_en.txt")
    return frozenset(path.read_text(encoding="utf-8").split()) | PLAIN_HERE


def uncommon_words(sentence, allowed):
    """Words in a sentence that are not common, once each, in the order they come.

    Names are left alone: a word with a capital letter that does not start the sentence.
    """
    found = []
    for index, match in enumerate(WORD.finditer(sentence)):
        word = match.group().replace("’", "'")
        lowered = word.lower()
        if index and word[0].isupper():
            continue
        if lowered in common_words() or lowered in allowed or lowered in found:
            continue
        if any(part in common_words() or part in allowed for part in _stems(lowered)):
            continue
        found.append(lowered)
    return found


def _stems(word):
    """A few forms of the word that may be on the list: "worker's", "well-being"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    stems = {word.split("'")[0], plain}
    if "-" in word:
        parts = word.split("-")
        if all(p in common_words() for p in parts):
            stems.add(parts[0])
    return stems


def passive_phrases(sentence):
    return [m.group(0) for m in PASSIVE.finditer(sentence)
            if m.group(1).lower() not in NOT_PASSIVE]


def numbers_in_words(sentence):
    return [w for w in WORD.findall(sentence) if w.lower() in NUMBERS]


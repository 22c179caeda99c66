"""The words in an XLSForm's cells: types, names, language columns, number rules, simple
conditions and the lists of choices, each read into what peersurvey uses (xlsform.py turns
rows into questions)."""
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

KEY_LENGTH = 40

# A language column is named `label::English (en)`, `label::english`, `label::cy`, ...
LANGUAGE_NAMES = {"en": "en", "eng": "en", "english": "en", "saesneg": "en",
                  "cy": "cy", "cym": "cy", "wel": "cy", "welsh": "cy", "cymraeg": "cy"}
# Conditions we can carry: `${q} = 'a'`, `selected(${q}, 'a')`, joined by `or`.
_TERM = re.compile(r"""\s*(?:\$\{(?P<q1>[^}]+)\}\s*=\s*(?P<v1>'[^']*'|"[^"]*")
                   |selected\s*\(\s*\$\{(?P<q2>[^}]+)\}\s*,\s*(?P<v2>'[^']*'|"[^"]*")\s*\)
                   )\s*""", re.VERBOSE)
_OR = re.compile(r"or\b\s*")
_BOUND = re.compile(r"\s*\.\s*(>=|<=|>|<)\s*(-?\d{1,18})\s*")     # a number SQLite can hold
# A rule or condition longer than this is no simple one; not read, so a cell of 30,000
# spaces cannot keep the import (and the server) busy for seconds.
SIMPLE_MOST = 500


def _split(header):
    """'label::welsh (cy)' -> ('label', 'welsh (cy)'); 'media::image' -> ('image', None)."""
    parts = header.split("::")
    if parts[0] == "media" and len(parts) > 1:
        parts = parts[1:]
    return parts[0], "::".join(parts[1:]) or None


def _language(tag):
    """'English (en)', 'english', 'cy', 'Cymraeg (cy)' -> 'en' or 'cy'; None for others."""
    tag = tag.strip().lower()
    code = re.search(r"\(\s*([a-z]+)", tag)
    if code and code.group(1) in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code.group(1)]
    name = re.sub(r"\(.*", "", tag).strip()
    return LANGUAGE_NAMES.get(re.split(r"[-_]", name)[0])  # 'en-GB' is English too


def _key(name, fallback):
    """The format's rule: lower-case letters, digits and _, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9_]+", "_", ascii_name.lower()).strip("_")
    if not key:
        return fallback
    if not key[0].isalpha():
        key = f"{fallback}_{key}"
    return key[:KEY_LENGTH].rstrip("_")


def _unique(key, taken):
    number, unique = 1, key
    while unique in taken:
        number += 1
        unique = f"{key[:KEY_LENGTH - len(str(number)) - 1]}_{number}"
    taken.add(unique)
    return unique


def _type(text):
    """'select one Colours' -> ('select_one', ['Colours']); 'begin_group' -> ('begin group', []).

    Old forms write types with spaces, new ones with _; list and file names keep their case.
    """
    words = text.split()
    lowered = [word.lower() for word in words]
    if not words:
        return "", []
    if lowered[0] in ("begin", "end") and len(words) > 1:
        return f"{lowered[0]} {lowered[1]}", words[2:]
    if lowered[0] in ("begin_group", "end_group", "begin_repeat", "end_repeat"):
        return lowered[0].replace("_", " "), words[1:]
    for said, kind in ((["select", "one"], "select_one"), (["select", "multiple"], "select_multiple"),
                       (["select", "all", "that", "apply"], "select_multiple")):
        if lowered[:len(said)] == said:
            rest, rest_lowered = words[len(said):], lowered[len(said):]
            if rest_lowered[:2] == ["from", "file"]:
                return f"{kind}_from_file", rest[2:]
            if rest_lowered[:1] == ["from"]:       # the older "select one from colours"
                return kind, rest[1:]
            return kind, rest
    return lowered[0], words[1:]


def _range(expression):
    """`. >= 0 and . <= 120` -> (0, 120); None when the rule is anything else."""
    low = high = None
    if len(expression) > SIMPLE_MOST:
        return None
    for part in re.split(r"\s+and\s+", expression.strip()):
        match = _BOUND.fullmatch(part)
        if not match:
            return None
        operator, number = match.group(1), int(match.group(2))
        if operator.startswith(">"):
            low = number + (operator == ">")
        else:
            high = number - (operator == "<")
    if low is not None and high is not None and low > high:
        return None  # a rule no answer can meet: better reported than carried
    return low, high


def _simple_condition(expression):
    """`${q}='a' or selected(${q}, 'b')` -> ('q', ['a', 'b']); None for anything else."""
    if len(expression) > SIMPLE_MOST:
        return None
    text, position, question, values = expression.strip(), 0, None, []
    while True:
        term = _TERM.match(text, position)
        if not term:
            return None
        name = (term.group("q1") or term.group("q2")).strip()
        if question not in (None, name):
            return None  # peersurvey conditions look at one earlier question only
        question = name
        values.append((term.group("v1") or term.group("v2"))[1:-1])
        position = term.end()
        if position == len(text):
            return question, values
        joiner = _OR.match(text, position)
        if not joiner:
            return None
        position = joiner.end()


@dataclass(frozen=True)
class Line:
    sheet: str      # "survey", "choices", "settings", or "" for the whole file
    row: int        # as Excel shows it; 0 for the whole file
    message: object  # a lazy translatable string: str() it inside a request


def choice_lists(rows):
    """The choices sheet's rows as {list name: [(row, cells)]}, and the Lines carried and not
    carried saying what was made of a choice with no list name: it goes in the list above
    it, as a hand-made sheet with the list name in merged cells means."""
    lists, carried, not_carried, above = {}, [], [], None
    for row, cells in rows:
        if cells.get("list_name"):
            above = cells["list_name"]
        elif not cells.get("name"):
            continue
        elif above is None:
            not_carried.append(Line("choices", row, _l("Row %(row)d of the choices has no list name, so it "
                                                       "was left out.", row=row)))
            continue
        else:
            carried.append(Line("choices", row, _l("Row %(row)d of the choices has no list name, so it was "
                                                   "put in the list “%(list)s” above it.", row=row, list=above)))
        lists.setdefault(above.lower(), []).append((row, cells))
    return lists, carried, not_carried

"""The words in an XLSForm's cells: types, names, language columns, number rules and
simple conditions, each read into what peersurvey uses (xlsform.py turns rows into questions)."""
import re
import unicodedata

KEY_LENGTH = 40

# A language column is named `label::English (en)`, `label::english`, `label::cy`, ...
LANGUAGE_NAMES = {"en": "en", "eng": "en", "english": "en", "saesneg": "en",
                  "cy": "cy", "cym": "cy", "wel": "cy", "welsh": "cy", "cymraeg": "cy"}
# Conditions we can carry: `${q} = 'a'`, `selected(${q}, 'a')`, joined by `or`.
_TERM = re.compile(r"""\s*(?:\$\{(?P<q1>[^}]+)\}\s*=\s*(?P<v1>'[^']*'|"[^"]*")
                   |selected\s*\(\s*\$\{(?P<q2>[^}]+)\}\s*,\s*(?P<v2>'[^']*'|"[^"]*")\s*\)
                   )\s*""", re.VERBOSE)
_OR = re.compile(r"or\b\s*")
_BOUND = re.compile(r"\s*\.\s*(>=|<=|>|<)\s*(-?\d+)\s*")


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
    if lowered[:2] in (["select", "one"], ["select", "multiple"]):
        return f"select_{lowered[1]}", words[2:]
    if lowered[:4] == ["select", "all", "that", "apply"]:
        return "select_multiple", words[4:]
    return lowered[0], words[1:]


def _range(expression):
    """`. >= 0 and . <= 120` -> (0, 120); None when the rule is anything else."""
    low = high = None
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

"""Welsh changes the first sound of a word after some words ("cymorth", "gymorth",
"nghymorth", "chymorth"; "cawn", "gawn"): the easy-read check and the yes/no answer words
both need a word in all its forms."""

SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "ll": "l", "m": "f", "rh": "r"}
NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}


def welsh_forms(word):
    """The word as written, and as written after a soft, nasal or aspirate mutation."""
    forms = {word}
    for table in (SOFT, NASAL, ASPIRATE):
        for start in sorted(table, key=len, reverse=True):
            if word.startswith(start) and not (start in ("c", "t", "p") and word[1:2] == "h"):
                forms.add(table[start] + word[len(start):])
                break
    return forms

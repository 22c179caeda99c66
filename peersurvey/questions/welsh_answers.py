"""Yes and no in Welsh: Welsh has no one word for each. People answer with the verb of
the question ("Oes…?" "Oes" / "Nac oes"; "Ydych chi…?" "Ydw" / "Nac ydw"), "Do" / "Naddo"
for anything in the past, and "Ie" / "Nage" when the question starts with something other
than a verb ("Ai…?", "Chi sy'n…?").

PAIRS are the answer words a lead can choose in the builder; STARTS says which pair fits a
question by its first word. Verbs are listed as in the dictionary; their mutated forms
(cawn → gawn, bydd → fydd, gallwch → allwch) are found by `welsh_forms`, so a spoken
"Gawn ni…?" fits like a written "Cawn ni…?". A question that starts with a word not listed
gets no suggestion, and no warning: the lead knows best. Left out on purpose, as no pair
here fits them: "Oedd…?" (Oedd / Nac oedd), "Ydyn nhw…?" (Ydyn / Nac ydyn), "Allech
chi…?" (Gallwn / Na allwn), "Wnewch chi…?" (Gwnaf / Na wnaf), "Câi…?" (Câi / Na châi).
"""
import re

from ..welsh import welsh_forms

# id: (yes, no), in the order the builder offers them.
PAIRS = {
    "ydw": ("Ydw", "Nac ydw"),
    "oes": ("Oes", "Nac oes"),
    "ydy": ("Ydy", "Nac ydy"),
    "do": ("Do", "Naddo"),
    "cewch": ("Cewch", "Na chewch"),
    "hoffwn": ("Hoffwn", "Na hoffwn"),
    "galla": ("Galla", "Na alla"),
    "bydda": ("Bydda", "Na fydda"),
    "bydd": ("Bydd", "Na fydd"),
    "ie": ("Ie", "Nage"),
}

# The pair for each first word of a question, the verb as written before any mutation.
STARTS = {
    # Are you…? Am I…? (you, I) -> I am / I am not
    "ydw": ("ydych", "ydach", "dych", "dach", "ych", "wyt"),
    # Is there…? Have you (got)…? -> There is / there is not
    "oes": ("oes",),
    # Is he, she, it…? -> He, she, it is / is not
    "ydy": ("ydy", "ydi", "yw"),
    # Anything in the past (did you, have you been, did you go, get, see…) -> Do / Naddo
    "do": ("gwnaethoch", "gwnaethon", "gwnaeth", "gwnest", "gwnes", "aethoch", "aeth", "est",
           "cawsoch", "caethoch", "cafodd", "cest", "gwelsoch", "gwelaist", "gwelodd", "buoch",
           "buest", "bu", "buodd", "clywsoch", "clywaist", "daethoch", "daeth", "dywedodd",
           "dwedodd", "dywedoch", "daru", "siaradoch", "talodd", "taloch"),
    # May I, may we…? -> You may / you may not
    "cewch": ("cawn", "ca", "caf"),
    # Would you like…? -> I would like / I would not like
    "hoffwn": ("hoffech", "hoffet"),
    # Can you…? -> I can / I cannot
    "galla": ("gallwch", "galli", "gelli", "medrwch", "medri"),
    # Will you (be)…? -> I will / I will not
    "bydda": ("byddwch", "byddi"),
    # Will he, she, it, there be…? -> It will / it will not
    "bydd": ("bydd",),
    # Not a verb first: "Ai…?" (is it … that), a pronoun or a noun -> Ie / Nage
    "ie": ("ai", "chi", "ti", "fi", "fe", "fo", "hi", "ni", "nhw", "hwn", "hon", "hyn"),
}

# "A ydych chi…?": the written question word "A" comes before the verb (which it mutates).
QUESTION_WORD = "a"
WORD = re.compile(r"[^\W\d_]+")


def _table():
    table = {}
    for pair, verbs in STARTS.items():
        for verb in verbs:
            for form in sorted(welsh_forms(verb)):
                # A word as written is never hidden by another word's mutated form.
                if form == verb or form not in table:
                    table[form] = pair
    return table


FIRST_WORDS = _table()


def first_word(question):
    """The first word of a Welsh question as written ("Ydy'r" gives "Ydy"), skipping the
    question word "A"; "" if there is none."""
    words = WORD.findall(question or "")
    if len(words) > 1 and words[0].lower() == QUESTION_WORD:
        words = words[1:]
    return words[0] if words else ""


def suggest(question):
    """The id of the pair (in PAIRS) that fits a Welsh question, or None."""
    return FIRST_WORDS.get(first_word(question).lower())


def fits(pair_id, yes, no):
    """Do the words `yes` and `no` begin with the pair's words ("Oes, mae gen i" fits Oes)?"""
    def starts(words, wanted):
        words = " ".join(WORD.findall((words or "").lower()))
        return words == wanted.lower() or words.startswith(wanted.lower() + " ")
    want_yes, want_no = PAIRS[pair_id]
    return starts(yes, want_yes) and starts(no, want_no)


def preset_of(yes, no):
    """The id of the pair these words are exactly (any case, spaces trimmed), or None."""
    for pair_id, (want_yes, want_no) in PAIRS.items():
        if (yes or "").strip().lower() == want_yes.lower() and (no or "").strip().lower() == want_no.lower():
            return pair_id
    return None

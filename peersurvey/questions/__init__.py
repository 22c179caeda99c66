"""Question kinds: one small module each, listed once in QUESTION_KINDS.

Every kind module exposes the same few names:
  NAME          the `kind` value in the questionnaire document
  LABEL, HELP   what the builder shows when a lead picks a kind
  HAS_OPTIONS   True if the lead writes the options (picture choice, dream trigger)
  FIXED_ANSWERS for kinds whose answers are built in: (key, words, picture id) tuples
  new()         the kind-specific fields of a new question
  problems(question)  plain messages about the kind-specific fields (empty if fine)
  check_answer(question, value)  None if value is a fair answer (docs/api.md), else why not

A new kind is one new module and one line here; nothing else switches on kind names.
"""
from . import dream_trigger, feelings, free_text, picture_choice, short_answer, yes_no

QUESTION_KINDS = (picture_choice, feelings, yes_no, free_text, dream_trigger, short_answer)
BY_NAME = {kind.NAME: kind for kind in QUESTION_KINDS}


def kind_of(question):
    return BY_NAME[question["kind"]]


def answer_keys(question):
    """The answers a condition on this question may name, as (key, words) pairs."""
    kind = kind_of(question)
    if kind.FIXED_ANSWERS:
        return [(key, words) for key, words, _picture in kind.FIXED_ANSWERS]
    if kind.HAS_OPTIONS:
        return [(option["key"], option["text"]) for option in question.get("options", [])]
    return []

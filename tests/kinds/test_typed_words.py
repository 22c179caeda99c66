"""Which parts of an answer are typed words, that may be typed up or put right later, is the
kind's to say: a kind that says nothing gets it from being OPEN with a text value, so a new
kind of spoken or typed answer needs no line of its own (collect/answer_versions.py asks)."""
import types

import pytest

from peersurvey import questions


@pytest.fixture
def toy_kinds():
    said = questions.register(types.SimpleNamespace(NAME="toy_said", OPEN=True))
    counted = questions.register(types.SimpleNamespace(NAME="toy_counted", CHARTED=True))
    yield said, counted
    questions.unregister(said)
    questions.unregister(counted)


def test_an_open_kind_with_a_text_value_has_one_part_and_a_closed_kind_none(toy_kinds):
    said, counted = toy_kinds
    assert said.typed_words({"kind": "toy_said"}, "") == {"": ""}
    assert said.typed_words({"kind": "toy_said"}, "Words") == {"": "Words"}
    assert said.with_typed_words({"kind": "toy_said"}, "Wrds", "", "Words") == "Words"
    assert said.typed_words({"kind": "toy_said"}, 12) == {}
    assert counted.typed_words({"kind": "toy_counted"}, "yes") == {}


def test_the_built_in_kinds_say_which_of_their_answers_are_typed_words():
    kind = questions.BY_NAME
    assert kind["free_text"].typed_words({"kind": "free_text"}, "Hi") == {"": "Hi"}
    assert kind["short_answer"].typed_words({"kind": "short_answer", "numeric": False}, "Cardiff") == {"": "Cardiff"}
    assert kind["short_answer"].typed_words({"kind": "short_answer", "numeric": True}, 34) == {}
    assert kind["yes_no"].typed_words({"kind": "yes_no"}, "yes") == {}
    assert kind["picture_choice"].typed_words({"kind": "picture_choice"}, ["tea"]) == {}
    dreams = [{"option": "cinema", "text": "With my sistr"}, {"option": "swimming", "text": ""}]
    assert kind["dream_trigger"].typed_words({"kind": "dream_trigger"}, dreams) == {"cinema": "With my sistr", "swimming": ""}
    assert kind["dream_trigger"].with_typed_words({"kind": "dream_trigger"}, dreams, "swimming", "Every week") == [
        {"option": "cinema", "text": "With my sistr"}, {"option": "swimming", "text": "Every week"}]

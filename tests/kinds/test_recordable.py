"""Which kinds of question may carry a recording (RECORDABLE, docs in questions/__init__.py)."""
from peersurvey.questions import BY_NAME, defaults, register, unregister


def test_the_open_kinds_that_take_words_record_and_the_rest_do_not():
    recordable = {name for name, kind in BY_NAME.items() if kind.RECORDABLE}
    assert {"free_text", "short_answer", "dream_trigger"} <= recordable
    assert not recordable & {"picture_choice", "feelings", "yes_no"}


def test_a_kind_that_does_not_say_cannot_record():
    class Plain:
        NAME = "plain_test_kind"
    assert defaults.OPTIONAL["RECORDABLE"] is False
    register(Plain)
    try:
        assert BY_NAME["plain_test_kind"].RECORDABLE is False
    finally:
        unregister(Plain)

"""One turn per key (peersurvey/one_at_a_time.py): different keys never wait for each other,
and a failure is handed to those waiting behind it, whatever the exception. (Charts and
counts asked for by a group at once: tests/findings/test_kept_charts.py.)"""
import threading
import time

import pytest

from peersurvey import one_at_a_time


def test_different_keys_are_worked_on_at_the_same_time():
    """A turn is for one key: a count for one project never waits for another's."""
    holding, let_go, other = threading.Event(), threading.Event(), threading.Event()

    def hold():
        with one_at_a_time.turn("theme chart, project 1"):
            holding.set()
            let_go.wait(120)     # longer than the test waits below

    def take_another():
        with one_at_a_time.turn("theme chart, project 2"):
            other.set()
    holder, taker = threading.Thread(target=hold), threading.Thread(target=take_another)
    holder.start()
    try:
        assert holding.wait(30)
        taker.start()
        assert other.wait(10), "another key's turn waited for the first"
    finally:
        let_go.set()
        holder.join(30)
        taker.join(30)
    assert one_at_a_time.waiting() == 0


class Odd(Exception):
    """An exception that cannot be copied (its __init__ wants more than its args)."""

    def __init__(self, words, code):
        super().__init__(words)
        self.code = code


@pytest.mark.parametrize("failure", [ValueError("no"), Odd("no", 7)], ids=["copied", "cannot be copied"])
def test_those_waiting_get_the_failure_of_the_one_before(failure):
    started, go_on, got = threading.Event(), threading.Event(), {}

    def first():
        try:
            with one_at_a_time.turn("key"):
                started.set()
                assert go_on.wait(30)
                raise failure
        except Exception as problem:
            got["first"] = problem

    def second():
        try:
            with one_at_a_time.turn("key"):
                got["second"] = "it did the work again"
        except Exception as problem:
            got["second"] = problem
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert started.wait(30)
    threads[1].start()
    deadline = time.monotonic() + 30
    while one_at_a_time.waiting() < 2:      # the second is in line behind the first
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go_on.set()
    for thread in threads:
        thread.join(30)
    assert got["first"] is failure
    assert type(got["second"]) is type(failure) and str(got["second"]) == "no"
    assert one_at_a_time.waiting() == 0
    with one_at_a_time.turn("key"):         # asked again later: tried afresh
        pass

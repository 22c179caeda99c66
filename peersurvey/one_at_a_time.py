"""Slow work that many requests ask for at the same moment, done once.

A group opens the findings together after a session: twenty tablets ask for the same
charts and the same counts within a second. Each found nothing kept yet, so each drew the
chart (a fifth of a second of matplotlib) or counted the answers (up to a second at a
million answers) itself, twenty times over on two cores, and the last tablet waited for
all of them. Now the first to ask does the work while the others asking for the same thing
wait for it, then find it kept.

    with one_at_a_time.turn(key):     # everyone asking for `key` takes a turn
        look in the cache again       # the one before may have just made it
        make it and keep it

If the one doing it fails, or what it made could not be kept, the next in line does it
itself: nobody is left without an answer. Different keys never wait for each other."""
import contextlib
import threading

_guard = threading.Lock()
_turns = {}           # key: [its lock, how many hold it or wait for it]


@contextlib.contextmanager
def turn(key):
    """Hold `key`'s turn: one thread at a time for each key. The lock is forgotten once
    nobody holds or waits for it, so keys that change with every edit do not pile up."""
    with _guard:
        entry = _turns.setdefault(key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _guard:
            entry[1] -= 1
            if not entry[1]:
                del _turns[key]


def waiting():
    """How many threads hold a turn or wait for one now (for the tests)."""
    with _guard:
        return sum(users for _lock, users in _turns.values())

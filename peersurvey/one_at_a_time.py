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

If what the first made could not be kept (too big to keep), the next in line makes it
itself. If the first failed, those already waiting are given the same failure at once
rather than each trying and failing in turn (twenty counts that fail after the database
stayed busy would hold twenty of the server's threads for twenty times as long); whoever
asks after they have all gone tries afresh. Different keys never wait for each other.

Never ask for the same key again while holding its turn (a kept chart drawing itself): a
turn is not re-entrant, and the thread would wait for itself."""
import contextlib
import copy
import threading

_guard = threading.Lock()
_turns = {}           # key: its _Turn, while anyone holds it or waits for it


class _Turn:
    __slots__ = ("lock", "users", "failed")

    def __init__(self):
        self.lock = threading.Lock()
        self.users = 0          # how many hold it or wait for it
        self.failed = None      # what the work raised, for those waiting behind it


@contextlib.contextmanager
def turn(key):
    """Hold `key`'s turn: one thread at a time for each key. Forgotten once nobody holds or
    waits for it, so keys that change with every edit do not pile up."""
    with _guard:
        entry = _turns.setdefault(key, _Turn())
        entry.users += 1
    try:
        with entry.lock:
            if entry.failed is not None:
                raise _copy_of(entry.failed)
            try:
                yield
            except Exception as problem:
                entry.failed = problem
                raise
    finally:
        with _guard:
            entry.users -= 1
            if not entry.users:
                del _turns[key]


def _copy_of(problem):
    """The same failure to raise again in another thread: a copy, as one exception raised in
    several threads at once would have its traceback written by all of them (the original
    itself if it cannot be copied)."""
    try:
        return copy.copy(problem).with_traceback(None)
    except Exception:
        return problem


def waiting():
    """How many threads hold a turn or wait for one now (for the tests)."""
    with _guard:
        return sum(entry.users for entry in _turns.values())

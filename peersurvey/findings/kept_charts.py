"""Chart pictures already drawn, kept for the next person who asks for the same one.

Drawing a chart with matplotlib takes about a fifth of a second here, and more on a slow
laptop; a page of closed questions asks for one per question, a phone and a wide screen
each ask for their own, and between two changes every view draws the very same picture.

A picture is kept under everything it is drawn from: the drawing function, its arguments
(the numbers, the words already in the page's language, the format and the size) and the
database it came from. Those arguments are the whole input: the chart functions read
nothing else but the pictures they name, and a project's pictures are named by their
SHA-256 (or by the picture library's code), so a name always means the same picture
(charts._picture keeps them on the same understanding). A change to any number, word,
colour or picture is a different key, drawn afresh: nothing has to be forgotten, and no
picture can be out of date. At most BUDGET bytes are kept, the least recently used given
up first."""
import functools
import threading
from collections import OrderedDict

from flask import current_app, has_app_context

from .. import one_at_a_time

BUDGET = 16 * 1024 * 1024     # bytes: a chart is tens of KB as PNG, up to a few hundred as SVG
_kept = OrderedDict()         # key: picture bytes, the most recently used last
_used = 0
_lock = threading.Lock()


def kept(draw):
    """draw(..., fmt, ...) -> bytes, kept by its arguments. A call that gives anything but
    bytes (fmt None gives the matplotlib Figure, for tests) is never kept."""
    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        key = _key(draw, args, kwargs)
        picture = _look(key)
        if picture is not None:
            return picture
        # Twenty screens asking for a new chart at once: one draws it, the rest wait for
        # it. Outside _lock: two different charts draw at once.
        with one_at_a_time.turn(key):
            picture = _look(key)
            if picture is None:
                picture = draw(*args, **kwargs)
                if isinstance(picture, bytes):
                    _keep(key, picture)
        return picture
    return drawn


def _look(key):
    """The picture kept under key, or None."""
    with _lock:
        picture = _kept.get(key)
        if picture is not None:
            _kept.move_to_end(key)
        return picture


def database():
    """The database a chart's numbers and pictures come from, part of what it is kept by."""
    return current_app.config["DATABASE"] if has_app_context() else None


def _key(draw, args, kwargs):
    # repr() of the arguments, not a hash of them: two different charts cannot share a key.
    return f"{draw.__qualname__} {database()!r} {args!r} {sorted(kwargs.items())!r}"


def _size(key, picture):
    return len(key) + len(picture)


def _keep(key, picture):
    global _used
    if _size(key, picture) > BUDGET:
        return
    with _lock:
        if key in _kept:
            return
        _kept[key] = picture
        _used += _size(key, picture)
        while _used > BUDGET:
            old_key, old = _kept.popitem(last=False)
            _used -= _size(old_key, old)


def forget():
    """Give up every kept picture (tests that draw afresh)."""
    global _used
    with _lock:
        _kept.clear()
        _used = 0


def held():
    """(how many pictures are kept, what they hold: their bytes and their keys' characters),
    for the tests."""
    with _lock:
        return len(_kept), _used

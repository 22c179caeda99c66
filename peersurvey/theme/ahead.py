"""The big screen's next answer, drawn before Next is pressed.

A group talks each answer over before the lead taps Next, and the server is idle meanwhile.
So once the reply to any tap on the big screen has gone, the panel Next would bring is
drawn and kept (`draw_after`): Next then only moves the session on and sends it
(`move_next`, `take`), instead of reading the answer, its themes and votes and drawing them
while the group waits (half of Next's time). After a move the theme tapped next usually
changes it, so that drawing is mostly thrown away; it was kept because Next's reply came
0.1 ms sooner with it (bench/vs_taguette.py, run with and without it in turn); what it costs is a
tap sent straight after another's reply (bench/coding.py's back-to-back taps).

A kept panel is sent only when nothing at all was written to the database since it was
drawn, by anyone, in any process: SQLite's data_version, read on a connection of this
module's own that never writes, moves on with every commit any other connection makes.
Next checks it inside its own write, holding the write lock, so nothing can slip in between;
the move must also land where the panel was drawn for. Otherwise (a vote, a theme, an
answer withdrawn, another screen's tap, a tablet's sync) the panel is drawn afresh, as it
always was. What it draws is the same either way (tests/theme/test_ahead.py).
"""
import functools
import io
import sqlite3
import threading
from dataclasses import dataclass

from flask import current_app, g, request

from ..access import still_allowed
from ..db import get_db, writing
from ..i18n import current_language
from . import panel, sessions, session_asks

PARTS = ("progress", "answer", "themes", "later")   # what Next changes (session_views.move)
KEEP = 256           # panels kept at most (one a big screen); then all are drawn afresh

_kept = {}           # key(): Ready
_arrivals = 0        # requests begun in this process (see _draw)
_kept_lock = threading.Lock()
_watchers = {}       # database path: (connection that never writes, its lock)
_watchers_lock = threading.Lock()


@dataclass(frozen=True)
class Ready:
    seen: int         # the database's data_version before the panel was read
    version: int      # the session's version it was drawn from
    position: int     # where Next goes from there
    html: str


def data_version(path):
    """SQLite's count of commits made by other connections, on a connection kept for this
    alone: it never writes, so every commit by anyone moves it on."""
    with _watchers_lock:
        if path not in _watchers:      # one a database: a server has one
            _watchers[path] = (sqlite3.connect(path, check_same_thread=False, isolation_level=None),
                               threading.Lock())
        connection, lock = _watchers[path]
    with lock:
        return connection.execute("PRAGMA data_version").fetchone()[0]


def _key(session):
    """What makes a big screen's panel differ besides the session: who, their language,
    the view, how they signed in, and where the app is served."""
    return (current_app.config["DATABASE"], session["id"], g.person["id"], current_language(),
            session_asks.big_wanted(), g.signed_in_with, request.host_url, request.script_root)


def draw_after(session, make_context):
    """Once this reply has gone, draw the panel Next would bring from here and keep it.
    make_context(session, parts): the panel's context (session_views.panel_context)."""
    environ = {**request.environ, "REQUEST_METHOD": "GET", "CONTENT_LENGTH": "0", "wsgi.input": io.BytesIO(),
               "QUERY_STRING": "big=1" if session_asks.big_wanted() else ""}
    g.draw_ahead = functools.partial(_draw, current_app._get_current_object(), environ, session["project_id"],
                                     session["id"], make_context)


def _when_sent(response):
    """Registered before live's hook, so it runs after it: the joined screens are woken
    before the next panel is drawn, and never wait for it."""
    draw = g.pop("draw_ahead", None)
    if draw is not None:
        response.call_on_close(draw)
    return response


def init_app(app):
    """Before live.init_app (see _when_sent)."""
    app.before_request(_arrived)
    app.after_request(_when_sent)


def _draw(app, environ, project_id, session_id, make_context):
    """Draw and keep the panel, unless the server has other work: it gives up as soon as
    another request comes in (a tap straight after this one, a tablet's sync), which would
    otherwise wait on it for the interpreter; and it takes its turn with the session's
    joined screens (panel.one_at_a_time), as one more screen's panel, so their twenty
    drawings do not wait on it at every step."""
    began = _arrivals
    try:
        with app.request_context(environ), panel.one_at_a_time(session_id):
            seen = data_version(app.config["DATABASE"])    # before anything is read
            if _arrivals != began or not still_allowed("coder", {"project_id": project_id}):
                return      # (still_allowed signs the person in again, as now)
            session = sessions.get(project_id, session_id)
            if session is None or session["ended_at"] or not session["total"] or not sessions.drives(session):
                return
            after = sessions.next_position(session["position"], session["total"])
            context = make_context({**session, "position": after, "version": session["version"] + 1}, PARTS)
            if _arrivals != began:
                return
            html = panel.drawn_to_keep({**context, "message": None})
            with _kept_lock:
                if len(_kept) >= KEEP:
                    _kept.clear()
                _kept[_key(session)] = Ready(seen, session["version"], after, html)
    except Exception:      # only a panel not kept: Next draws it as it always did
        if app.testing:
            raise
        app.logger.exception("could not draw the next panel ahead")


def _arrived():
    """Every request counts (see _draw); a count missed now and then only lets one drawing finish."""
    global _arrivals
    _arrivals += 1


def move_next(session):
    """sessions.move(session, "next"), noting whether the panel kept for it still holds:
    checked inside the same write, so no other write can come between."""
    with _kept_lock:
        ready = _kept.pop(_key(session), None)
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        holds = ready is not None and ready.version == session["version"] and _unchanged_since(ready.seen)
        sessions.move(session, "next")
    g.ahead = ready if holds else None


def _unchanged_since(seen):
    try:
        return data_version(current_app.config["DATABASE"]) == seen
    except sqlite3.Error:      # busy, say: the panel is drawn afresh
        return False


def take(session, parts):
    """The kept panel for this Next's reply, with this request's form token, or None."""
    ready = g.pop("ahead", None)
    if ready is None or parts != PARTS or session["position"] != ready.position or \
            session["version"] != ready.version + 1:
        return None
    return panel.with_token(ready.html)

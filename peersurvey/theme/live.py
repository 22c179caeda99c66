"""Telling every joined screen that a coding session changed, within a second.

Each session has a version number in the database, moved on in the same transaction as
the change. Screens listen with Server-Sent Events (`stream`); when they cannot, they ask
"has version N moved?" every two seconds instead (static/coding/live.js).

A joined screen is sent its new panel in the event itself (`event: panel`), drawn for the
person it belongs to: twenty screens fetching their panels after every tap queued on the
server's two cores for a quarter of a second. The big screen (which drives) is sent only the
version: the reply to its own tap already carries its panel, and it fetches after anyone
else's change.

After a request that changed something, once its reply has gone, the app wakes every
waiting stream; each reads its session's version again and sends it if it moved. Streams also look every two seconds
on their own, so a change made by another server process still arrives.

Each open stream holds one of the server's threads, so only LIVE_STREAMS may be open at
once, and only LIVE_STREAMS_PER_PERSON for one person; past that the screen is told to poll.
A stream notices its screen has gone only when it writes (the server does not read while a
request runs), so a quiet stream says "still here" every few seconds: a place is given back
within seconds of the screen going away.
"""
import re
import threading
import time

from flask import current_app, g

from ..db import connect

_wake = threading.Condition()
_generation = 0
_open = 0
_by_person = {}       # person id: how many places they hold now
_open_lock = threading.Lock()

_LINE_BREAK = re.compile(r"\r\n|\r|\n")     # the three an event stream splits lines at
LOOK_AGAIN_SECONDS = 2
# A write to a screen that has gone succeeds once (the other end answers it with a reset)
# and fails the next time, so a place comes back within about two of these.
KEEPALIVE_SECONDS = 2


def changed():
    """Call after changing a session's version: its screens are woken when the request ends."""
    g.live_changed = True


def _wake_streams(response):
    """After a request that changed a session, wake every waiting stream once its reply has
    gone (the server closes the response after writing it): the screens' work, on the same
    two cores, never holds up the reply to the tap that made the change."""
    if g.pop("live_changed", False):
        response.call_on_close(_wake_all)
    return response


def _wake_all():
    global _generation
    with _wake:
        _generation += 1
        _wake.notify_all()


def init_app(app):
    app.after_request(_wake_streams)


class Stream:
    """One open stream: iterate it for its SSE lines. It holds one of the LIVE_STREAMS places
    until release(), which the view hands to response.call_on_close: a HEAD request (or a
    screen that goes away before the first line) closes the response without ever starting
    the generator, so its finally alone would never give the place back."""

    def __init__(self, session_id, last_version, person_id, draw):
        self._args = (current_app.config["DATABASE"], session_id, last_version,
                      current_app.config["LIVE_STREAM_SECONDS"], draw)
        self._person_id = person_id
        self._released = False

    def __iter__(self):
        try:
            yield from _events(*self._args)
        finally:
            self.release()

    def release(self):
        """Give the place back; safe to call more than once."""
        global _open
        with _open_lock:
            if not self._released:
                self._released = True
                _open -= 1
                _by_person[self._person_id] -= 1
                if not _by_person[self._person_id]:
                    del _by_person[self._person_id]


def open_stream(session_id, last_version, draw=None):
    """A Stream for this session, or None if too many streams are open, in all or for the
    signed-in person. draw(): the screen's new panel as HTML (drawn in a request context of
    its own), or False when the person may no longer see the session (which ends the
    stream); without it, the stream sends only the version."""
    global _open
    person_id = g.person["id"] if g.get("person") else None
    with _open_lock:
        if _open >= current_app.config["LIVE_STREAMS"] or \
                _by_person.get(person_id, 0) >= current_app.config["LIVE_STREAMS_PER_PERSON"]:
            return None
        _open += 1
        _by_person[person_id] = _by_person.get(person_id, 0) + 1
    return Stream(session_id, last_version, person_id, draw and _safely(draw, current_app._get_current_object()))


def _events(path, session_id, last_version, lifetime, draw):
    db = connect(path)
    try:
        yield f"retry: {LOOK_AGAIN_SECONDS * 1000}\n\n"
        started = quiet_since = time.monotonic()
        while time.monotonic() - started < lifetime:
            generation = _generation
            row = db.execute("select version, ended_at from coding_sessions where id = ?",
                             [session_id]).fetchone()
            if row is None or row[1] is not None:
                yield "event: ended\ndata: ended\n\n"
                return
            if row[0] != last_version:
                last_version = row[0]
                quiet_since = time.monotonic()
                html = draw() if draw else None
                if html is False:
                    yield "event: ended\ndata: gone\n\n"
                    return
                yield f"id: {last_version}\n" + (panel_event(html) if html else f"data: {last_version}\n\n")
            elif time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
                quiet_since = time.monotonic()
                yield ": still here\n\n"
            with _wake:
                if generation == _generation:
                    _wake.wait(LOOK_AGAIN_SECONDS)
    finally:
        db.close()


def _safely(draw, app):
    """draw, giving None if drawing failed (logged; raised in tests): the screen is sent the
    version and fetches its panel, which shows the problem, instead of the stream dying and
    the screen reconnecting into the same failure every two seconds."""
    def drawn():
        try:
            return draw()
        except Exception:
            if app.testing:
                raise
            app.logger.exception("could not draw a live panel")
            return None
    return drawn


def panel_event(html):
    """A panel as one Server-Sent Event: every line of it a data line (a line break inside
    the HTML would otherwise end the field), which EventSource joins back with newlines."""
    return "event: panel\n" + "".join(f"data: {line}\n" for line in _LINE_BREAK.split(html)) + "\n"

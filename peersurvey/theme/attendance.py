"""Who took part in each coding session, for paying them (docs/pay.md, "Time").

A person is seen when they join with the code, when their screen fetches the session's panel
or is sent it (after every tap on the big screen), when they tap a button, when they code on their
own, and when a lead drives the big screen. Their time in the session is the sum of the gaps
between sights of at most AWAY_AFTER_SECONDS (`active_seconds`): one `session_attendance`
row and ONE suggested work entry per person per session, written together.

This runs on every tap of every joined screen (twenty screens fetch a panel on each tap), so
it writes at most once a minute per person and session: the last write's time is kept in
this process's memory. Joining and the first sight in this process always write.
"""
import json
import threading
import time
from datetime import datetime, timezone

from flask import current_app, g

from ..db import get_db, now, writing
from ..pay.work import MAX_MINUTES

WRITE_EVERY_SECONDS = 60
# Writes happen at most once a minute while someone is there (WRITE_EVERY_SECONDS), so a
# longer gap between two sights means they were away: that gap is not counted as work.
AWAY_AFTER_SECONDS = 10 * 60

_last_write = {}     # (session id, person id) -> time.monotonic() of the last write
_lock = threading.Lock()


def seen(session, joined=False):
    """The signed-in person is taking part in `session` now. Never breaks the coding page:
    a failure is logged (and raised in tests, so it is never missed there)."""
    if session.get("ended_at") or not g.get("person"):
        return
    key = (session["id"], g.person["id"])
    moment = time.monotonic()
    with _lock:
        last = _last_write.get(key)
        if not joined and last is not None and moment - last < WRITE_EVERY_SECONDS:
            return
        _last_write[key] = moment
    try:
        record(session, g.person["id"], now(), joined=joined)
    except Exception:
        with _lock:
            _last_write.pop(key, None)   # try again on the next sight
        if current_app.testing:
            raise
        current_app.logger.exception("could not record attendance in coding session %s", session["id"])


def record(session, person_id, at, joined=False):
    """Write the attendance and its work entry in one transaction. The first sight and a join
    count 0; later sights add the gap since the last one when it is short. The minutes change
    only while the lead has not checked the entry yet."""
    db = get_db()
    with writing(db):
        row = db.execute(
            """select last_seen_at, active_seconds from session_attendance
               where session_id = ? and person_id = ?""", [session["id"], person_id]).fetchone()
        if row is None:
            db.execute(
                """insert into session_attendance (session_id, person_id, project_id, joined_at,
                                                   last_seen_at, active_seconds)
                   values (?, ?, ?, ?, ?, 0)""", [session["id"], person_id, session["project_id"], at, at])
            active = 0
        else:
            last_seen_at, active = row[0], row[1] or 0     # empty in rows from an older project file
            if at > last_seen_at:
                gap = seconds_between(last_seen_at, at)
                if not joined and gap <= AWAY_AFTER_SECONDS:
                    active += gap
                db.execute("""update session_attendance set last_seen_at = ?, active_seconds = ?
                              where session_id = ? and person_id = ?""", [at, active, session["id"], person_id])
        joined_at = db.execute(
            "select joined_at from session_attendance where session_id = ? and person_id = ?",
            [session["id"], person_id]).fetchone()[0]
        db.execute(
            """insert into work_entries (project_id, person_id, kind, started_at, minutes, source,
                                         detail, status, added_at)
               values (?, ?, 'coding', ?, ?, ?, ?, 'suggested', ?)
               on conflict (project_id, person_id, source) do update set minutes = excluded.minutes
               where work_entries.status = 'suggested'""",
            [session["project_id"], person_id, joined_at, active_minutes(active),
             f"session:{session['id']}", json.dumps({"session_id": session["id"]}), at])


def seconds_between(first, last):
    return max(0, round((_utc(last) - _utc(first)).total_seconds()))


def active_minutes(seconds):
    """Whole minutes, rounded; never more than a day (the lead puts it right when checking)."""
    return max(0, min(MAX_MINUTES, round(seconds / 60)))


def _utc(text):
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def forget():
    """Tests: start again as a new process would."""
    with _lock:
        _last_write.clear()

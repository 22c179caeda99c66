"""Coding sessions: which answers a session goes through, where it is, and who may drive it.

Two modes:
  group  one big screen drives (the person who started it, or a lead); others join with a
         short code, follow the big screen and vote; what the big screen taps is the group's
  own    one coder codes on their own, for comparing with others (agreement page)

A session's answers are fixed when it starts (or when its filters change), in interview
order, so "23 of 140" keeps meaning the same thing while the group works. Answers that
come in later go into the next session.
"""
import json
import secrets

from flask import g
from flask_babel import lazy_gettext as _l

from ..db import get_db, now, writing
from ..people import queries as people
from . import live

ENDED = _l("This session has finished. Start a new session to go on coding.")


class Refused(Exception):
    """A button that no longer fits what is stored (checked inside its write); the message
    says why, in plain words."""

    def __init__(self, message, status=409):
        super().__init__(str(message))
        self.message, self.status = str(message), status


def check_open(db, session):
    """Inside a write: the session has not ended (a moment ago, on another screen)."""
    row = db.execute("select ended_at from coding_sessions where id = ?", [session["id"]]).fetchone()
    if row is None or row[0]:
        raise Refused(ENDED)

# No 0/O, 1/I/L: the code is read off a big screen across a room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def _new_code(db):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.execute("select 1 from coding_sessions where join_code = ? and ended_at is null",
                          [code]).fetchone():
            return code


class _NothingToSort(Exception):
    pass


def start(project_id, questionnaire_id, person_id, mode, filters, keep_empty=True):
    """filters: {"questions": [keys], "heading": key or "", "site": name or "", "uncoded": bool,
    and optionally "answers": [answer ids]}. With keep_empty=False, a session whose filters
    match no answers is not made (nothing is left behind) and None is returned."""
    db = get_db()
    try:
        with writing(db):
            session_id = db["coding_sessions"].insert({
                "project_id": project_id, "questionnaire_id": questionnaire_id, "mode": mode,
                "join_code": _new_code(db) if mode == "group" else None,
                "filters": json.dumps(filters, ensure_ascii=False), "position": 0, "version": 0,
                "started_at": now(), "started_by": person_id,
            }).last_pk
            if not _fill(db, get(project_id, session_id)) and not keep_empty:
                raise _NothingToSort
    except _NothingToSort:
        return None
    return session_id


def refilter(session, filters):
    db = get_db()
    with writing(db):
        check_open(db, session)
        db.execute("update coding_sessions set filters = ?, position = 0, version = version + 1 where id = ?",
                   [json.dumps(filters, ensure_ascii=False), session["id"]])
        _fill(db, get(session["project_id"], session["id"]))
    live.changed()


def _fill(db, session):
    filters = session["filters"]
    owner = 0 if session["mode"] == "group" else session["started_by"]
    conditions, params = ["v.questionnaire_id = ?", "i.project_id = ?", "a.status = 'answered'",
                          "a.question in (select value from json_each(?))"], \
        [session["questionnaire_id"], session["project_id"], json.dumps(filters.get("questions", []))]
    if filters.get("answers"):   # a chosen few, such as the ones coders disagreed on
        conditions.append("a.id in (select value from json_each(?))")
        params.append(json.dumps(filters["answers"]))
    if filters.get("site"):
        conditions.append("i.site = ?")
        params.append(filters["site"])
    if filters.get("uncoded"):
        conditions.append("not exists (select 1 from codings c where c.answer_id = a.id and c.owner = ?)")
        params.append(owner)
    db.execute("delete from session_items where session_id = ?", [session["id"]])
    db.execute(f"""insert into session_items (session_id, seq, answer_id)
                   select ?, row_number() over (order by i.started_at, i.id, a.answered_at, a.id) - 1, a.id
                   from answers a join interviews i on i.id = a.interview_id
                   join questionnaire_versions v on v.id = i.questionnaire_version_id
                   where {' and '.join(conditions)}""", [session["id"], *params])
    total = db.execute("select count(*) from session_items where session_id = ?", [session["id"]]).fetchone()[0]
    db.execute("update coding_sessions set total = ? where id = ?", [total, session["id"]])
    return total


def sites(project_id):
    """The project's sites, in order. Drawn with every tap on the big screen (its filters),
    so read as a skip along the (project_id, site) index, one step per site: a plain
    `distinct` reads an index entry per interview, 25,000 of them in a big project."""
    return [row[0] for row in get_db().execute(
        """with recursive found(site) as (
             select min(site) from interviews where project_id = :project
             union all
             select (select min(site) from interviews where project_id = :project and site > found.site)
             from found where found.site is not null)
           select site from found where site is not null""", {"project": project_id})]


def get(project_id, session_id):
    """The session as a dict (filters read from JSON), or None. Read on every tap and poll,
    so one query."""
    rows = list(get_db().query("select * from coding_sessions where id = ? and project_id = ?",
                               [session_id, project_id]))
    if not rows:
        return None
    session = rows[0]
    session["filters"] = json.loads(session["filters"] or "{}")
    return session


def by_code(code):
    """The open group session with this join code, or None."""
    row = get_db().execute("select id, project_id from coding_sessions where join_code = ? "
                           "and ended_at is null and mode = 'group'", [code]).fetchone()
    return get(row[1], row[0]) if row else None


def open_sessions(project_id, person_id):
    """Group sessions anyone in the project may join, and this person's own sessions."""
    rows = get_db().query(
        """select s.*, people.name as started_by_name from coding_sessions s join people on people.id = s.started_by
           where s.project_id = ? and s.ended_at is null and (s.mode = 'group' or s.started_by = ?)
           order by s.id desc""", [project_id, person_id])
    return [dict(row, filters=json.loads(row["filters"] or "{}")) for row in rows]


def total(session_id):
    """How many answers the session holds (counted once, when its list is made). A session
    from get() has it already as session["total"]; this is for scripts with only an id."""
    return get_db().execute("select total from coding_sessions where id = ?", [session_id]).fetchone()[0]


def answer_at(session_id, seq):
    row = get_db().execute("select answer_id from session_items where session_id = ? and seq = ?",
                           [session_id, seq]).fetchone()
    return row[0] if row else None


def answer_on_screen(answer_id):
    """The answer, with what the screen needs of its interview (the questionnaire version it
    was asked from, and whether its words may be shared), in one read; None if withdrawn."""
    row = get_db().execute(
        """select a.id, a.question, a.value, i.questionnaire_version_id, i.share_words
           from answers a join interviews i on i.id = a.interview_id where a.id = ?""", [answer_id]).fetchone()
    if row is None:
        return None
    return {"id": row[0], "question": row[1], "value": row[2], "version_id": row[3], "share_words": row[4]}


def holds(session_id, answer_id):
    """True if the answer is in this session and still stored (not withdrawn)."""
    return get_db().execute(
        """select 1 from session_items si join answers a on a.id = si.answer_id
           where si.session_id = ? and si.answer_id = ?""", [session_id, answer_id]).fetchone() is not None


def move(session, to):
    """Go to the next or previous answer, or the next one nobody has coded yet: from where
    the session is now, read in the write, so two presses of Next at once move on twice."""
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        check_open(db, session)
        position, count = db.execute("select position, total from coding_sessions where id = ?",
                                     [session["id"]]).fetchone()
        if to == "next":
            position = next_position(position, count)
        elif to == "previous":
            position = max(position - 1, 0)
        elif to == "later":
            row = db.execute(
                "select min(seq) from session_items where session_id = ? and later = 1 and seq != ?",
                [session["id"], position]).fetchone()
            position = row[0] if row and row[0] is not None else position
        elif to == "uncoded":
            owner = owner_of(session)
            row = db.execute(
                """select min(seq) from session_items si where session_id = ? and seq > ?
                   and not exists (select 1 from codings c where c.answer_id = si.answer_id and c.owner = ?)""",
                [session["id"], position, owner]).fetchone()
            position = row[0] if row and row[0] is not None else position
        _set_position(session, position)


def next_position(position, count):
    """Where Next goes: on one, or stay on the last."""
    return min(position + 1, max(count - 1, 0))


def log(db, session, person_id, action, answer_id, theme_id=None, owner=None):
    """One row of the coding log: who changed what, when (and what undo takes back). A plain
    insert: sqlite-utils' insert() reads the schema first, three queries on every tap."""
    return db.execute(
        """insert into coding_log (at, project_id, session_id, person_id, action, answer_id, theme_id, owner)
           values (?, ?, ?, ?, ?, ?, ?, ?)""",
        [now(), session["project_id"], session["id"], person_id, action, answer_id, theme_id, owner]).lastrowid


def come_back_later(session, person_id, answer_id):
    """Mark the answer 'not sure' and move on."""
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        check_open(db, session)
        if db.execute("update session_items set later = 1 where session_id = ? and answer_id = ? and later = 0",
                      [session["id"], answer_id]).rowcount:
            log(db, session, person_id, "later", answer_id)
        move(session, "next")


def later_count(session_id):
    return get_db().execute("select count(*) from session_items where session_id = ? and later = 1",
                            [session_id]).fetchone()[0]


def _set_position(session, position):
    get_db().execute("update coding_sessions set position = ?, version = version + 1 where id = ?",
                     [position, session["id"]])
    session["position"] = position
    live.changed()


def end(session):
    """End the session; ending it again (two screens at once) changes nothing."""
    db = get_db()
    with writing(db):
        db.execute("update coding_sessions set ended_at = ?, version = version + 1 where id = ? "
                   "and ended_at is null", [now(), session["id"]])
    live.changed()


def owner_of(session):
    """Whose codings this session makes: the group's (0) or the one coder's."""
    return 0 if session["mode"] == "group" else session["started_by"]


def drives(session):
    """True if the signed-in person taps for the group (or codes their own session)."""
    if session["started_by"] == g.person["id"]:
        return True
    return session["mode"] == "group" and g.signed_in_with == "password" and \
        people.has_role(session["project_id"], g.person["id"], "lead")


def may_open(session):
    """Own sessions are private to their coder; group sessions are open to the project's coders."""
    return session["mode"] == "group" or session["started_by"] == g.person["id"]

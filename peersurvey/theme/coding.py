"""Giving answers themes: tags (the group's or one coder's own), votes from joined screens,
quotes, and undo. Every change is one short write transaction that also writes the coding
log (who, what, when) and moves the session's version on, so every screen redraws.

Tagging is idempotent: two people giving the same answer the same theme at the same
moment make one coding; different themes make one coding each. Nothing is lost.
"""
from ..db import get_db, now, writing
from . import live, sessions


def _log(db, session, person_id, action, answer_id, theme_id=None, owner=None):
    db["coding_log"].insert({
        "at": now(), "project_id": session["project_id"], "session_id": session["id"],
        "person_id": person_id, "action": action, "answer_id": answer_id,
        "theme_id": theme_id, "owner": owner})


def _bump(db, session):
    db.execute("update coding_sessions set version = version + 1 where id = ?", [session["id"]])
    live.changed()


def themes_of(answer_id, owner):
    return {row[0] for row in get_db().execute(
        "select theme_id from codings where answer_id = ? and owner = ?", [answer_id, owner])}


def toggle_tag(session, person_id, answer_id, theme_id):
    """Give the answer this theme, or take it away if it has it. Returns True if now given."""
    owner = sessions.owner_of(session)
    db = get_db()
    with writing(db):
        given = _tag(db, session, person_id, answer_id, theme_id, owner,
                     add=theme_id not in themes_of(answer_id, owner))
        _bump(db, session)
    return given


def _tag(db, session, person_id, answer_id, theme_id, owner, add):
    if add:
        db.execute("""insert or ignore into codings
                      (project_id, answer_id, theme_id, owner, session_id, created_at, created_by)
                      values (?, ?, ?, ?, ?, ?, ?)""",
                   [session["project_id"], answer_id, theme_id, owner, session["id"], now(), person_id])
        db.execute("update session_items set later = 0 where session_id = ? and answer_id = ?",
                   [session["id"], answer_id])
    else:
        db.execute("delete from codings where answer_id = ? and theme_id = ? and owner = ?",
                   [answer_id, theme_id, owner])
    _log(db, session, person_id, "tag" if add else "untag", answer_id, theme_id, owner)
    return add


def confirm_votes(session, person_id, answer_id):
    """Give the answer every theme someone voted for (the group agrees on the big screen)."""
    db = get_db()
    with writing(db):
        voted = {row[0] for row in db.execute(
            "select distinct theme_id from votes where session_id = ? and answer_id = ?",
            [session["id"], answer_id])}
        for theme_id in sorted(voted - themes_of(answer_id, 0)):
            _tag(db, session, person_id, answer_id, theme_id, 0, add=True)
        _bump(db, session)
    return voted


def toggle_vote(session, person_id, answer_id, theme_id):
    db = get_db()
    with writing(db):
        had = db.execute("""delete from votes where session_id = ? and answer_id = ?
                            and person_id = ? and theme_id = ?""",
                         [session["id"], answer_id, person_id, theme_id]).rowcount
        if not had:
            db["votes"].insert({"session_id": session["id"], "answer_id": answer_id,
                                "person_id": person_id, "theme_id": theme_id, "at": now()})
        _log(db, session, person_id, "unvote" if had else "vote", answer_id, theme_id)
        _bump(db, session)
    return not had


def votes(session_id, answer_id):
    """{theme id: [names of who voted for it]}, names in the order they voted."""
    result = {}
    for theme_id, name in get_db().execute(
            """select votes.theme_id, people.name from votes join people on people.id = votes.person_id
               where session_id = ? and answer_id = ? order by votes.at, people.name""",
            [session_id, answer_id]):
        result.setdefault(theme_id, []).append(name)
    return result


def undo(session, person_id):
    """Take back the last tag or untag made in this session by whoever drives it (for an
    own session, its coder). Returns the log entry undone, or None if nothing is left."""
    db = get_db()
    with writing(db):
        row = db.execute("""select id, action, answer_id, theme_id, owner from coding_log
                            where session_id = ? and action in ('tag', 'untag') and undone = 0
                            and answer_id in (select answer_id from session_items where session_id = ?)
                            order by id desc limit 1""", [session["id"], session["id"]]).fetchone()
        if row is None:
            return None
        entry_id, action, answer_id, theme_id, owner = row
        db.execute("update coding_log set undone = 1 where id = ?", [entry_id])
        if db.execute("select 1 from themes where id = ? and merged_into is null", [theme_id]).fetchone():
            _tag(db, session, person_id, answer_id, theme_id, owner, add=(action == "untag"))
            db.execute("update coding_log set undone = 1 where id = last_insert_rowid()")
        # Show the answer the undo changed, so the group sees what came back.
        seq = db.execute("select seq from session_items where session_id = ? and answer_id = ?",
                         [session["id"], answer_id]).fetchone()[0]
        db.execute("update coding_sessions set position = ? where id = ?", [seq, session["id"]])
        _bump(db, session)
    return {"action": action, "answer_id": answer_id, "theme_id": theme_id}


def may_quote(answer_id):
    """An answer may be a quote only if its participant agreed their words could be shared."""
    row = get_db().execute("""select i.share_words from answers a join interviews i on i.id = a.interview_id
                              where a.id = ?""", [answer_id]).fetchone()
    return bool(row and row[0] == 1)


def is_quote(answer_id):
    return get_db().execute("select 1 from quotes where answer_id = ?", [answer_id]).fetchone() is not None


def toggle_quote(session, person_id, answer_id):
    db = get_db()
    with writing(db):
        if db.execute("delete from quotes where answer_id = ?", [answer_id]).rowcount:
            marked = False
        else:
            db["quotes"].insert({"answer_id": answer_id, "project_id": session["project_id"],
                                 "marked_at": now(), "marked_by": person_id})
            marked = True
        _log(db, session, person_id, "quote" if marked else "unquote", answer_id)
        _bump(db, session)
    return marked

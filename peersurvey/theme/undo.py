"""Undo in a coding session: the last change of any kind taken back (a theme given or taken
off, a vote, a good quote, "not sure", a theme made on the spot), the session moved to the
answer it changed, and what was undone said in plain words. Undo again takes back the one
before. Each change is a row of the coding log; an undone row is marked, never deleted, so
the log still says who did what.

Undo is one write (the session's lock), so two taps at once undo two changes, never one
twice."""
import json

from flask_babel import lazy_gettext as _l

from ..db import get_db, now, writing
from ..i18n import text_in
from . import coding

SAID = {
    "tag": _l("Undone: the theme %(theme)s given to answer %(number)d."),
    "untag": _l("Undone: the theme %(theme)s taken off answer %(number)d. It is back on."),
    "vote": _l("Undone: a vote for %(theme)s on answer %(number)d."),
    "unvote": _l("Undone: a vote taken back from %(theme)s on answer %(number)d. It is back."),
    "quote": _l("Undone: answer %(number)d marked as a good quote."),
    "unquote": _l("Undone: the good quote taken off answer %(number)d. It is a good quote again."),
    "later": _l("Undone: answer %(number)d marked ‘not sure’."),
    "new_theme": _l("Undone: the new theme %(theme)s made on answer %(number)d."),
}
UNDOABLE = tuple(SAID)
SESSIONS_OWN = ("vote", "unvote", "later")     # not the answer's: other sessions do not show them


def undo(session, person_id):
    """Take back the last change in this session. Returns the sentence that says what was
    undone, or None if there is nothing left to undo."""
    db = get_db()
    with writing(db):    # waits for the disk: undoing a new theme changes the codebook
        coding._check(db, session)
        row = db.execute(f"""select id, action, answer_id, theme_id, owner, person_id from coding_log
                             where session_id = ? and undone = 0
                             and action in ({", ".join("?" * len(UNDOABLE))})
                             and answer_id in (select answer_id from session_items where session_id = ?)
                             order by id desc limit 1""",
                         [session["id"], *UNDOABLE, session["id"]]).fetchone()
        if row is None:
            return None
        entry = dict(zip(("id", "action", "answer_id", "theme_id", "owner", "person_id"), row))
        db.execute("update coding_log set undone = 1 where id = ?", [entry["id"]])
        words = _theme_words(db, entry["theme_id"])     # before a theme made here is removed
        TAKE_BACK[entry["action"]](db, session, person_id, entry)
        seq = db.execute("select seq from session_items where session_id = ? and answer_id = ?",
                         [session["id"], entry["answer_id"]]).fetchone()[0]
        # Show the answer the undo changed, so the group sees what came back (and other
        # rooms showing it too, unless what came back is this session's own).
        db.execute("update coding_sessions set position = ? where id = ?", [seq, session["id"]])
        if entry["action"] in SESSIONS_OWN:
            coding.bump_session(db, session)
        else:
            coding.bump_answer(db, session, entry["answer_id"])
    return SAID[entry["action"]] % {"theme": words, "number": seq + 1}


def _theme_words(db, theme_id):
    if theme_id is None:
        return ""
    row = db.execute("select words from themes where id = ?", [theme_id]).fetchone()
    return f"‘{text_in(json.loads(row[0]))}’" if row else ""


def _active(db, theme_id):
    return db.execute("select 1 from themes where id = ? and merged_into is null", [theme_id]).fetchone()


def _tag(add):
    def take_back(db, session, person_id, entry):
        if _active(db, entry["theme_id"]):
            again = coding._tag(db, session, person_id, entry["answer_id"], entry["theme_id"],
                                entry["owner"], add=add)
            if again is not None:        # the undo's own log row is not itself undone later
                db.execute("update coding_log set undone = 1 where id = ?", [again])
    return take_back


def _vote(add):
    def take_back(db, session, person_id, entry):
        key = [session["id"], entry["answer_id"], entry["person_id"], entry["theme_id"]]
        if not add:
            db.execute("""delete from votes where session_id = ? and answer_id = ? and person_id = ?
                          and theme_id = ?""", key)
        elif _active(db, entry["theme_id"]):
            db.execute("""insert or ignore into votes (session_id, answer_id, person_id, theme_id, at)
                          values (?, ?, ?, ?, ?)""", [*key, now()])
    return take_back


def _quote(marked):
    def take_back(db, session, person_id, entry):
        if not marked:
            db.execute("delete from quotes where answer_id = ?", [entry["answer_id"]])
        elif coding.may_quote(entry["answer_id"]):
            db.execute("""insert or ignore into quotes (answer_id, project_id, marked_at, marked_by)
                          values (?, ?, ?, ?)""", [entry["answer_id"], session["project_id"], now(), person_id])
    return take_back


def _not_sure(db, session, person_id, entry):
    db.execute("update session_items set later = 0 where session_id = ? and answer_id = ?",
               [session["id"], entry["answer_id"]])


def _new_theme(db, session, person_id, entry):
    """The theme made on the spot comes off the answer (the tag or vote made with it), and
    goes from the codebook if nothing else has used it since; else it stays there."""
    theme_id, answer_id = entry["theme_id"], entry["answer_id"]
    db.execute("delete from codings where theme_id = ? and answer_id = ? and session_id = ?",
               [theme_id, answer_id, session["id"]])
    db.execute("delete from votes where theme_id = ? and answer_id = ? and session_id = ?",
               [theme_id, answer_id, session["id"]])
    db.execute("""update coding_log set undone = 1 where session_id = ? and theme_id = ?
                  and answer_id = ? and action in ('tag', 'vote')""", [session["id"], theme_id, answer_id])
    used = db.execute("""select 1 from codings where theme_id = ? union all
                         select 1 from votes where theme_id = ? union all
                         select 1 from themes where parent_id = ? or merged_into = ? union all
                         select 1 from theme_actions where theme_id = ? limit 1""",
                      [theme_id] * 5).fetchone()
    if not used:
        db.execute("delete from theme_history where theme_id = ?", [theme_id])
        db.execute("delete from themes where id = ?", [theme_id])


TAKE_BACK = {"tag": _tag(add=False), "untag": _tag(add=True), "vote": _vote(add=False),
             "unvote": _vote(add=True), "quote": _quote(marked=False), "unquote": _quote(marked=True),
             "later": _not_sure, "new_theme": _new_theme}

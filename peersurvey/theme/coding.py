"""Giving answers themes: tags (the group's or one coder's own), votes from joined screens,
and quotes (undo.py takes any of them back). Every change is one short write transaction that also writes the coding
log (who, what, when) and moves the session's version on, so every screen redraws.

Every button says the state it wants (give the theme, or take it off; vote or not; a quote
or not), and the server sets that state. So two people tapping "give" at once, a screen that
was out of date, or a tap sent again after the network dropped all leave what was meant:
a repeat changes nothing and logs nothing. Different themes make one coding each.

What the screen showed may have changed a moment before the tap arrives: the theme merged
away, the answer withdrawn, the session ended. So each tap checks those inside its own
write (Refused), never before it: no coding on a retired theme, no foreign-key failure.
"""
from flask_babel import lazy_gettext as _l

from ..db import get_db, now, writing
from ..faults import crash_point
from . import live, sessions
from .sessions import ENDED, Refused  # noqa: F401  (re-exported for the views)

ANSWER_GONE = _l("That answer is not here any more: the person who gave it may have asked "
                 "for it to be taken out. Nothing was changed. Carry on with this answer.")
NOT_SHARED = _l("This person did not say we can share their words, so this answer cannot be a quote.")
THEME_GONE = _l("That theme is not in this project's codebook any more. Choose one of the "
                "theme cards on the screen.")


def _check(db, session, answer_id=None, theme_id=None):
    """Inside the tap's write: the session is open, the answer is still in it (and stored),
    and the theme is in the project's codebook and not merged away."""
    sessions.check_open(db, session)
    if answer_id is not None and not sessions.holds(session["id"], answer_id):
        raise Refused(ANSWER_GONE)
    if theme_id is not None and not db.execute(
            "select 1 from themes where id = ? and project_id = ? and merged_into is null",
            [theme_id, session["project_id"]]).fetchone():
        raise Refused(THEME_GONE)


_log = sessions.log


def bump_session(db, session):
    """This session's screens draw it again (a vote or "not sure" is this session's alone)."""
    db.execute("update coding_sessions set version = version + 1 where id = ?", [session["id"]])
    live.changed()


def bump_answer(db, session, answer_id):
    """This session's screens, and those of every other open session showing this answer
    now, draw it again: its themes (the group's are every group session's), whether it is
    a quote and its words belong to the answer, not to one session. So two rooms on the
    same answer each see the other's taps at once, and a tap's reply that sends only the
    parts it changed (session_views._only_this_tap) never lands on a screen that missed
    the other room's change."""
    db.execute("""update coding_sessions set version = version + 1
                  where id = ? or (project_id = ? and ended_at is null and exists (
                      select 1 from session_items si where si.session_id = coding_sessions.id
                      and si.answer_id = ? and si.seq = coding_sessions.position))""",
               [session["id"], session["project_id"], answer_id])
    live.changed()


def themes_of(answer_id, owner):
    return {row[0] for row in get_db().execute(
        "select theme_id from codings where answer_id = ? and owner = ?", [answer_id, owner])}


def set_tag(session, person_id, answer_id, theme_id, given):
    """Give the answer this theme (given=True) or take it off (False). Returns True if
    anything changed; setting what is already there changes and logs nothing."""
    owner = sessions.owner_of(session)
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        _check(db, session, answer_id, theme_id if given else None)
        changed = _tag(db, session, person_id, answer_id, theme_id, owner, add=given) is not None
        if changed:
            bump_answer(db, session, answer_id)
        crash_point("tap.before_commit")
    crash_point("tap.after_commit")
    return changed



def _tag(db, session, person_id, answer_id, theme_id, owner, add):
    """Set one coding; returns the coding log entry's id, or None if it was already so."""
    if add:
        changed = db.execute("""insert or ignore into codings
                      (project_id, answer_id, theme_id, owner, session_id, created_at, created_by)
                      values (?, ?, ?, ?, ?, ?, ?)""",
                   [session["project_id"], answer_id, theme_id, owner, session["id"], now(), person_id]).rowcount
        if changed:
            db.execute("update session_items set later = 0 where session_id = ? and answer_id = ?",
                       [session["id"], answer_id])
    else:
        changed = db.execute("delete from codings where answer_id = ? and theme_id = ? and owner = ?",
                             [answer_id, theme_id, owner]).rowcount
    if not changed:
        return None
    return _log(db, session, person_id, "tag" if add else "untag", answer_id, theme_id, owner)


def confirm_votes(session, person_id, answer_id):
    """Give the answer every theme someone voted for (the group agrees on the big screen)."""
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        _check(db, session, answer_id)
        voted = {row[0] for row in db.execute(
            "select distinct theme_id from votes where session_id = ? and answer_id = ?",
            [session["id"], answer_id])}
        for theme_id in sorted(voted - themes_of(answer_id, 0)):
            _tag(db, session, person_id, answer_id, theme_id, 0, add=True)
        bump_answer(db, session, answer_id)
    return voted


def set_vote(session, person_id, answer_id, theme_id, given):
    """This person thinks the theme fits (given=True) or not. Returns True if anything changed."""
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        _check(db, session, answer_id, theme_id if given else None)
        if given:
            changed = db.execute("""insert or ignore into votes (session_id, answer_id, person_id, theme_id, at)
                                    values (?, ?, ?, ?, ?)""",
                                 [session["id"], answer_id, person_id, theme_id, now()]).rowcount
        else:
            changed = db.execute("""delete from votes where session_id = ? and answer_id = ?
                                    and person_id = ? and theme_id = ?""",
                                 [session["id"], answer_id, person_id, theme_id]).rowcount
        if changed:
            _log(db, session, person_id, "vote" if given else "unvote", answer_id, theme_id)
            bump_session(db, session)
    return bool(changed)



def votes(session_id, answer_id):
    """{theme id: [names of who voted for it]}, names in the order they voted."""
    result = {}
    for theme_id, name in get_db().execute(
            """select votes.theme_id, people.name from votes join people on people.id = votes.person_id
               where session_id = ? and answer_id = ? order by votes.at, people.name""",
            [session_id, answer_id]):
        result.setdefault(theme_id, []).append(name)
    return result


def votes_by(session_id, answer_id, person_id):
    """The theme ids this person voted for on this answer in this session."""
    return {row[0] for row in get_db().execute(
        "select theme_id from votes where session_id = ? and answer_id = ? and person_id = ?",
        [session_id, answer_id, person_id])}


def may_quote(answer_id):
    """An answer may be a quote only if its participant agreed their words could be shared."""
    row = get_db().execute("""select i.share_words from answers a join interviews i on i.id = a.interview_id
                              where a.id = ?""", [answer_id]).fetchone()
    return bool(row and row[0] == 1)


def is_quote(answer_id):
    return get_db().execute("select 1 from quotes where answer_id = ?", [answer_id]).fetchone() is not None


def set_quote(session, person_id, answer_id, marked):
    """Mark the answer as a good quote (marked=True) or not. Returns True if anything changed."""
    db = get_db()
    with writing(db, wait_for_disk=False):    # a tap (see db.writing)
        _check(db, session, answer_id)
        if marked and not may_quote(answer_id):
            raise Refused(NOT_SHARED, 400)
        if marked:
            changed = db.execute("""insert or ignore into quotes (answer_id, project_id, marked_at, marked_by)
                                    values (?, ?, ?, ?)""",
                                 [answer_id, session["project_id"], now(), person_id]).rowcount
        else:
            changed = db.execute("delete from quotes where answer_id = ?", [answer_id]).rowcount
        if changed:
            _log(db, session, person_id, "quote" if marked else "unquote", answer_id)
            bump_answer(db, session, answer_id)
    return bool(changed)

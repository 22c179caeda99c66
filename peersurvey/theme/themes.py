"""The codebook: a project's themes, and every change made to them.

A theme has words in each language, a short description, a colour and a picture, and may
sit under one top-level theme (one level of sub-themes keeps the cards easy to follow).
Merging moves every coding and vote to the kept theme and marks the other as merged, so
nothing is lost and the history can say where it went. Splitting makes a new theme and
moves the chosen answers' codings to it.
"""
import json

from flask_babel import lazy_gettext as _l

from ..db import get_db, now, writing
from . import coding, sessions

# Colours are named, so a card can say its colour in words; all are dark enough for white
# text (WCAG AA), and every card also carries words and a picture, never colour alone.
COLOURS = {
    "blue": ("#1f5fbf", _l("Blue")),
    "green": ("#1b7a3a", _l("Green")),
    "orange": ("#a84e00", _l("Orange")),
    "purple": ("#6b3fa0", _l("Purple")),
    "red": ("#b3261e", _l("Red")),
    "teal": ("#00707a", _l("Teal")),
    "pink": ("#a3336b", _l("Pink")),
    "brown": ("#7a4e1d", _l("Brown")),
    "grey": ("#4d4d4d", _l("Grey")),
}


class ThemeProblem(ValueError):
    """A change the codebook cannot make; the message says why in plain words."""


class TooMany(ThemeProblem):
    """The project has as many themes as it may (MOST): no new one until some are merged."""


GONE = _l("That theme is not in this project's codebook any more. Choose one from the list.")
# Themes a project may have at once (merged ones do not count): more is no codebook a group
# can sort with, and each is a button on every screen and a bar on every chart.
MOST = 200


def _row(row):
    theme = dict(row)
    theme["words"] = json.loads(theme["words"])
    theme["description"] = json.loads(theme["description"] or "{}")
    return theme


# What active() made of the rows it read, by the rows themselves: the panel of a coding
# session reads the themes on every tap, and reading their words from JSON again each time
# was a twentieth of a tap. Keyed by the rows as read, so a change to a theme is a new key.
_active = {}
KEEP_ACTIVE = 256


def active(project_id):
    """The project's themes that are in use (not merged away), top-level ones first by words,
    each followed by its sub-themes."""
    cursor = get_db().conn.execute(
        "select * from themes where project_id = ? and merged_into is null order by id", [project_id])
    rows = tuple(cursor)
    ordered = _active.get(rows)
    if ordered is None:
        if len(_active) >= KEEP_ACTIVE:
            _active.clear()
        names = [column[0] for column in cursor.description]
        ordered = _active[rows] = _in_order([_row(dict(zip(names, row))) for row in rows])
    return [{**theme, "words": dict(theme["words"]), "description": dict(theme["description"])}
            for theme in ordered]


def _in_order(rows):
    by_parent = {}
    for theme in rows:
        by_parent.setdefault(theme["parent_id"], []).append(theme)
    ordered = []
    for top in by_parent.get(None, []):
        ordered.append(top)
        ordered.extend(by_parent.get(top["id"], []))
    return ordered


def get(project_id, theme_id):
    """The theme if it belongs to this project, else None (merged ones included)."""
    rows = list(get_db().query("select * from themes where id = ? and project_id = ?",
                               [theme_id, project_id]))
    return _row(rows[0]) if rows else None


def get_active(project_id, theme_id):
    theme = get(project_id, theme_id) if isinstance(theme_id, int) else None
    return theme if theme and theme["merged_into"] is None else None


def next_colour(project_id):
    """The colour used least so far, so cards made on the spot look different."""
    used = {}
    for theme in active(project_id):
        used[theme["colour"]] = used.get(theme["colour"], 0) + 1
    return min(COLOURS, key=lambda name: (used.get(name, 0), list(COLOURS).index(name)))


def add(project_id, person_id, words, description=None, colour=None, picture=None, parent_id=None):
    db = get_db()
    with writing(db):
        _check_parent(project_id, None, parent_id)
        count = db.execute("select count(*) from themes where project_id = ? and merged_into is null",
                           [project_id]).fetchone()[0]
        if count >= MOST:     # a project brought in from a file may have more
            raise TooMany(_l("This project has %(count)d themes, and %(most)d is the most it can have. "
                             "Join themes that say the same thing (“Merge it into another theme”) before you "
                             "make another.", count=count, most=MOST))
        theme_id = db["themes"].insert({
            "project_id": project_id, "parent_id": parent_id,
            "words": json.dumps(words, ensure_ascii=False),
            "description": json.dumps(description or {}, ensure_ascii=False),
            "colour": colour or next_colour(project_id), "picture": picture or None,
            "created_at": now(), "created_by": person_id,
        }).last_pk
        _history(theme_id, person_id, "create", words=words)
        _touch_sessions(project_id)
    return theme_id


def add_on_the_spot(session, person_id, answer_id, words):
    """Make a theme during a session and give it to the answer: the big screen tags it, a
    joined screen in a group session votes for it. All or nothing: a tap refused in its
    write (coding.Refused: the answer withdrawn, the session ended a moment ago) leaves no
    theme behind."""
    with writing(get_db()):
        theme_id = add(session["project_id"], person_id, words)
        if sessions.drives(session):
            coding.set_tag(session, person_id, answer_id, theme_id, True)
        elif session["mode"] == "group":
            coding.set_vote(session, person_id, answer_id, theme_id, True)
        # Last, so one undo takes back the theme and the tag or vote made with it.
        sessions.log(get_db(), session, person_id, "new_theme", answer_id, theme_id)
    return theme_id


def change(project_id, person_id, theme_id, words, description, colour, picture, parent_id):
    db = get_db()
    # Checked inside the write lock, so a theme merged away meanwhile is not changed back.
    with writing(db):
        theme = get_active(project_id, theme_id)
        if theme is None:
            raise ThemeProblem(GONE)
        _check_parent(project_id, theme_id, parent_id)
        db["themes"].update(theme_id, {
            "words": json.dumps(words, ensure_ascii=False),
            "description": json.dumps(description or {}, ensure_ascii=False),
            "colour": colour, "picture": picture or None, "parent_id": parent_id})
        if words != theme["words"]:
            _history(theme_id, person_id, "rename", before=theme["words"], words=words)
        else:
            _history(theme_id, person_id, "change", words=words)
        _touch_sessions(project_id)


def merge(project_id, person_id, from_id, into_id):
    """Move every coding (the group's and each coder's own) and vote of `from_id` to `into_id`,
    then retire `from_id`; returns how many answers moved."""
    if from_id == into_id:
        raise ThemeProblem(_l("A theme cannot be merged into itself. Choose a different theme to keep."))
    db = get_db()
    # The checks sit inside the write lock: two people merging A into B and B into A at
    # once would otherwise both pass them, and both themes would be put away.
    with writing(db):
        gone, kept = get_active(project_id, from_id), get_active(project_id, into_id)
        if gone is None or kept is None:
            raise ThemeProblem(GONE)
        if kept["parent_id"] == from_id:
            raise ThemeProblem(_l("A theme cannot be merged into one of its own sub-themes. "
                                  "Merge the sub-theme into it instead."))
        # Everyone's codings move, the group's and each coder's own (the theme is gone for
        # everyone); the history and the message count the answers, each once.
        moved = db.execute("select count(distinct answer_id) from codings where theme_id = ?",
                           [from_id]).fetchone()[0]
        # An answer that had both themes keeps one coding of the kept theme.
        db.execute("""insert or ignore into codings
                      (project_id, answer_id, theme_id, owner, session_id, created_at, created_by)
                      select project_id, answer_id, ?, owner, session_id, created_at, created_by
                      from codings where theme_id = ?""", [into_id, from_id])
        db.execute("delete from codings where theme_id = ?", [from_id])
        db.execute("""insert or ignore into votes (session_id, answer_id, person_id, theme_id, at)
                      select session_id, answer_id, person_id, ?, at from votes where theme_id = ?""",
                   [into_id, from_id])
        db.execute("delete from votes where theme_id = ?", [from_id])
        parent_for_children = into_id if kept["parent_id"] is None else kept["parent_id"]
        db.execute("update themes set parent_id = ? where parent_id = ?", [parent_for_children, from_id])
        db.execute("update themes set merged_into = ? where id = ?", [into_id, from_id])
        _history(from_id, person_id, "merged_into", words=kept["words"], codings=moved)
        _history(into_id, person_id, "merged_from", words=gone["words"], codings=moved)
        _touch_sessions(project_id)
    return moved


def split(project_id, person_id, theme_id, words, answer_ids):
    """Make a new theme next to `theme_id` and move the codings of `answer_ids` to it."""
    db = get_db()
    with writing(db):
        theme = get_active(project_id, theme_id)
        if theme is None:
            raise ThemeProblem(GONE)
        new_id = add(project_id, person_id, words, colour=next_colour(project_id),
                     picture=theme["picture"], parent_id=theme["parent_id"])
        db.execute("update codings set theme_id = ? where theme_id = ? "
                   "and answer_id in (select value from json_each(?))",
                   [new_id, theme_id, json.dumps(list(answer_ids))])
        # Answers, each once, as for merging (a coder's own coding moves with the group's).
        moved = db.execute("select count(distinct answer_id) from codings where theme_id = ?",
                           [new_id]).fetchone()[0]
        _history(theme_id, person_id, "split_to", words=words, codings=moved)
        _history(new_id, person_id, "split_from", words=theme["words"], codings=moved)
    return new_id


def _check_parent(project_id, theme_id, parent_id):
    if parent_id is None:
        return
    parent = get_active(project_id, parent_id)
    if parent is None:
        raise ThemeProblem(_l("Choose a theme from the list to put this one under."))
    if parent_id == theme_id:
        raise ThemeProblem(_l("A theme cannot sit under itself. Choose a different theme, or none."))
    if parent["parent_id"] is not None:
        raise ThemeProblem(_l("That theme is already a sub-theme. Choose a main theme to put this one under."))
    if theme_id is not None and get_db().execute(
            "select 1 from themes where parent_id = ? and merged_into is null", [theme_id]).fetchone():
        raise ThemeProblem(_l("This theme has sub-themes of its own, so it cannot go under another theme."))


def _history(theme_id, person_id, action, **detail):
    get_db()["theme_history"].insert({
        "theme_id": theme_id, "at": now(), "person_id": person_id, "action": action,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)})


def _touch_sessions(project_id):
    """Open sessions redraw their theme cards when the codebook changes."""
    from . import live
    get_db().execute("update coding_sessions set version = version + 1 "
                     "where project_id = ? and ended_at is null", [project_id])
    live.changed()


def history(theme_id):
    rows = get_db().query(
        """select theme_history.*, people.name as person_name from theme_history
           left join people on people.id = theme_history.person_id
           where theme_id = ? order by theme_history.id desc""", [theme_id])
    return [dict(row, detail=json.loads(row["detail"])) for row in rows]


def answer_counts(project_id):
    """{theme id: answers the group gave it}."""
    return {row["theme_id"]: row["n"] for row in get_db().query(
        "select theme_id, count(*) as n from codings where project_id = ? and owner = 0 group by theme_id",
        [project_id])}


def group_answer_ids(project_id, theme_id, limit=500):
    """Ids of the answers the group gave this theme, at most `limit`, in the codings' order."""
    return [row[0] for row in get_db().execute(
        "select answer_id from codings where theme_id = ? and owner = 0 and project_id = ? order by id limit ?",
        [theme_id, project_id, limit])]

"""Questionnaires and their versions.

A questionnaire has numbered versions. At most one is a draft (the one the builder
edits); the others are published and frozen (the database refuses to change them).
Editing after publishing starts a new draft from the newest published version.

A draft has a `revision` that every save moves on, in the same write. Each builder page
sends the revision it was made from, and a save made from an older one is refused
(Stale), so two people working on one draft never silently undo each other's changes.
(The one save that keeps the revision is a recording from the recorder, which saves
without reloading its page: see save_recording.)
"""
import json

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import audit
from ..questions import kind_of
from ..db import get_db, now, writing
from . import document as doc


class Stale(Exception):
    """Someone saved the draft after the page this change was made on was shown."""


class NotDraft(Exception):
    """The version was published meanwhile, so it cannot change any more."""


class NoQuestions(Exception):
    """A questionnaire with no questions cannot be published."""


class Unfinished(Exception):
    """Questions a tablet could not ask; `problems` say which, in plain words."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def unfinished(document):
    """A sentence for each question a tablet could not ask: no words in either language and
    no picture or recording either, or answers to choose from and none there (an XLSForm's
    missing list, say)."""
    problems = []
    for question in document["questions"]:
        if not any(words.strip() for words in question["text"].values()) and not question.get("picture") \
                and not any((question.get("audio") or {}).values()):     # a picture or a voice may carry it
            problems.append(_l("The question “%(key)s” has no words, picture or recording. Write its words, or take the "
                               "question out.",
                               key=question["key"]))
        elif kind_of(question).HAS_OPTIONS and not question.get("options"):
            problems.append(_l("The question “%(key)s” has no answers to choose from. Add some, or take "
                               "the question out.", key=question["key"]))
    return problems


def create(project_id, title, person_id, document=None):
    db = get_db()
    document = document or doc.new_document(title)
    doc.check(document)
    with writing(db):
        questionnaire_id = db["questionnaires"].insert(
            {"project_id": project_id, "created_at": now(), "created_by": person_id}).last_pk
        db["questionnaire_versions"].insert({
            "questionnaire_id": questionnaire_id, "number": 1, "status": "draft",
            "document": json.dumps(document, ensure_ascii=False), "created_at": now(),
            "created_by": person_id})
    return questionnaire_id


def get(project_id, questionnaire_id):
    rows = list(get_db().query("select * from questionnaires where id = ? and project_id = ?",
                               [questionnaire_id, project_id]))
    return rows[0] if rows else None


def _version(row):
    return dict(row, document=json.loads(row["document"])) if row else None


def versions(questionnaire_id):
    return [_version(r) for r in get_db().query(
        "select * from questionnaire_versions where questionnaire_id = ? order by number desc",
        [questionnaire_id])]


def version(questionnaire_id, number):
    return _version(next(iter(get_db().query(
        "select * from questionnaire_versions where questionnaire_id = ? and number = ?",
        [questionnaire_id, number])), None))


def draft(questionnaire_id):
    return _version(next(iter(get_db().query(
        "select * from questionnaire_versions where questionnaire_id = ? and status = 'draft'",
        [questionnaire_id])), None))


def latest(questionnaire_id):
    return versions(questionnaire_id)[0]


def latest_published(questionnaire_id):
    return next((v for v in versions(questionnaire_id) if v["status"] == "published"), None)


def for_project(project_id):
    """Each questionnaire with its newest version, newest questionnaire first."""
    result = []
    for row in get_db().query("select * from questionnaires where project_id = ? order by id desc",
                              [project_id]):
        newest = latest(row["id"])
        result.append(dict(row, latest=newest, published=latest_published(row["id"])))
    return result


def save_draft(version_row, document, based_on=None):
    """Save an edited document into the draft `version_row` (checked first) and move its
    revision on; returns the new revision. Checked in the write itself: NotDraft if it was
    published meanwhile; Stale unless the draft is still at `based_on` (by default the
    revision `version_row` was read at) and still holds the document `version_row` holds (a
    recording saved a moment ago, which keeps the revision, is not written over)."""
    doc.check(document)
    based_on = version_row["revision"] if based_on is None else based_on
    db = get_db()
    with writing(db):
        row = db.execute("select status, revision, document from questionnaire_versions where id = ?",
                         [version_row["id"]]).fetchone()
        if row is None or row[0] != "draft":
            raise NotDraft()
        if row[1] != based_on or json.loads(row[2]) != version_row["document"]:
            raise Stale()
        db.execute("update questionnaire_versions set document = ?, revision = revision + 1 where id = ?",
                   [json.dumps(document, ensure_ascii=False), version_row["id"]])
    return based_on + 1


def save_recording(questionnaire_id, put):
    """A recording saved by a page that cannot say which revision it was made from (the
    recorder saves without reloading the page). put(document) sets the one recording and
    returns False if what it belongs to is no longer in the draft. It is done to the draft as
    it is now, inside the write, and does not move the revision on, so the page's other forms
    (which cannot learn a new revision without a reload) stay valid. No form writes a
    recording, and a form's save made from the draft as it was before this one is refused
    (save_draft compares the document too), so it neither undoes anyone's typing nor is
    undone by it. Returns the draft as saved, or None if the target is gone; NotDraft if
    there is no draft."""
    db = get_db()
    with writing(db):
        current = draft(questionnaire_id)
        if current is None:
            raise NotDraft()
        document = doc.copy_of(current["document"])
        if not put(document):
            return None
        doc.check(document)
        db.execute("update questionnaire_versions set document = ? where id = ? and status = 'draft'",
                   [json.dumps(document, ensure_ascii=False), current["id"]])
    return dict(current, document=document)


def start_draft(questionnaire_id, person_id):
    """The draft to edit: (the existing one, False), or (a new one copied from the newest
    version, True). Looked for and made in one write, so two people pressing 'Make changes'
    at once get one draft."""
    db = get_db()
    with writing(db):
        existing = draft(questionnaire_id)
        if existing:
            return existing, False
        newest = latest(questionnaire_id)
        db["questionnaire_versions"].insert({
            "questionnaire_id": questionnaire_id, "number": newest["number"] + 1, "status": "draft",
            "document": json.dumps(newest["document"], ensure_ascii=False), "created_at": now(),
            "created_by": person_id})
        return draft(questionnaire_id), True


def publish(version_row, person_id, based_on=None):
    """Publish the draft `version_row`, checked as it is in the write: NotDraft if it was
    published meanwhile, Stale if `based_on` is given and someone saved since, NoQuestions
    if it has none, Unfinished if a tablet could not ask one. Returns the version as published."""
    db = get_db()
    with writing(db):
        current = version(version_row["questionnaire_id"], version_row["number"])
        if current is None or current["status"] != "draft":
            raise NotDraft()
        if based_on is not None and based_on != current["revision"]:
            raise Stale()
        if not current["document"]["questions"]:
            raise NoQuestions()
        doc.check(current["document"])
        if problems := unfinished(current["document"]):
            raise Unfinished(problems)
        db.execute(
            "update questionnaire_versions set status = 'published', published_at = ?, published_by = ? "
            "where id = ? and status = 'draft'", [now(), person_id, current["id"]])
    return current


def published(project_id):
    """The project's questionnaires that have a published version (so answers to code and count),
    each with the document of its newest one."""
    return [dict(row) for row in get_db().query(
        """select q.id, v.document from questionnaires q join questionnaire_versions v
           on v.questionnaire_id = q.id and v.status = 'published'
           and v.number = (select max(number) from questionnaire_versions
                           where questionnaire_id = q.id and status = 'published')
           where q.project_id = ? order by q.id""", [project_id])]


def questions_of(questionnaire_id):
    """Every question any published version asked, newest wording first, in questionnaire order."""
    seen = {}
    for (version_id,) in get_db().execute(
            """select id from questionnaire_versions where questionnaire_id = ?
               and status = 'published' order by number desc""", [questionnaire_id]):
        for key, question in questions_by_key(version_id).items():
            seen.setdefault(key, question)
    return list(seen.values())


# (database, version id): {key: question} of a published version, read and parsed once per
# process: a published version never changes and is never deleted (the triggers in
# migrations/m001_to_m009.py m004), and a coding session reads one on every tap. Drafts are read each time.
_published = {}


def questions_by_key(version_id):
    """{key: question} of a version, in questionnaire order ({} if there is none). Shared:
    read it, never change it."""
    place = (current_app.config["DATABASE"], version_id)
    if place in _published:
        return _published[place]
    row = get_db().execute("select document, status from questionnaire_versions where id = ?",
                           [version_id]).fetchone()
    questions = {q["key"]: q for q in json.loads(row[0])["questions"]} if row else {}
    if row and row[1] == "published":
        _published[place] = questions
    return questions


def create_and_record(project_id, title, person_id):
    """Make a questionnaire (create), recorded in the audit log in the same write: its id."""
    with writing(get_db()):
        questionnaire_id = create(project_id, title, person_id)
        audit.record("questionnaire.create", person_id=person_id, project_id=project_id,
                     questionnaire=questionnaire_id, name=title)
    return questionnaire_id


def publish_and_record(project_id, version_row, person_id):
    """Publish the draft at the revision `version_row` was read at (publish, with its
    refusals), recorded in the audit log in the same write: the version as published."""
    with writing(get_db()):
        current = publish(version_row, person_id, based_on=version_row["revision"])
        audit.record("questionnaire.publish", person_id=person_id, project_id=project_id,
                     questionnaire=version_row["questionnaire_id"], version=current["number"],
                     name=current["document"]["title"])
    return current


def start_draft_and_record(project_id, questionnaire_id, person_id):
    """start_draft, with a new draft recorded in the audit log in the same write: (the
    draft, whether it was made now)."""
    with writing(get_db()):
        to_edit, made = start_draft(questionnaire_id, person_id)
        if made:
            audit.record("questionnaire.new_version", person_id=person_id, project_id=project_id,
                         questionnaire=questionnaire_id, version=to_edit["number"],
                         name=to_edit["document"]["title"])
    return to_edit, made

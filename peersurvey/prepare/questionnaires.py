"""Questionnaires and their versions.

A questionnaire has numbered versions. At most one is a draft (the one the builder
edits); the others are published and frozen (the database refuses to change them).
Editing after publishing starts a new draft from the newest published version.
"""
import json

from ..db import get_db, now
from . import document as doc


def create(project_id, title, person_id, document=None):
    db = get_db()
    document = document or doc.new_document(title)
    doc.check(document)
    with db.atomic():
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


def save_draft(version_row, document):
    """Save an edited document into the draft version (checked first)."""
    doc.check(document)
    cursor = get_db().execute(
        "update questionnaire_versions set document = ? where id = ? and status = 'draft'",
        [json.dumps(document, ensure_ascii=False), version_row["id"]])
    if cursor.rowcount != 1:
        raise ValueError("only a draft can be changed")


def start_draft(questionnaire_id, person_id):
    """The draft to edit: the existing one, or a new one copied from the newest version."""
    existing = draft(questionnaire_id)
    if existing:
        return existing
    newest = latest(questionnaire_id)
    get_db()["questionnaire_versions"].insert({
        "questionnaire_id": questionnaire_id, "number": newest["number"] + 1, "status": "draft",
        "document": json.dumps(newest["document"], ensure_ascii=False), "created_at": now(),
        "created_by": person_id})
    return draft(questionnaire_id)


def publish(version_row, person_id):
    doc.check(version_row["document"])
    get_db().execute(
        "update questionnaire_versions set status = 'published', published_at = ?, published_by = ? "
        "where id = ? and status = 'draft'", [now(), person_id, version_row["id"]])

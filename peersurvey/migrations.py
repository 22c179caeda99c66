"""The schema, as ordered steps. Never edit a step once it has shipped: add a new one.

Tables
  people       everyone: leads (email + password), interviewers and coders (PIN)
  projects     one piece of research
  memberships  who holds which role in which project (a person can hold several)
  devices      tablets registered to a project; only a hash of each token is kept
  audit_log    who changed what in project setup, and when
  questionnaires, questionnaire_versions   a questionnaire and its versions (JSON documents)
  media        pictures and voice recordings uploaded to a project
  easyread_words  hard words a lead adds to the easy-read check
  interviews, answers   what tablets sent: one row per interview and per answer
"""
import sqlite_utils

steps = sqlite_utils.Migrations("peersurvey")


@steps(transactional=False)
def m001_wal(db):
    # Readers (charts, tablets syncing) never wait for a writer in WAL mode.
    db.enable_wal()


@steps()
def m002_people_and_projects(db):
    db["people"].create({
        "id": int, "name": str, "email": str, "password_hash": str, "pin_hash": str,
        "picture": str, "failed_tries": int, "locked_until": str, "created_at": str,
    }, pk="id", not_null={"name", "created_at"}, defaults={"failed_tries": 0})
    db["people"].create_index(["email"], unique=True)
    db["projects"].create({
        "id": int, "name": str, "created_at": str, "created_by": int,
    }, pk="id", not_null={"name", "created_at"},
        foreign_keys=[("created_by", "people", "id")])
    db["memberships"].create({
        "project_id": int, "person_id": int, "role": str,
    }, pk=("project_id", "person_id", "role"), not_null={"project_id", "person_id", "role"},
        foreign_keys=[("project_id", "projects", "id"), ("person_id", "people", "id")])
    db["memberships"].create_index(["person_id"])
    db["audit_log"].create({
        "id": int, "at": str, "person_id": int, "project_id": int,
        "action": str, "detail": str,
    }, pk="id", not_null={"at", "action"},
        foreign_keys=[("person_id", "people", "id"), ("project_id", "projects", "id")])
    db["audit_log"].create_index(["project_id", "at"])


@steps()
def m003_devices(db):
    db["devices"].create({
        "id": int, "project_id": int, "name": str, "token_hash": str,
        "created_at": str, "created_by": int, "revoked_at": str, "revoked_by": int,
        "last_seen_at": str,
    }, pk="id", not_null={"project_id", "name", "token_hash", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id"),
                      ("revoked_by", "people", "id")])
    db["devices"].create_index(["token_hash"], unique=True)
    db["devices"].create_index(["project_id"])


@steps()
def m004_questionnaires(db):
    db["questionnaires"].create({
        "id": int, "project_id": int, "created_at": str, "created_by": int,
    }, pk="id", not_null={"project_id", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id")])
    db["questionnaires"].create_index(["project_id"])
    # One row per version; the document is the whole questionnaire as JSON
    # (docs/questionnaire-format.md). Published rows are frozen by the triggers below.
    db["questionnaire_versions"].create({
        "id": int, "questionnaire_id": int, "number": int, "status": str, "document": str,
        "created_at": str, "created_by": int, "published_at": str, "published_by": int,
    }, pk="id", not_null={"questionnaire_id", "number", "status", "document", "created_at"},
        foreign_keys=[("questionnaire_id", "questionnaires", "id"), ("created_by", "people", "id"),
                      ("published_by", "people", "id")])
    db["questionnaire_versions"].create_index(["questionnaire_id", "number"], unique=True)
    db.execute("""
        create trigger published_versions_are_frozen
        before update on questionnaire_versions when old.status = 'published'
        begin select raise(abort, 'a published questionnaire version cannot change'); end""")
    db.execute("""
        create trigger published_versions_are_kept
        before delete on questionnaire_versions when old.status = 'published'
        begin select raise(abort, 'a published questionnaire version cannot be deleted'); end""")
    # Pictures and recordings a project uploads, named by the SHA-256 of their bytes.
    db["media"].create({
        "project_id": int, "sha256": str, "kind": str, "mime": str, "data": bytes,
        "words": str, "created_at": str, "created_by": int,
    }, pk=("project_id", "sha256"), not_null={"project_id", "sha256", "kind", "mime", "data", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id")])
    # Words a lead adds to the easy-read check, on top of the built-in list.
    db["easyread_words"].create({
        "id": int, "project_id": int, "language": str, "hard": str, "plain": str,
        "created_at": str, "created_by": int,
    }, pk="id", not_null={"project_id", "language", "hard", "plain", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id")])
    db["easyread_words"].create_index(["project_id", "language", "hard"], unique=True)


@steps()
def m005_interviews(db):
    # Interviews come from tablets with ids made there (UUIDs), so sending one twice is
    # harmless: the id is the key. content_hash tells a re-send from a conflict.
    db["interviews"].create({
        "id": str, "project_id": int, "questionnaire_version_id": int, "device_id": int,
        "interviewer_id": int, "participant_code": str, "language": str, "consent": int,
        "started_at": str, "finished_at": str, "received_at": str, "content_hash": str,
        "demo": int,
    }, pk="id", not_null={"project_id", "questionnaire_version_id", "interviewer_id",
                          "participant_code", "language", "consent", "started_at",
                          "finished_at", "received_at", "content_hash"},
        defaults={"demo": 0},
        foreign_keys=[("project_id", "projects", "id"),
                      ("questionnaire_version_id", "questionnaire_versions", "id"),
                      ("device_id", "devices", "id"), ("interviewer_id", "people", "id")])
    db["interviews"].create_index(["project_id", "participant_code"])
    db["interviews"].create_index(["questionnaire_version_id"])
    db["answers"].create({
        "id": str, "interview_id": str, "question": str, "status": str, "value": str,
        "answered_at": str,
    }, pk="id", not_null={"interview_id", "question", "status", "answered_at"},
        foreign_keys=[("interview_id", "interviews", "id")])
    db["answers"].create_index(["interview_id"])
    db["answers"].create_index(["question"])

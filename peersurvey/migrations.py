"""The schema, as ordered steps. Never edit a step once it has shipped: add a new one.

Tables
  people       everyone: leads (email + password), interviewers and coders (PIN)
  projects     one piece of research
  memberships  who holds which role in which project (a person can hold several)
  devices      tablets registered to a project; only a hash of each token is kept
  audit_log    who changed what in project setup, and when
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

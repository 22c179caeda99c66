"""Steps 1 to 9: people, projects, tablets, questionnaires, interviews, themes and coding,
findings, and the promises and locks that keep them whole (see __init__.py)."""
from . import steps


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


@steps()
def m006_themes_and_coding(db):
    # Where an interview happened (a site or group), taken from the tablet's own setting,
    # and whether the participant agreed their words could be shared (None: not asked).
    db["devices"].add_column("site", str)
    db["interviews"].add_column("site", str)
    db["interviews"].add_column("share_words", int)
    db["interviews"].create_index(["project_id", "site"])
    # Words and descriptions are {"en": …, "cy": …}, like the questionnaire's texts.
    db["themes"].create({
        "id": int, "project_id": int, "parent_id": int, "words": str, "description": str,
        "colour": str, "picture": str, "merged_into": int, "created_at": str, "created_by": int,
    }, pk="id", not_null={"project_id", "words", "colour", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("parent_id", "themes", "id"),
                      ("merged_into", "themes", "id"), ("created_by", "people", "id")])
    db["themes"].create_index(["project_id"])
    db["theme_history"].create({
        "id": int, "theme_id": int, "at": str, "person_id": int, "action": str, "detail": str,
    }, pk="id", not_null={"theme_id", "at", "action"},
        foreign_keys=[("theme_id", "themes", "id"), ("person_id", "people", "id")])
    db["theme_history"].create_index(["theme_id"])
    db["coding_sessions"].create({
        "id": int, "project_id": int, "questionnaire_id": int, "mode": str, "join_code": str,
        "questions": str, "filters": str, "position": int, "total": int, "version": int,
        "started_at": str, "started_by": int, "ended_at": str,
    }, pk="id", not_null={"project_id", "questionnaire_id", "mode", "position", "total", "version",
                          "started_at", "started_by"},
        defaults={"position": 0, "total": 0, "version": 0},
        foreign_keys=[("project_id", "projects", "id"), ("questionnaire_id", "questionnaires", "id"),
                      ("started_by", "people", "id")])
    db["coding_sessions"].create_index(["join_code"])
    db["coding_sessions"].create_index(["project_id"])
    # The session's answers, fixed when it starts, so "23 of 140" stays true while the group works.
    # later: the group was not sure and wants to come back to it.
    db["session_items"].create({"session_id": int, "seq": int, "answer_id": str, "later": int},
                               pk=("session_id", "seq"), not_null={"answer_id"}, defaults={"later": 0},
                               foreign_keys=[("session_id", "coding_sessions", "id")])
    db["session_items"].create_index(["session_id", "answer_id"])
    # "Go back to the ones we were not sure about" and its count, without reading every item.
    db.execute("create index session_items_later on session_items (session_id, seq) where later = 1")
    # owner is 0 for the group's agreed themes, else the coder who coded on their own; so two
    # people tagging the same answer at once each keep their own row.
    db["codings"].create({
        "id": int, "project_id": int, "answer_id": str, "theme_id": int, "owner": int,
        "session_id": int, "created_at": str, "created_by": int,
    }, pk="id", not_null={"project_id", "answer_id", "theme_id", "owner", "created_at", "created_by"},
        foreign_keys=[("project_id", "projects", "id"), ("answer_id", "answers", "id"),
                      ("theme_id", "themes", "id"), ("session_id", "coding_sessions", "id"),
                      ("created_by", "people", "id")])
    db["codings"].create_index(["answer_id", "theme_id", "owner"], unique=True)
    db["codings"].create_index(["theme_id"])
    db["codings"].create_index(["project_id", "owner"])
    db["votes"].create({
        "session_id": int, "answer_id": str, "person_id": int, "theme_id": int, "at": str,
    }, pk=("session_id", "answer_id", "person_id", "theme_id"), not_null={"at"},
        foreign_keys=[("session_id", "coding_sessions", "id"), ("answer_id", "answers", "id"),
                      ("person_id", "people", "id"), ("theme_id", "themes", "id")])
    db["votes"].create_index(["answer_id"])
    db["coding_log"].create({
        "id": int, "at": str, "project_id": int, "session_id": int, "person_id": int,
        "action": str, "answer_id": str, "theme_id": int, "owner": int, "undone": int,
    }, pk="id", not_null={"at", "project_id", "person_id", "action"}, defaults={"undone": 0},
        foreign_keys=[("project_id", "projects", "id"), ("session_id", "coding_sessions", "id"),
                      ("person_id", "people", "id")])
    db["coding_log"].create_index(["session_id", "id"])
    db["coding_log"].create_index(["answer_id"])
    db["quotes"].create({
        "answer_id": str, "project_id": int, "marked_at": str, "marked_by": int,
    }, pk="answer_id", not_null={"project_id", "marked_at", "marked_by"},
        foreign_keys=[("answer_id", "answers", "id"), ("project_id", "projects", "id"),
                      ("marked_by", "people", "id")])


@steps()
def m007_findings(db):
    # "You said, we did": what the project is doing about each theme, in each language.
    db["theme_actions"].create({
        "theme_id": int, "project_id": int, "did": str, "updated_at": str, "updated_by": int,
    }, pk="theme_id", not_null={"project_id", "did", "updated_at"},
        foreign_keys=[("theme_id", "themes", "id"), ("project_id", "projects", "id"),
                      ("updated_by", "people", "id")])
    # Read-only links a lead shares (only a hash of each token is kept); revocable.
    db["share_links"].create({
        "id": int, "project_id": int, "token_hash": str, "created_at": str, "created_by": int,
        "revoked_at": str, "revoked_by": int,
    }, pk="id", not_null={"project_id", "token_hash", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id"),
                      ("revoked_by", "people", "id")])
    db["share_links"].create_index(["token_hash"], unique=True)
    # The theme chart's aggregate reads only indexes: codings by project, owner and theme
    # with their answers, and each answer's interview.
    db["codings"].create_index(["project_id", "owner", "theme_id", "answer_id"])
    db["answers"].create_index(["id", "interview_id"])


@steps()
def m008_promises_kept(db):
    # A withdrawal lasts: what was withdrawn is remembered (the participant code and the
    # interview ids, never the answers), so a tablet or file sending it again is refused. Only
    # their SHA-256 is kept: enough to know them again, and no trace of the person to read in
    # the database or a whole-project file.
    db["withdrawals"].create({
        "project_id": int, "code_sha256": str, "withdrawn_at": str, "withdrawn_by": int,
    }, pk=("project_id", "code_sha256"), not_null={"withdrawn_at"},
        foreign_keys=[("project_id", "projects", "id"), ("withdrawn_by", "people", "id")])
    db["withdrawn_interviews"].create({
        "project_id": int, "id_sha256": str, "withdrawn_at": str,
    }, pk=("project_id", "id_sha256"), not_null={"withdrawn_at"},
        foreign_keys=[("project_id", "projects", "id")])
    # Who has signed in with their PIN on which tablet: a tablet may send interviews only
    # for them. Filled in from the interviews each tablet has already sent.
    db["device_people"].create({
        "device_id": int, "person_id": int, "first_at": str, "last_at": str,
    }, pk=("device_id", "person_id"), not_null={"first_at", "last_at"},
        foreign_keys=[("device_id", "devices", "id"), ("person_id", "people", "id")])
    db.execute("""insert or ignore into device_people (device_id, person_id, first_at, last_at)
                  select device_id, interviewer_id, min(received_at), max(received_at)
                  from interviews where device_id is not null group by device_id, interviewer_id""")
    # A short record of each interview the server refused (which tablet, when, why; never
    # the answers), so the lead can fix the cause; removed once the interview is stored.
    db["sync_refusals"].create({
        "id": int, "project_id": int, "device_id": int, "interview_id": str,
        "participant_code": str, "at": str, "reason": str,
    }, pk="id", not_null={"project_id", "interview_id", "at", "reason"},
        foreign_keys=[("project_id", "projects", "id"), ("device_id", "devices", "id")])
    db["sync_refusals"].create_index(["project_id", "interview_id"], unique=True)
    # Builder saves carry the revision they were based on; a save based on an older one is
    # refused instead of overwriting someone else's change.
    db["questionnaire_versions"].add_column("revision", int, not_null_default=0)


@steps()
def m009_locks_that_hold(db):
    # Wrong tries are counted per person *and* per way in: a PIN on one tablet, a password from
    # a browser that has signed in before, a password from anywhere else. Wrong PINs on one
    # tablet then never lock the person's web sign-in, and an attacker typing passwords from
    # elsewhere never locks a lead out of their own laptop. Times are Unix seconds, so the
    # count and the check are one SQL statement.
    db["lockouts"].create({
        "person_id": int, "kind": str, "scope": str, "failed_tries": int, "locked_until": int,
    }, pk=("person_id", "kind", "scope"), not_null={"failed_tries", "locked_until"},
        defaults={"failed_tries": 0, "locked_until": 0},
        foreign_keys=[("person_id", "people", "id")])
    # Wrong tries from one network address or on one tablet, for everyone together, so one
    # device cannot try PINs for a whole group, nor lock the whole group out.
    db["try_limits"].create({"key": str, "window_start": int, "tries": int},
                            pk="key", not_null={"window_start", "tries"})
    # A session cookie names a row here (by the SHA-256 of its token): signing out, a new
    # password or a new PIN deletes rows, so a copied cookie stops working.
    db["signins"].create({
        "token_sha256": str, "person_id": int, "via": str, "device_id": int, "started_at": int,
    }, pk="token_sha256", not_null={"person_id", "via", "started_at"},
        foreign_keys=[("person_id", "people", "id"), ("device_id", "devices", "id")])
    db["signins"].create_index(["person_id"])
    # The old one-count-per-person columns are replaced by lockouts.
    db.execute("alter table people drop column failed_tries")
    db.execute("alter table people drop column locked_until")

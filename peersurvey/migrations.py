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
  interviews, answers   what tablets sent: one row per interview and per answer (listed by
                        project and datetime(started_at), the time in UTC)
  themes, theme_history   the project's codebook, and every change made to a theme
  coding_sessions, session_items   a coding session and the answers it goes through
  codings      a theme given to an answer: by the group (owner 0) or by one coder on their own
  votes        the themes each joined person thinks fit, in a group session
  coding_log   every tag, vote and untag, with who and when: the audit and the undo list
  quotes       answers marked as good quotes for posters
  theme_actions  "you said, we did": what is being done about each theme
  share_links  read-only links to share findings, revocable
  withdrawals, withdrawn_interviews   SHA-256 of participant codes and interview ids withdrawn (never answers)
  device_people  who has signed in with a PIN on which tablet (a tablet sends only their interviews)
  sync_refusals  interviews the server refused: tablet, when, why (never answers); the lead fixes the cause
  lockouts     wrong PINs or passwords in a row, per person, per way of signing in and per place
  try_limits   wrong sign-in tries per network address and per tablet, in a window of time
  signins      who is signed in where: a sign-out or a new password ends them on the server
  pairing_codes  SHA-256 of the short codes that pair a tablet: once, within 15 minutes
  answer_versions  every version of an answer's words (typed up, corrected), with who and when
  recordings   answers' recordings: announced in a sync, sent in parts, checked, then in media
  withdrawn_recordings  SHA-256 of recording ids of withdrawn interviews
  work_entries  work each peer researcher did (suggested from interviews, sessions, writing; or added)
  session_attendance  who was in each coding session, from joining until last seen
  pay_rates, pay_choices, pay_claims   rates in pence from a date; money, vouchers or volunteer;
                        what a lead approved for a person and period, and how it was paid
  kept_theme_counts, kept_theme_people, kept_question_counts   counts for findings, kept by
                        triggers as answers and codings change (findings/kept_counts.py)
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


@steps()
def m010_pairing_codes(db):
    # A tablet is paired with a short code (typed or in a QR code) that works once, for 15
    # minutes. Only its SHA-256 is kept: the code is worth a tablet's token until it is used.
    db["pairing_codes"].create({
        "id": int, "project_id": int, "device_id": int, "code_hash": str,
        "created_at": str, "created_by": int, "expires_at": str, "used_at": str,
    }, pk="id", not_null={"project_id", "device_id", "code_hash", "created_at", "expires_at"},
        foreign_keys=[("project_id", "projects", "id"), ("device_id", "devices", "id"),
                      ("created_by", "people", "id")])
    db["pairing_codes"].create_index(["code_hash"])
    db["pairing_codes"].create_index(["device_id"])


@steps()
def m011_printed_cards(db):
    # Participant cards a lead printed: only the SHA-256 of each code, so a code is never
    # printed twice; the code itself is on the card the person keeps. And the group's
    # contact printed on the cards ("If you change your mind, tell ...").
    db["printed_cards"].create({
        "code_sha256": str, "project_id": int, "printed_at": str, "printed_by": int,
    }, pk="code_sha256", not_null={"project_id", "printed_at"},
        foreign_keys=[("project_id", "projects", "id"), ("printed_by", "people", "id")])
    db["printed_cards"].create_index(["project_id"])
    db["projects"].add_column("contact", str)


@steps()
def m012_interviews_by_time(db):
    # A lead lists a project's interviews newest first, by interviewer or not, and by day.
    # Tablets send times with their own offset, so the order is by the time in UTC:
    # datetime() of the column, the same expression as collect/reading.py's queries.
    db.execute("create index if not exists interviews_project_started on interviews "
               "(project_id, datetime(started_at), id)")
    db.execute("create index if not exists interviews_project_interviewer_started on interviews "
               "(project_id, interviewer_id, datetime(started_at), id)")


@steps()
def m013_app_voices(db):
    # The group's own recordings of the app's words ("Yes, I do", "I don't know"...), one per
    # project, word and language (collect/voices.py); the sound is in `media` as usual.
    db["app_voices"].create({
        "project_id": int, "word": str, "language": str, "audio": str,
        "recorded_by": int, "recorded_at": str,
    }, pk=("project_id", "word", "language"), not_null={"audio", "recorded_at"},
        foreign_keys=[("project_id", "projects", "id"), ("recorded_by", "people", "id")])


@steps()
def m014_answer_versions(db):
    # An answer's words can change after they arrive: typed up from what was said, or put
    # right by a lead (collect/answer_versions.py). Every version is kept, with who and when;
    # the answer's value always holds the newest, so charts and exports follow.
    db["answer_versions"].create({
        "id": int, "answer_id": str, "part": str, "words": str,
        "changed_by": int, "changed_at": str, "why": str,
    }, pk="id", not_null={"answer_id", "part", "words", "changed_at", "why"},
        foreign_keys=[("answer_id", "answers", "id"), ("changed_by", "people", "id")])
    db["answer_versions"].create_index(["answer_id"])


@steps()
def m015_recordings(db):
    # An answer's recording (collect/recordings.py): announced in the sync with its SHA-256,
    # size and type, then sent in parts. `received` is how much has come; `media` is
    # "media:<sha256>" once it is complete and checked (the sound is in `media`).
    db["recordings"].create({
        "id": str, "interview_id": str, "answer_id": str, "project_id": int, "part": str,
        "sha256": str, "bytes": int, "type": str, "seconds": float, "received": int,
        "media": str, "created_at": str, "completed_at": str,
    }, pk="id", not_null={"interview_id", "answer_id", "project_id", "part", "sha256", "bytes",
                          "type", "seconds", "received", "created_at"},
        defaults={"received": 0},
        foreign_keys=[("interview_id", "interviews", "id"), ("answer_id", "answers", "id"),
                      ("project_id", "projects", "id")])
    db["recordings"].create_index(["answer_id"])
    db["recordings"].create_index(["interview_id"])
    db["recordings"].create_index(["project_id", "media"])
    # "Can we record your voice?": 1 yes, 0 no, null not asked.
    db["interviews"].add_column("record_voice", int)
    # Recordings of withdrawn interviews (their ids' SHA-256 only), so a tablet still sending
    # one is told to delete it.
    db["withdrawn_recordings"].create({
        "project_id": int, "id_sha256": str, "withdrawn_at": str,
    }, pk=("project_id", "id_sha256"), not_null={"withdrawn_at"},
        foreign_keys=[("project_id", "projects", "id")])


@steps()
def m016_pay(db):
    # Work a peer researcher did (pay/work.py): one row per piece of work, with its length in
    # minutes. Rows with a `source` were made from what the app already knows (an interview, a
    # coding session joined, a writing session in the builder) and start as "suggested" until
    # the lead confirms them; `source` is unique per person, so a suggestion is made once.
    # No foreign key to interviews: withdrawing a participant never touches researchers' work.
    db["work_entries"].create({
        "id": int, "project_id": int, "person_id": int, "kind": str, "started_at": str,
        "minutes": int, "source": str, "detail": str, "status": str, "note": str,
        "added_at": str, "added_by": int, "decided_at": str, "decided_by": int, "claim_id": int,
    }, pk="id", not_null={"project_id", "person_id", "kind", "started_at", "minutes", "status",
                          "added_at"},
        defaults={"minutes": 0, "status": "suggested"},
        foreign_keys=[("project_id", "projects", "id"), ("person_id", "people", "id"),
                      ("added_by", "people", "id"), ("decided_by", "people", "id")])
    db["work_entries"].create_index(["project_id", "person_id", "source"], unique=True)
    db["work_entries"].create_index(["project_id", "status"])
    db["work_entries"].create_index(["claim_id"])
    # Each interview a tablet sends (or a file brings in) is a suggestion for its interviewer,
    # from every way in at once; its length from its own start and finish times.
    db.execute("""
        create trigger interviews_suggest_work after insert on interviews
        begin
          insert or ignore into work_entries (project_id, person_id, kind, started_at, minutes,
                                              source, status, added_at)
          values (new.project_id, new.interviewer_id, 'interview', new.started_at,
                  max(0, cast(round((julianday(new.finished_at) - julianday(new.started_at)) * 1440)
                              as integer)),
                  'interview:' || new.id, 'suggested', new.received_at);
        end""")
    db.execute("""insert or ignore into work_entries (project_id, person_id, kind, started_at, minutes,
                                                       source, status, added_at)
                  select project_id, interviewer_id, 'interview', started_at,
                         max(0, cast(round((julianday(finished_at) - julianday(started_at)) * 1440)
                                     as integer)),
                         'interview:' || id, 'suggested', received_at
                  from interviews""")
    # Who took part in a coding session, from when they joined until they were last seen
    # (theme/attendance.py); the lead who drives the big screen is one of them.
    db["session_attendance"].create({
        "session_id": int, "person_id": int, "project_id": int, "joined_at": str, "last_seen_at": str,
    }, pk=("session_id", "person_id"), not_null={"project_id", "joined_at", "last_seen_at"},
        foreign_keys=[("session_id", "coding_sessions", "id"), ("person_id", "people", "id"),
                      ("project_id", "projects", "id")])
    # A project's rates: per hour, per interview or per session, for each kind of work, in
    # whole pence, from a date. The newest rate that has started applies.
    db["pay_rates"].create({
        "id": int, "project_id": int, "kind": str, "unit": str, "pence": int, "starts_on": str,
        "created_at": str, "created_by": int,
    }, pk="id", not_null={"project_id", "kind", "unit", "pence", "starts_on", "created_at"},
        foreign_keys=[("project_id", "projects", "id"), ("created_by", "people", "id")])
    db["pay_rates"].create_index(["project_id", "kind", "starts_on"], unique=True)
    # How each person wants to be paid for their work in a project: money, vouchers, or as a
    # volunteer with no payment.
    db["pay_choices"].create({
        "project_id": int, "person_id": int, "choice": str, "updated_at": str, "updated_by": int,
    }, pk=("project_id", "person_id"), not_null={"choice", "updated_at"},
        foreign_keys=[("project_id", "projects", "id"), ("person_id", "people", "id"),
                      ("updated_by", "people", "id")])
    # What a lead approved for one person and period, and when and how it was paid. `lines` is
    # the work and the rates as they were when approved, so a later rate never changes it.
    db["pay_claims"].create({
        "id": int, "project_id": int, "person_id": int, "period": str, "minutes": int,
        "pence": int, "lines": str, "approved_at": str, "approved_by": int,
        "paid_at": str, "paid_by": int, "paid_how": str,
    }, pk="id", not_null={"project_id", "person_id", "period", "minutes", "pence", "lines",
                          "approved_at", "approved_by"},
        foreign_keys=[("project_id", "projects", "id"), ("person_id", "people", "id"),
                      ("approved_by", "people", "id"), ("paid_by", "people", "id")])
    db["pay_claims"].create_index(["project_id", "period"])
    db["pay_claims"].create_index(["project_id", "person_id"])
    # A limit on what one person is paid in a week, month or year (many peer researchers have
    # benefits with an earnings limit): a setting the lead chooses, never a rule in the code.
    db["projects"].add_column("pay_limit_pence", int)
    db["projects"].add_column("pay_limit_period", str)
    # Removing someone from a project keeps their pay records (the accounts need them) but
    # hides them from everyone but leads: memberships go, their work and claims stay.


@steps()
def m017_pay_time(db):
    # Coding time counted gaps (a coder seen 10:00-10:20 who tapped once at 15:01 got 301
    # minutes): theme/attendance.py now adds up only the short gaps between sights in
    # `active_seconds`. Rows from before start at their first 10 minutes at most (the most one
    # gap can add now); the lead checks their entries as before. Not "not null": a project
    # file from before brings rows without it (empty), read as 0.
    db.execute("alter table session_attendance add column active_seconds integer default 0")
    db.execute("""update session_attendance set active_seconds =
                    max(0, min(600, cast(round((julianday(last_seen_at) - julianday(joined_at)) * 86400)
                                         as integer)))""")
    # An interview left open on a tablet for days suggested days of work: the suggestion is
    # cut to 4 hours, and what the tablet said is kept in `detail` so the lead is warned
    # (written as Python's json.dumps writes it, so a project file carries it unchanged).
    db.execute("drop trigger if exists interviews_suggest_work")
    db.execute("""
        create trigger interviews_suggest_work after insert on interviews
        begin
          insert or ignore into work_entries (project_id, person_id, kind, started_at, minutes,
                                              detail, source, status, added_at)
          select new.project_id, new.interviewer_id, 'interview', new.started_at,
                 min(240, timed), case when timed > 240 then '{"tablet_minutes": ' || timed || '}' end,
                 'interview:' || new.id, 'suggested', new.received_at
          from (select max(0, cast(round((julianday(new.finished_at) - julianday(new.started_at)) * 1440)
                                   as integer)) as timed);
        end""")
    db.execute("""update work_entries set detail = '{"tablet_minutes": ' || minutes || '}', minutes = 240
                  where kind = 'interview' and status = 'suggested' and source like 'interview:%'
                    and minutes > 240""")


@steps()
def m018_kept_counts(db):
    # The dashboard recounted a million answers after every tap (1.4 s): now triggers keep
    # the counts in the same transaction as each write, and they are filled here from what
    # is stored. The tables and triggers are spelled out in findings/kept_counts.py.
    from .findings import kept_counts
    kept_counts.install(db)

"""Steps 10 onwards: pairing codes, printed cards, voices, answer versions, recordings, pay,
the counts kept for findings, and each new step, at the end (see __init__.py)."""
from . import steps


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
    from ..findings import kept_counts
    kept_counts.install(db)


@steps()
def m019_forget_withdrawn_codes(db):
    # Withdrawal kept the participant's code in the history of changes; it is now blanked in
    # the same write (audit.forget_withdrawn). Blank those kept before, each known again by
    # its SHA-256 in `withdrawals`.
    from ..audit import forget_withdrawn
    forget_withdrawn(db)

"""A whole project in one file, to keep as a backup or to move to another server: the file's
format, and writing it. (Bringing one in: bring_in.py.)

The file is a .zip (format `peersurvey-project`, version 1):
  README.txt               what the file is, in English and Welsh, and that it holds personal data
  manifest.json            format, version, when, which project, who exported it, row counts
  tables/<table>.json      one JSON list of rows per table, ids as they were
  media/<sha256>           each uploaded picture and recording, as it was, named by its SHA-256
A zip rather than one JSON file: pictures and recordings stay as they are (no base64), the
tables can be read with any tool, and a reader can check each part's size before opening it.

What is left out, on purpose: passwords, PIN hashes, email addresses and lock-outs
(people come across with their names, pictures and roles only, and the lead sets PINs and
passwords again), tablets and their tokens (register tablets on the new server), and share
links. What stays in, and makes this personal data: participant codes. Codes of people who
were taken out of the research are blanked in the audit log too.

The tables are written a row at a time, straight from the database into the zip.
"""
import json
import re
import zipfile
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import audit
from ..db import get_db, now, reading
from ..i18n import LANGUAGES
from ..pay import kinds as pay_kinds
from ..pay import work as pay_work
from ..theme import themes

FORMAT = "peersurvey-project"
VERSION = 1
SHA = re.compile(r"^[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Table:
    columns: tuple
    refs: dict = field(default_factory=dict)    # column: the table whose ids it holds
    where: str = "project_id = ?"               # which rows belong to the project


# Every table a project owns, in the order they are written back, with the columns kept.
# A table's `project_id` is implied. LEFT_OUT says what is not kept, and why; a test checks
# that every column of every table is in one or the other.
TABLES = {
    "projects": Table(("id", "name", "created_at", "created_by", "pay_limit_pence", "pay_limit_period"),
                      {"created_by": "people"}, "id = ?"),
    "memberships": Table(("person_id", "role"), {"person_id": "people"}),
    "questionnaires": Table(("id", "created_at", "created_by"), {"created_by": "people"}),
    "questionnaire_versions": Table(
        ("id", "questionnaire_id", "number", "status", "document", "created_at", "created_by",
         "published_at", "published_by"),
        {"questionnaire_id": "questionnaires", "created_by": "people", "published_by": "people"},
        "questionnaire_id in (select id from questionnaires where project_id = ?)"),
    "media": Table(("sha256", "kind", "mime", "words", "created_at", "created_by"), {"created_by": "people"}),
    "easyread_words": Table(("id", "language", "hard", "plain", "created_at", "created_by"), {"created_by": "people"}),
    "interviews": Table(
        ("id", "questionnaire_version_id", "interviewer_id", "participant_code", "language", "consent",
         "share_words", "site", "started_at", "finished_at", "received_at", "content_hash", "demo", "record_voice"),
        {"questionnaire_version_id": "questionnaire_versions", "interviewer_id": "people"}),
    "answers": Table(("id", "interview_id", "question", "status", "value", "answered_at"),
                     {"interview_id": "interviews"},
                     "interview_id in (select id from interviews where project_id = ?)"),
    "themes": Table(("id", "parent_id", "words", "description", "colour", "picture", "merged_into",
                     "created_at", "created_by"),
                    {"parent_id": "themes", "merged_into": "themes", "created_by": "people"}),
    "theme_history": Table(("id", "theme_id", "at", "person_id", "action", "detail"),
                           {"theme_id": "themes", "person_id": "people"},
                           "theme_id in (select id from themes where project_id = ?)"),
    "coding_sessions": Table(("id", "questionnaire_id", "mode", "join_code", "questions", "filters", "position",
                              "total", "version", "started_at", "started_by", "ended_at"),
                             {"questionnaire_id": "questionnaires", "started_by": "people"}),
    "session_items": Table(("session_id", "seq", "answer_id", "later"),
                           {"session_id": "coding_sessions", "answer_id": "answers"},
                           "session_id in (select id from coding_sessions where project_id = ?)"),
    "codings": Table(("id", "answer_id", "theme_id", "owner", "session_id", "created_at", "created_by"),
                     {"answer_id": "answers", "theme_id": "themes", "owner": "people",
                      "session_id": "coding_sessions", "created_by": "people"}),
    "votes": Table(("session_id", "answer_id", "person_id", "theme_id", "at"),
                   {"session_id": "coding_sessions", "answer_id": "answers", "person_id": "people",
                    "theme_id": "themes"},
                   "session_id in (select id from coding_sessions where project_id = ?)"),
    "coding_log": Table(("id", "at", "session_id", "person_id", "action", "answer_id", "theme_id", "owner", "undone"),
                        {"session_id": "coding_sessions", "person_id": "people", "answer_id": "answers",
                         "theme_id": "themes", "owner": "people"}),
    "quotes": Table(("answer_id", "marked_at", "marked_by"), {"answer_id": "answers", "marked_by": "people"}),
    "theme_actions": Table(("theme_id", "did", "updated_at", "updated_by"),
                           {"theme_id": "themes", "updated_by": "people"}),
    "audit_log": Table(("id", "at", "person_id", "action", "detail"), {"person_id": "people"}),
    # What was withdrawn goes with the project (as SHA-256 only), so a tablet or file cannot
    # bring it back there.
    "withdrawals": Table(("code_sha256", "withdrawn_at", "withdrawn_by"), {"withdrawn_by": "people"}),
    "withdrawn_interviews": Table(("id_sha256", "withdrawn_at")),
    # The group's voices for the app's own words (the sound itself is in media).
    "app_voices": Table(("word", "language", "audio", "recorded_by", "recorded_at"), {"recorded_by": "people"}),
    # Every version of an answer's words: typed up, or put right (collect/answer_versions.py).
    "answer_versions": Table(("id", "answer_id", "part", "words", "changed_by", "changed_at", "why"),
                             {"answer_id": "answers", "changed_by": "people"},
                             "answer_id in (select answers.id from answers join interviews "
                             "on interviews.id = answers.interview_id where interviews.project_id = ?)"),
    # Answers' recordings (the sound of each complete one is in media). Bytes still on their
    # way stay behind: on the new server such a recording is on its way from the start.
    "recordings": Table(("id", "interview_id", "answer_id", "part", "sha256", "bytes", "type", "seconds",
                         "received", "media", "created_at", "completed_at"),
                        {"interview_id": "interviews", "answer_id": "answers"}),
    "withdrawn_recordings": Table(("id_sha256", "withdrawn_at")),
    # Peer researchers' work and pay (pay/): the accounts need them wherever the project goes.
    # Claims come before the work they hold; a claim's `lines` keep the entry ids of the
    # server that approved it, as a record of what was approved there.
    "pay_rates": Table(("id", "kind", "unit", "pence", "starts_on", "created_at", "created_by"),
                       {"created_by": "people"}),
    "pay_choices": Table(("person_id", "choice", "updated_at", "updated_by"),
                         {"person_id": "people", "updated_by": "people"}),
    "pay_claims": Table(("id", "person_id", "period", "minutes", "pence", "lines", "approved_at", "approved_by",
                         "paid_at", "paid_by", "paid_how"),
                        {"person_id": "people", "approved_by": "people", "paid_by": "people"}),
    "session_attendance": Table(("session_id", "person_id", "joined_at", "last_seen_at", "active_seconds"),
                                {"session_id": "coding_sessions", "person_id": "people"}),
    "work_entries": Table(("id", "person_id", "kind", "started_at", "minutes", "source", "detail", "status", "note",
                           "added_at", "added_by", "decided_at", "decided_by", "claim_id"),
                          {"person_id": "people", "added_by": "people", "decided_by": "people",
                           "claim_id": "pay_claims"}),
}
# Tables added after the first files were made: a file without them has none.
NEWER_TABLES = {"withdrawals", "withdrawn_interviews", "app_voices", "answer_versions", "recordings",
                "withdrawn_recordings", "pay_rates", "pay_choices", "pay_claims", "session_attendance", "work_entries"}
# Columns added after the first files were made: a row without one has it empty.
NEWER_COLUMNS = {"interviews": {"record_voice"}, "projects": {"pay_limit_pence", "pay_limit_period"},
                 "session_attendance": {"active_seconds"}}
PEOPLE_COLUMNS = ("id", "name", "picture")
LEFT_OUT = {
    "people": {"email": "not needed to do the research", "password_hash": "secret",
               "pin_hash": "secret", "created_at": "the person is new on the other server"},
    "interviews": {"device_id": "tablets are not moved"},
    "media": {"data": "kept as its own file, media/<sha256>"},
    "devices": "tablets and their tokens are not moved: register them on the new server",
    "share_links": "share links are not moved: make new ones",
    "device_people": "tablets are not moved, so neither is who signed in on them",
    "sync_refusals": "what tablets of this server had refused belongs to this server",
    "lockouts": "wrong sign-in tries belong to this server",
    "try_limits": "wrong sign-in tries belong to this server",
    "signins": "who is signed in belongs to this server",
    "pairing_codes": "codes that pair tablets of this server, for 15 minutes",
    "printed_cards": "which card codes were printed here; codes on cards printed later on the new "
                     "server are checked against the interviews moved with the project",
    "projects": {"contact": "the contact for the cards is typed again on the new server"},
    "questionnaire_versions": {"revision": "counts the builder's saves on this server"},
    **{table: "counts the new server's triggers keep again as the answers and codings arrive"
       for table in ("kept_theme_counts", "kept_theme_people", "kept_question_counts")},
}
# Columns holding JSON, checked to read as JSON on import.
JSON_COLUMNS = {("answers", "value"), ("themes", "words"), ("themes", "description"), ("theme_history", "detail"),
                ("audit_log", "detail"), ("coding_sessions", "filters"), ("coding_sessions", "questions"),
                ("media", "words"), ("questionnaire_versions", "document"), ("work_entries", "detail"),
                ("pay_claims", "lines")}
# Columns whose value must be one of a few, or pages that show them would break.
CHOICES = {("memberships", "role"): {"lead", "interviewer", "coder"},
           ("questionnaire_versions", "status"): {"draft", "published"},
           ("media", "kind"): {"image", "audio"}, ("interviews", "language"): set(LANGUAGES),
           ("answers", "status"): {"answered", "skipped", "dont_know"},
           ("answer_versions", "why"): {"sent", "typed_up", "corrected"},
           ("themes", "colour"): set(themes.COLOURS), ("coding_sessions", "mode"): {"group", "own"},
           ("work_entries", "kind"): set(pay_kinds.KINDS), ("work_entries", "status"): set(pay_work.STATUSES),
           ("pay_rates", "kind"): set(pay_kinds.KINDS), ("pay_rates", "unit"): set(pay_kinds.UNITS),
           ("pay_choices", "choice"): set(pay_kinds.CHOICES), ("pay_claims", "paid_how"): {None, *pay_kinds.PAID_HOW},
           ("projects", "pay_limit_period"): {None, *pay_kinds.LIMIT_PERIODS}}


class ProjectFileProblem(ValueError):
    """A file that cannot be brought in; the message says why in plain words."""


NOT_A_PROJECT_FILE = _l("This is not a whole-project file from peersurvey. Choose the .zip file that "
                        "‘Download the whole project’ made. Nothing was changed.")
DAMAGED = _l("This project file is damaged or has been changed, so nothing was brought in. "
             "Download the whole project again from the other server and bring in that file.")
TOO_BIG = _l("This project file is too big to bring in on this page. Ask the person who looks after "
             "this server to bring it in with the command peersurvey import-project. Nothing was changed.")
NEWER = _l("This project file was made by a newer version of peersurvey. Update peersurvey on "
           "this server first, then bring the file in again. Nothing was changed.")


# Export -----------------------------------------------------------------------------------

def _rows(db, project_id, name, table):
    """The table's rows for the project, one at a time, as the database gives them."""
    columns = ", ".join(table.columns)
    order = "id" if "id" in table.columns else ", ".join(table.columns[:2])
    cursor = db.execute(f"select {columns} from {name} where {table.where} order by {order}", [project_id])
    for values in cursor:
        yield dict(zip(table.columns, values))


def export_project(project_id, person_id, out):
    """Write the whole project as a .zip into the file object `out` (seekable: a temporary
    file). Each table is written a row at a time, so memory stays flat however big it is."""
    db = get_db()
    # One read transaction: a tablet syncing meanwhile cannot leave an answer in the file
    # whose interview is not (WAL gives the reader a snapshot, and the writer never waits).
    with reading(db):
        return _export(db, project_id, person_id, out)


def _export(db, project_id, person_id, out):
    counts = {name: db.execute(f"select count(*) from {name} where {table.where}", [project_id]).fetchone()[0]
              for name, table in TABLES.items()}
    people = _people(db, project_id)
    manifest = {
        "format": FORMAT, "version": VERSION, "exported_at": now(), "exported_by": person_id,
        "project": {"id": project_id, "name": db["projects"].get(project_id)["name"]},
        "personal_data": "This file holds personal data: participant codes, and the names of the "
                         "people in the project. Keep it safe and delete it when you no longer need it.",
        "left_out": LEFT_OUT,
        "counts": {"people": len(people), **counts},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme())
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        _write_table(archive, "people", people)
        for name, table in TABLES.items():
            _write_table(archive, name, _scrubbed(db, project_id, name, _rows(db, project_id, name, table)))
        for (sha, blob) in db.execute("select sha256, data from media where project_id = ? order by sha256",
                                      [project_id]):
            archive.writestr(f"media/{sha}", blob, compress_type=zipfile.ZIP_STORED)
    return manifest


def _people(db, project_id):
    """Everyone a row of the project names: their id, name and picture, never more."""
    named = " union ".join(f"select {column} from {name} where {table.where}"
                           for name, table in TABLES.items()
                           for column, target in table.refs.items() if target == "people")
    return [dict(row) for row in db.query(
        f"select id, name, picture from people where id in ({named}) order by id",
        [project_id] * named.count("?"))]


def _write_table(archive, name, rows):
    """One JSON list, a row to a line, written into the zip as the rows come."""
    with archive.open(f"tables/{name}.json", "w", force_zip64=True) as part:
        part.write(b"[")
        for n, row in enumerate(rows):
            part.write((",\n" if n else "\n").encode() + json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
        part.write(b"\n]\n")


def _scrubbed(db, project_id, name, rows):
    """Withdrawal erased a participant's interviews; a withdrawal made before the history
    stopped keeping the code (audit.forget_withdrawn) still names it in the entry that says
    so, and their answers may be named in a session's filters. Blank both."""
    for row in rows:
        if name == "audit_log" and row["action"] == "participant.withdraw":
            detail = json.loads(row["detail"] or "{}")
            row["detail"] = json.dumps({**detail, "name": audit.WITHDRAWN}, ensure_ascii=False, sort_keys=True)
        if name == "coding_sessions":
            filters = json.loads(row["filters"] or "{}")
            if filters.get("answers"):
                kept = {answer for (answer,) in db.execute(
                    """select answers.id from answers join interviews on interviews.id = answers.interview_id
                       where interviews.project_id = ? and answers.id in (select value from json_each(?))""",
                    [project_id, json.dumps(filters["answers"])])}
                filters["answers"] = [a for a in filters["answers"] if a in kept]
                row["filters"] = json.dumps(filters, ensure_ascii=False)
        yield row


README_LINES = (
    _l("This file is a whole peersurvey project: its questionnaires, pictures, interviews, "
       "answers, themes and history."),
    _l("It holds personal data: participant codes, and the names of the people in the project. "
       "Keep it safe, and delete it when you no longer need it."),
    _l("It does not hold passwords, PINs, email addresses or tablets."),
    _l("To use it, sign in to peersurvey as a project lead, open any project's Exports page, and "
       "bring the file in. It becomes a new project."),
)


def _readme():
    parts = []
    for code in LANGUAGES:
        with force_locale(code):
            parts.append("\n\n".join(str(line) for line in README_LINES))
    return "\n\n* * *\n\n".join(parts) + "\n"


# Command line (for a server with no project yet, or a project too big to upload) ----------

@click.command("export-project")
@click.option("--project", "project_id", required=True, type=int, help="The project's number (from its address).")
@click.option("--lead", "lead_email", help="Email address of the project's lead; on import they become the "
                                           "lead who brings the file in.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(project_id, lead_email, path):
    """Save a whole project to one .zip file, as a backup or to move it. It holds personal data."""
    from ..people import queries
    from ..projects.queries import get_project
    if get_project(project_id) is None:
        raise click.UsageError(f"There is no project {project_id}.")
    lead = queries.find_by_email(lead_email) if lead_email else None
    if lead_email and (lead is None or not queries.has_role(project_id, lead["id"], "lead")):
        raise click.UsageError(f"{lead_email} does not lead project {project_id}.")
    with open(path, "wb") as out:
        manifest = export_project(project_id, lead and lead["id"], out)
    audit.record("project.export", person_id=lead and lead["id"], project_id=project_id,
                 name=manifest["project"]["name"], via="command line")
    click.echo(f"Saved project {project_id} to {path}. It holds personal data (participant codes): keep it safe.")



"""A whole project in one file, to keep as a backup or to move to another server.

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

Importing makes a NEW project owned by the lead who brings it in: every id is new and
every reference is remapped; the person who exported the file becomes the importing lead.
Interview and answer ids (made on tablets) are kept, so a tablet that sends an interview
again is told "already stored"; only if this server already holds them (a copy of a project
still here) are they given new ids. Nothing is written unless the whole file is sound.
"""
import json
import re
import sqlite3
import uuid
import zipfile
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .. import safe_json
from ..db import get_db, now, reading, writing
from ..i18n import LANGUAGES
from ..people.avatars import KEYS as AVATAR_KEYS
from ..prepare import document as doc
from ..prepare import media
from ..theme import sessions, themes

FORMAT = "peersurvey-project"
VERSION = 1
MAX_ENTRIES = 20_000
# A whole project carries its pictures and recordings, so the page takes far more than the
# 8 MB any other form does. They are stored in the zip as they are, so a real file unpacks to
# little more than its size (only the tables' JSON shrinks): what is unpacked (and read into
# memory) is capped at a multiple of the upload, and checked before anything is opened.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = MAX_UPLOAD_BYTES * 3 // 2
COMMAND_LINE_MAX_TOTAL_BYTES = 2 * MAX_TOTAL_BYTES   # the server's own files, for projects too big to upload
BOMB_RATIO = 100     # no real export packs this tight: more than this is a zip bomb, not a big project
MAX_TABLE_BYTES = 256 * 1024 * 1024
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
    "projects": Table(("id", "name", "created_at", "created_by"), {"created_by": "people"}, "id = ?"),
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
         "share_words", "site", "started_at", "finished_at", "received_at", "content_hash", "demo"),
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
}
# Tables added after the first files were made: a file without them has none.
NEWER_TABLES = {"withdrawals", "withdrawn_interviews"}
PEOPLE_COLUMNS = ("id", "name", "picture")
LEFT_OUT = {
    "people": {"email": "not needed to do the research", "password_hash": "secret",
               "pin_hash": "secret", "failed_tries": "belongs to this server",
               "locked_until": "belongs to this server", "created_at": "the person is new on the other server"},
    "interviews": {"device_id": "tablets are not moved"},
    "media": {"data": "kept as its own file, media/<sha256>"},
    "devices": "tablets and their tokens are not moved: register them on the new server",
    "share_links": "share links are not moved: make new ones",
    "device_people": "tablets are not moved, so neither is who signed in on them",
    "sync_refusals": "what tablets of this server had refused belongs to this server",
    "questionnaire_versions": {"revision": "counts the builder's saves on this server"},
}
# Columns holding JSON, checked to read as JSON on import.
JSON_COLUMNS = {("answers", "value"), ("themes", "words"), ("themes", "description"), ("theme_history", "detail"),
                ("audit_log", "detail"), ("coding_sessions", "filters"), ("coding_sessions", "questions"),
                ("media", "words"), ("questionnaire_versions", "document")}
# Columns whose value must be one of a few, or pages that show them would break.
CHOICES = {("memberships", "role"): {"lead", "interviewer", "coder"},
           ("questionnaire_versions", "status"): {"draft", "published"},
           ("media", "kind"): {"image", "audio"}, ("interviews", "language"): set(LANGUAGES),
           ("answers", "status"): {"answered", "skipped", "dont_know"},
           ("themes", "colour"): set(themes.COLOURS), ("coding_sessions", "mode"): {"group", "own"}}
WITHDRAWN = "—"


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
    columns = ", ".join(table.columns)
    order = "id" if "id" in table.columns else ", ".join(table.columns[:2])
    return [dict(row) for row in db.query(
        f"select {columns} from {name} where {table.where} order by {order}", [project_id])]


def export_project(project_id, person_id, out):
    """Write the whole project as a .zip into the file object `out`."""
    db = get_db()
    # One read transaction: a tablet syncing meanwhile cannot leave an answer in the file
    # whose interview is not (WAL gives the reader a snapshot, and the writer never waits).
    with reading(db):
        return _export(db, project_id, person_id, out)


def _export(db, project_id, person_id, out):
    data = {name: _rows(db, project_id, name, table) for name, table in TABLES.items()}
    _scrub_withdrawn(data)
    referenced = {row[column] for name, table in TABLES.items() for row in data[name]
                  for column, target in table.refs.items() if target == "people" and row[column]}
    people = [dict(row) for row in db.query(
        "select id, name, picture from people where id in (select value from json_each(?)) order by id",
        [json.dumps(sorted(referenced))])]
    manifest = {
        "format": FORMAT, "version": VERSION, "exported_at": now(), "exported_by": person_id,
        "project": {"id": project_id, "name": data["projects"][0]["name"]},
        "personal_data": "This file holds personal data: participant codes, and the names of the "
                         "people in the project. Keep it safe and delete it when you no longer need it.",
        "left_out": LEFT_OUT,
        "counts": {"people": len(people), **{name: len(rows) for name, rows in data.items()}},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme())
        archive.writestr("manifest.json", _json(manifest))
        archive.writestr("tables/people.json", _json(people))
        for name, rows in data.items():
            archive.writestr(f"tables/{name}.json", _json(rows))
        for (sha, blob) in db.execute("select sha256, data from media where project_id = ? order by sha256",
                                      [project_id]):
            archive.writestr(f"media/{sha}", blob, compress_type=zipfile.ZIP_STORED)
    return manifest


def _json(value):
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def _scrub_withdrawn(data):
    """Withdrawal erased a participant's interviews; their code is still in the audit log
    entry that says so, and their answers may be named in a session's filters. Blank both."""
    for row in data["audit_log"]:
        if row["action"] == "participant.withdraw":
            detail = json.loads(row["detail"] or "{}")
            row["detail"] = json.dumps({**detail, "name": WITHDRAWN}, ensure_ascii=False, sort_keys=True)
    kept = {row["id"] for row in data["answers"]}
    for row in data["coding_sessions"]:
        filters = json.loads(row["filters"] or "{}")
        if filters.get("answers"):
            filters["answers"] = [a for a in filters["answers"] if a in kept]
            row["filters"] = json.dumps(filters, ensure_ascii=False)


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


# Import -----------------------------------------------------------------------------------

@dataclass
class Imported:
    project_id: int
    name: str
    interviews: int
    themes: int
    people: int


def import_project(fileobj, person_id, max_total=None):
    """Bring a whole-project file in as a new project led by `person_id`, refusing one that
    unpacks to more than `max_total` bytes (MAX_TOTAL_BYTES unless given). Returns Imported,
    or raises ProjectFileProblem having changed nothing."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            manifest, people, data, blobs = _read(archive, max_total or MAX_TOTAL_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, UnicodeDecodeError,
            safe_json.BadJSON, NotImplementedError, RuntimeError, RecursionError):
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    _check(people, data, blobs)
    db = get_db()
    try:
        with writing(db):
            project_id = _write(db, manifest, people, data, blobs, person_id)
    except (sqlite3.IntegrityError, KeyError, TypeError, ValueError, AttributeError):
        raise ProjectFileProblem(DAMAGED)
    return Imported(project_id, data["projects"][0]["name"], len(data["interviews"]), len(data["themes"]),
                    len(people))


def _read(archive, max_total):
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ProjectFileProblem(DAMAGED)
    # Sizes as the zip declares them; zipfile stops reading a part at its declared size.
    unpacked = sum(e.file_size for e in entries)
    if unpacked > max_total or any(e.file_size > MAX_TABLE_BYTES for e in entries):
        packed = max(1, sum(e.compress_size for e in entries))
        raise ProjectFileProblem(DAMAGED if unpacked > BOMB_RATIO * packed else TOO_BIG)
    manifest = safe_json.loads(archive.read("manifest.json"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("version"), int) or manifest["version"] < 1:
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    if manifest["version"] > VERSION:
        raise ProjectFileProblem(NEWER)
    people = safe_json.loads(archive.read("tables/people.json"))
    names = {e.filename for e in entries}
    data = {name: safe_json.loads(archive.read(f"tables/{name}.json"))
            if name not in NEWER_TABLES or f"tables/{name}.json" in names else [] for name in TABLES}
    blobs = {}
    for row in data["media"] if isinstance(data["media"], list) else []:
        sha = row.get("sha256") if isinstance(row, dict) else None
        if not isinstance(sha, str) or not SHA.match(sha) or f"media/{sha}" not in names:
            raise ProjectFileProblem(DAMAGED)
        blobs[sha] = archive.read(f"media/{sha}")
    return manifest, people, data, blobs


def _check(people, data, blobs):
    """Shapes, types and values, before anything is written. Anything malformed the checks
    did not foresee is still a damaged file, never a 500."""
    try:
        _check_parts(people, data, blobs)
    except ProjectFileProblem:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, RecursionError):
        raise ProjectFileProblem(DAMAGED)


def _check_parts(people, data, blobs):
    types = {name: get_db()[name].columns_dict for name in TABLES}
    if not _rows_of(people, PEOPLE_COLUMNS) or not isinstance(data, dict):
        raise ProjectFileProblem(DAMAGED)
    for person in people:
        if not isinstance(person["id"], int) or not isinstance(person["name"], str) \
                or not person["name"].strip() or len(person["name"]) > 200 \
                or person["picture"] not in (None, *AVATAR_KEYS):
            raise ProjectFileProblem(DAMAGED)
    for name, table in TABLES.items():
        if not _rows_of(data.get(name), table.columns):
            raise ProjectFileProblem(DAMAGED)
        for row in data[name]:
            for column in table.columns:
                value, wanted = row[column], types[name][column]
                if value is not None and (type(value) is not wanted):
                    raise ProjectFileProblem(DAMAGED)
                if (name, column) in CHOICES and value not in CHOICES[name, column]:
                    raise ProjectFileProblem(DAMAGED)
                if (name, column) in JSON_COLUMNS and value is not None:
                    _json_or_damaged(value)
    if len(data["projects"]) != 1:
        raise ProjectFileProblem(DAMAGED)
    for version in data["questionnaire_versions"]:
        try:
            doc.check(safe_json.loads(version["document"]))
        except (doc.DocumentError, KeyError, TypeError, AttributeError):
            raise ProjectFileProblem(DAMAGED)
    for theme in data["themes"]:
        if not _words(safe_json.loads(theme["words"] or "null")) or not _words(safe_json.loads(theme["description"] or "{}")):
            raise ProjectFileProblem(DAMAGED)
    for row in data["media"]:
        _check_media(row, blobs[row["sha256"]])


def _words(value):
    """Theme words or a description: {"en": …, "cy": …}, text in each."""
    return isinstance(value, dict) and set(value) <= set(LANGUAGES) and all(isinstance(v, str) for v in value.values())


def _rows_of(rows, columns):
    return isinstance(rows, list) and all(isinstance(r, dict) and set(r) == set(columns) for r in rows)


def _json_or_damaged(text):
    try:
        return safe_json.loads(text)
    except safe_json.BadJSON:
        raise ProjectFileProblem(DAMAGED)


def _check_media(row, blob):
    try:
        if media.checked_file(blob, row["sha256"], row["kind"], row["mime"]) != row["mime"]:
            raise ProjectFileProblem(DAMAGED)
    except media.MediaError:
        raise ProjectFileProblem(DAMAGED)


class _Ids:
    """Old id -> new id, per table."""

    def __init__(self):
        self.maps = {}

    def __call__(self, table, old):
        if old is None or (table == "people" and old == 0):
            return old       # codings.owner 0 is the group, not a person
        return self.maps[table][old]

    def set(self, table, old, new):
        self.maps.setdefault(table, {})[old] = new


# Tables whose new ids other rows need: written one row at a time to learn each new id.
REFERENCED = {target for table in TABLES.values() for target in table.refs.values()} - {"people"}
TABLET_IDS = ("interviews", "answers")      # ids made on tablets (UUIDs), not by this server
LATER = {"themes": ("parent_id", "merged_into")}   # may point at a theme written after it


def _write(db, manifest, people, data, blobs, person_id):
    ids = _Ids()
    exporter = manifest.get("exported_by")
    for person in people:
        ids.set("people", person["id"], person_id if person["id"] == exporter else db["people"].insert(
            {"name": person["name"], "picture": person["picture"], "created_at": now()}).last_pk)
    _tablet_ids(db, data, ids)
    project = data["projects"][0]
    project_id = db["projects"].insert({
        "name": project["name"], "created_at": project["created_at"],
        "created_by": ids.maps.get("people", {}).get(project["created_by"], person_id)}).last_pk
    memberships = {(ids("people", m["person_id"]), m["role"]) for m in data["memberships"]}
    memberships.add((person_id, "lead"))
    db["memberships"].insert_all([{"project_id": project_id, "person_id": p, "role": r}
                                  for p, r in sorted(memberships)])
    for name, table in TABLES.items():
        if name in ("projects", "memberships"):
            continue
        rows = [_new_row(db, name, table, row, ids, project_id, blobs) for row in data[name]]
        if name in REFERENCED and name not in TABLET_IDS:
            for row, new in zip(data[name], rows):
                ids.set(name, row["id"], db[name].insert(new).last_pk)
        elif rows:
            db[name].insert_all(rows)
    for theme in data["themes"]:
        db.execute("update themes set parent_id = ?, merged_into = ? where id = ?",
                   [ids("themes", theme["parent_id"]), ids("themes", theme["merged_into"]), ids("themes", theme["id"])])
    db["audit_log"].insert({"at": now(), "person_id": person_id, "project_id": project_id,
                            "action": "project.import",
                            "detail": json.dumps({"name": project["name"], "exported_at": manifest.get("exported_at")},
                                                 ensure_ascii=False, sort_keys=True)})
    return project_id


def _new_row(db, name, table, row, ids, project_id, blobs):
    new = dict(row)
    for column, target in table.refs.items():
        new[column] = None if column in LATER.get(name, ()) else ids(target, row[column])
    if name in TABLET_IDS:
        new["id"] = ids(name, row["id"])
    else:
        new.pop("id", None)
    if "project_id" in db[name].columns_dict:
        new["project_id"] = project_id
    if name == "media":
        new["data"] = blobs[row["sha256"]]
    if name == "coding_sessions":
        _fit_session(db, new, ids)
    return new


def _tablet_ids(db, data, ids):
    """Keep the tablet-made ids of interviews and answers, unless this server has them
    already (a copy of a project that is still here): then every one gets a new id."""
    taken = any(db.execute(f"select 1 from {table} where id in (select value from json_each(?)) limit 1",
                           [json.dumps([row["id"] for row in data[table]])]).fetchone() for table in TABLET_IDS)
    for table in TABLET_IDS:
        for row in data[table]:
            ids.set(table, row["id"], str(uuid.uuid4()) if taken else row["id"])


def _fit_session(db, session, ids):
    """A session's filters may name answers; an open group session needs a join code nobody
    else on this server is using."""
    filters = json.loads(session["filters"] or "{}")
    if filters.get("answers"):
        filters["answers"] = [ids("answers", a) for a in filters["answers"]]
        session["filters"] = json.dumps(filters, ensure_ascii=False)
    if session["join_code"] and session["ended_at"] is None and db.execute(
            "select 1 from coding_sessions where join_code = ? and ended_at is null", [session["join_code"]]).fetchone():
        session["join_code"] = sessions._new_code(db)


# Command line (for a server with no project yet, or a project too big to upload) ----------

@click.command("export-project")
@click.option("--project", "project_id", required=True, type=int, help="The project's number (from its address).")
@click.option("--lead", "lead_email", help="Email address of the project's lead; on import they become the "
                                           "lead who brings the file in.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(project_id, lead_email, path):
    """Save a whole project to one .zip file, as a backup or to move it. It holds personal data."""
    from .. import audit
    from ..people import queries
    from ..prepare.queries import get_project
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


@click.command("import-project")
@click.option("--lead", "lead_email", required=True, help="Email address of the lead who will lead the new project.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(lead_email, path):
    """Bring a whole-project .zip in as a new project."""
    from ..people import queries
    lead = queries.find_by_email(lead_email)
    if lead is None or not lead["password_hash"]:
        raise click.UsageError(f"There is no lead with the email address {lead_email}. Make one with create-lead.")
    try:
        with open(path, "rb") as source:
            imported = import_project(source, lead["id"], COMMAND_LINE_MAX_TOTAL_BYTES)
    except ProjectFileProblem as problem:
        click.echo(str(problem), err=True)
        raise SystemExit(1)
    click.echo(f"Made project {imported.project_id}, {imported.name}, led by {lead_email}, with "
               f"{imported.interviews} interviews and {imported.themes} themes. People in it have no PINs "
               f"or passwords yet: set them on the project page.")


COMMANDS = (export_command, import_command)

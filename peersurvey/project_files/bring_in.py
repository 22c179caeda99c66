"""Bringing a whole-project file in as a new project (the file's format: transfer.py).

Importing makes a NEW project owned by the lead who brings it in: every id is new and every
reference is remapped; the person who exported the file becomes the importing lead.
Interview and answer ids (made on tablets) are kept, so a tablet that sends an interview
again is told "already stored"; only if this server already holds one of them (a copy of a
project still here) are they all given new ids.

A file of any size is brought in within the memory of one row. Each part's declared size and
packing are checked before anything is unpacked (zip_guard); each table is read a row at a
time (safe_json.array_items); every row is checked once before the write lock is taken (so
a file slow to read holds nobody up), then checked against the rest and written inside one
write transaction, so one bad row anywhere rolls the whole import back: nothing changes. Only the ids of
the small tables other rows point at are kept in memory: new interview and answer ids, when
needed, are made from the old ones, and references to them are looked up in the database.
"""
import json
import sqlite3
import uuid
import zipfile
from dataclasses import dataclass

import click
from flask.cli import with_appcontext

from .. import audit, safe_json, zip_guard
from ..db import get_db, now, writing
from ..i18n import words_ok
from ..people.avatars import KEYS as AVATAR_KEYS
from ..prepare import document as doc
from ..prepare import media
from ..theme import sessions
from .transfer import (CHOICES, DAMAGED, FORMAT, JSON_COLUMNS, NEWER, NEWER_COLUMNS, NEWER_TABLES, NOT_A_PROJECT_FILE,
                               PEOPLE_COLUMNS, SHA, TABLES, TOO_BIG, VERSION, ProjectFileProblem)

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
# A whole project carries its pictures and recordings, stored as they are, so a real file
# unpacks to little more than its size (only the tables' JSON shrinks).
MAX_TOTAL_BYTES = MAX_UPLOAD_BYTES * 3 // 2
COMMAND_LINE_MAX_TOTAL_BYTES = 2 * MAX_TOTAL_BYTES   # the server's own files, for projects too big to upload
MAX_PARTS = 20_000
MAX_TABLE_BYTES = 256 * 1024 * 1024
MAX_MEDIA_BYTES = 21 * 1024 * 1024      # a picture is at most 5 MB, an answer's recording 20 MB
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_ROW_CHARS = 2 * 1024 * 1024         # one row: a questionnaire is the biggest, far below this
# The tables other rows point at keep an old-id-to-new-id map in memory while importing: capped
# far above any real project, so a file cannot fill the memory with millions of people.
MAX_MAPPED_ROWS = {"people": 50_000, "questionnaires": 10_000, "questionnaire_versions": 50_000,
                   "themes": 50_000, "coding_sessions": 50_000}
TABLET_IDS = ("interviews", "answers", "recordings")      # ids made on tablets (UUIDs), not by this server
# Tables whose new ids other rows need: written one row at a time to learn each new id.
REFERENCED = {target for table in TABLES.values() for target in table.refs.values()} - {"people"} - set(TABLET_IDS)
LATER = {"themes": ("parent_id", "merged_into")}   # may point at a theme written after it
# A reference to a tablet-made id must be to a row of the project being brought in.
OWNED = {"interviews": "select 1 from interviews where id = ? and project_id = ?",
         "answers": "select 1 from answers join interviews on interviews.id = answers.interview_id "
                    "where answers.id = ? and interviews.project_id = ?"}


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
            names = _measured(archive, max_total or MAX_TOTAL_BYTES)
            manifest = _manifest(archive, names)
            db = get_db()
            bringing = _Bringing(db, archive, names, person_id)
            bringing.validate()
            with writing(db):
                return bringing.run(manifest)
    except ProjectFileProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError):
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    except (safe_json.BadJSON, sqlite3.IntegrityError, KeyError, TypeError, ValueError, AttributeError,
            RecursionError, UnicodeDecodeError):
        raise ProjectFileProblem(DAMAGED)


def _measured(archive, max_total):
    def cap(name):
        return MAX_MEDIA_BYTES if name.startswith("media/") else \
            MAX_MANIFEST_BYTES if name == "manifest.json" else MAX_TABLE_BYTES
    try:
        parts = zip_guard.measured(archive, max_total=max_total, max_part=MAX_TABLE_BYTES,
                                   max_parts=MAX_PARTS, part_cap=cap)
    except zip_guard.ZipRefused as refused:
        raise ProjectFileProblem(TOO_BIG if refused.why == "too_big" else DAMAGED)
    return {part.filename for part in parts}


def _manifest(archive, names):
    if "manifest.json" not in names:
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    try:
        manifest = safe_json.loads(archive.read("manifest.json"))
    except safe_json.BadJSON:
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("version"), int) or manifest["version"] < 1:
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    if manifest["version"] > VERSION:
        raise ProjectFileProblem(NEWER)
    wanted = {"tables/people.json"} | {f"tables/{name}.json" for name in TABLES if name not in NEWER_TABLES}
    if not wanted <= names:
        raise ProjectFileProblem(NOT_A_PROJECT_FILE)
    return manifest


class _Bringing:
    """One import, inside its write transaction."""

    def __init__(self, db, archive, names, person_id):
        self.db, self.archive, self.names, self.person_id = db, archive, names, person_id
        self.maps = {}
        self.types = {name: db[name].columns_dict for name in TABLES}
        self.project_id = None
        self.salt = None        # set when tablet ids must be made new

    def rows(self, name, columns):
        """The table's rows, one at a time, each with exactly `columns`."""
        path = f"tables/{name}.json"
        if path not in self.names:
            return      # a table added after the file was made
        with self.archive.open(path) as stream:
            for row in safe_json.array_items(stream, max_item_chars=MAX_ROW_CHARS):
                if not isinstance(row, dict) or set(row) - set(columns) \
                        or set(columns) - set(row) - NEWER_COLUMNS.get(name, set()):
                    raise ProjectFileProblem(DAMAGED)
                yield {**dict.fromkeys(columns), **row}

    def id(self, table, old):
        """The new id for an old one of `table`: KeyError if the file has no such row."""
        if old is None or (table == "people" and old == 0):
            return old       # codings.owner 0 is the group, not a person
        if table in TABLET_IDS:
            new = self.tablet_id(old)
            if not self.db.execute(OWNED[table], [new, self.project_id]).fetchone():
                raise KeyError(old)
            return new
        return self.maps[table][old]

    def tablet_id(self, old):
        if not isinstance(old, str):
            raise ProjectFileProblem(DAMAGED)
        return str(uuid.uuid5(self.salt, old)) if self.salt else old

    def validate(self):
        """Every check a row can have on its own, before the write lock is taken: a file that
        takes long to read (a big project, or hundreds of megabytes of spaces) holds nobody
        else up, and most damaged files are refused before anything is written."""
        for name, columns in (("people", PEOPLE_COLUMNS), *((n, t.columns) for n, t in TABLES.items())):
            count = 0
            for row in self.rows(name, columns):
                if name == "people":
                    _check_person(row)
                else:
                    self.checked(name, row)
                count += 1
                if count > MAX_MAPPED_ROWS.get(name, count):
                    raise ProjectFileProblem(DAMAGED)

    def run(self, manifest):
        people = self.people(manifest.get("exported_by"))
        self.tablet_ids_are_free()
        project = self.project()
        for name, table in TABLES.items():
            if name not in ("projects", "memberships"):
                self.table(name, table)
        for theme in self.rows("themes", TABLES["themes"].columns):
            self.db.execute("update themes set parent_id = ?, merged_into = ? where id = ?",
                            [self.id("themes", theme["parent_id"]), self.id("themes", theme["merged_into"]),
                             self.id("themes", theme["id"])])
        audit.forget_withdrawn(self.db, self.project_id)     # a file exported before codes were blanked
        self.db["audit_log"].insert({
            "at": now(), "person_id": self.person_id, "project_id": self.project_id, "action": "project.import",
            "detail": json.dumps({"name": project["name"], "exported_at": manifest.get("exported_at")},
                                 ensure_ascii=False, sort_keys=True)})
        count = self.db.execute
        return Imported(self.project_id, project["name"],
                        count("select count(*) from interviews where project_id = ?", [self.project_id]).fetchone()[0],
                        count("select count(*) from themes where project_id = ?", [self.project_id]).fetchone()[0],
                        people)

    def people(self, exporter):
        """People come with their names and pictures only; the exporter becomes the importing lead."""
        count = 0
        for person in self.rows("people", PEOPLE_COLUMNS):
            _check_person(person)
            new = self.person_id if person["id"] == exporter else self.db["people"].insert(
                {"name": person["name"], "picture": person["picture"], "created_at": now()}).last_pk
            self.maps.setdefault("people", {})[person["id"]] = new
            count += 1
        if not count:
            raise ProjectFileProblem(DAMAGED)
        return count

    def tablet_ids_are_free(self):
        """Keep the tablet-made ids of interviews and answers, unless this server has one of
        them already (a copy of a project that is still here): then every one is made new."""
        for table in TABLET_IDS:
            batch = []
            for row in self.rows(table, TABLES[table].columns):
                batch.append(row["id"])
                if len(batch) == 500:
                    if self._any_taken(table, batch):
                        self.salt = uuid.uuid4()
                        return
                    batch = []
            if batch and self._any_taken(table, batch):
                self.salt = uuid.uuid4()
                return

    def _any_taken(self, table, ids):
        return self.db.execute(f"select 1 from {table} where id in (select value from json_each(?)) limit 1",
                               [json.dumps(ids)]).fetchone() is not None

    def project(self):
        projects = list(self.rows("projects", TABLES["projects"].columns))
        if len(projects) != 1:
            raise ProjectFileProblem(DAMAGED)
        project = self.checked("projects", projects[0])
        self.project_id = self.db["projects"].insert({
            "name": project["name"], "created_at": project["created_at"],
            "pay_limit_pence": project["pay_limit_pence"], "pay_limit_period": project["pay_limit_period"],
            "created_by": self.maps["people"].get(project["created_by"], self.person_id)}).last_pk
        memberships = {(self.id("people", m["person_id"]), m["role"])
                       for m in map(lambda r: self.checked("memberships", r),
                                    self.rows("memberships", TABLES["memberships"].columns))}
        memberships.add((self.person_id, "lead"))
        self.db["memberships"].insert_all([{"project_id": self.project_id, "person_id": p, "role": r}
                                           for p, r in sorted(memberships)])
        return project

    def table(self, name, table):
        if name == "work_entries" and f"tables/{name}.json" in self.names:
            # The interviews just brought in suggested work by themselves (a trigger); the
            # file's own entries, confirmed or paid, take their place.
            self.db.execute("delete from work_entries where project_id = ?", [self.project_id])
        batch = []
        for row in self.rows(name, table.columns):
            new = self.new_row(name, table, self.checked(name, row))
            if name in REFERENCED:
                self.maps.setdefault(name, {})[row["id"]] = self.db[name].insert(new).last_pk
            else:
                batch.append(new)
                if len(batch) == 500:
                    self.db[name].insert_all(batch)
                    batch = []
        if batch:
            self.db[name].insert_all(batch)

    def checked(self, name, row):
        """Types, choices and JSON of one row, as the database and the pages need them."""
        for column in TABLES[name].columns:
            value, wanted = row[column], self.types[name][column]
            if value is not None and type(value) is not wanted:
                raise ProjectFileProblem(DAMAGED)
            if (name, column) in CHOICES and value not in CHOICES[name, column]:
                raise ProjectFileProblem(DAMAGED)
            if (name, column) in JSON_COLUMNS and value is not None:
                row[column] = safe_json.mended_text(value)     # kept as it can be read back
        if name == "questionnaire_versions":
            try:
                doc.check(safe_json.loads(row["document"]))
            except (doc.DocumentError, KeyError, TypeError, AttributeError):
                raise ProjectFileProblem(DAMAGED)
        if name == "themes" and not (words_ok(safe_json.loads(row["words"] or "null"))
                                     and words_ok(safe_json.loads(row["description"] or "{}"))):
            raise ProjectFileProblem(DAMAGED)
        if name == "media" and not words_ok(safe_json.loads(row["words"] or "{}")):
            raise ProjectFileProblem(DAMAGED)      # the picture chooser reads them as words
        return row

    def new_row(self, name, table, row):
        new = dict(row)
        for column, target in table.refs.items():
            new[column] = None if column in LATER.get(name, ()) else self.id(target, row[column])
        if name in TABLET_IDS:
            new["id"] = self.tablet_id(row["id"])
        else:
            new.pop("id", None)
        if "project_id" in self.db[name].columns_dict:
            new["project_id"] = self.project_id
        if name == "media":
            new["data"] = self.media(row)
        if name == "recordings":
            self.fit_recording(new)
        if name == "coding_sessions":
            self.fit_session(new)
        if name == "work_entries":
            self.fit_work(new)
        return new

    def media(self, row):
        sha = row["sha256"]
        if not isinstance(sha, str) or not SHA.match(sha) or f"media/{sha}" not in self.names:
            raise ProjectFileProblem(DAMAGED)
        blob = self.archive.read(f"media/{sha}")
        try:
            if media.checked_file(blob, sha, row["kind"], row["mime"]) != row["mime"]:
                raise ProjectFileProblem(DAMAGED)
        except media.MediaError:
            raise ProjectFileProblem(DAMAGED)
        return blob

    def fit_recording(self, recording):
        """A recording belongs to an answer of its own interview; a complete one's sound must
        have come with it; one on its way starts again."""
        if not self.db.execute("select 1 from answers where id = ? and interview_id = ?",
                               [recording["answer_id"], recording["interview_id"]]).fetchone():
            raise ProjectFileProblem(DAMAGED)
        sha = recording["sha256"]
        if recording["media"] is not None and (
                recording["media"] != f"media:{sha}" or not self.db.execute(
                    "select 1 from media where project_id = ? and sha256 = ? and kind = 'audio'",
                    [self.project_id, sha]).fetchone()):
            raise ProjectFileProblem(DAMAGED)
        recording["received"] = recording["bytes"] if recording["media"] else 0

    def fit_work(self, entry):
        """A suggested piece of work names what it came from, by ids that may be new here."""
        kind, _, old = (entry["source"] or "").partition(":")
        detail = json.loads(entry["detail"] or "{}")
        if not isinstance(detail, dict):
            raise ProjectFileProblem(DAMAGED)
        if kind == "interview":
            entry["source"] = f"interview:{self.tablet_id(old)}"
        elif kind == "session":
            entry["source"] = f"session:{self.id('coding_sessions', int(old))}"
            detail["session_id"] = self.id("coding_sessions", detail.get("session_id"))
        if "questionnaire_id" in detail:
            detail["questionnaire_id"] = self.id("questionnaires", detail["questionnaire_id"])
        entry["detail"] = json.dumps(detail, ensure_ascii=False) if detail else None

    def fit_session(self, session):
        """A session's filters may name answers; an open group session needs a join code
        nobody else on this server is using."""
        filters = json.loads(session["filters"] or "{}")
        if not isinstance(filters, dict):
            raise ProjectFileProblem(DAMAGED)
        if filters.get("answers"):
            filters["answers"] = [self.id("answers", a) for a in filters["answers"]]
            session["filters"] = json.dumps(filters, ensure_ascii=False)
        if session["join_code"] and session["ended_at"] is None and self.db.execute(
                "select 1 from coding_sessions where join_code = ? and ended_at is null",
                [session["join_code"]]).fetchone():
            session["join_code"] = sessions._new_code(self.db)


def _check_person(person):
    if not isinstance(person["id"], int) or not isinstance(person["name"], str) \
            or not person["name"].strip() or len(person["name"]) > 200 \
            or person["picture"] not in (None, *AVATAR_KEYS):
        raise ProjectFileProblem(DAMAGED)


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

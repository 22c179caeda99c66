"""Backups a charity can rely on: `peersurvey backup` makes a whole, checked, private copy
(pictures and recordings are in it); `peersurvey restore` checks a file before it trusts it,
will not pull a database from under a running server unless told to, and keeps the file it
replaces; a running server makes them on a schedule; leads see when the last one was made;
/healthz says whether the database can be written."""
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from peersurvey import backups
from peersurvey.db import connect


def count(path, table):
    db = sqlite3.connect(path)
    try:
        return db.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        db.close()


def picture(app, make, lead):
    """A project with an uploaded picture (stored in the database, as every upload is)."""
    project = make.project(lead, "Pictures")
    with app.app_context():
        from peersurvey.db import get_db
        get_db()["media"].insert({"project_id": project, "sha256": "ab" * 32, "kind": "picture",
                                  "mime": "image/png", "data": b"\x89PNG picture bytes", "words": "{}",
                                  "created_at": "2026-12-01T10:00:00+00:00", "created_by": lead["id"]})
        get_db().conn.commit()
    return project


def test_backup_makes_a_checked_private_copy_with_the_pictures_named_with_the_time(app, runner, make, tmp_path):
    picture(app, make, make.lead())
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "copies")])
    assert result.exit_code == 0, result.output
    made, = (tmp_path / "copies").glob("peersurvey-*.db")
    assert str(made) in result.output and "Keep a copy somewhere else" in result.output
    assert abs(backups.made_at(made) - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert os.stat(made).st_mode & 0o777 == 0o600 and os.stat(made.parent).st_mode & 0o777 == 0o700
    assert backups.check(made) is None
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name], "one file, no -wal or -shm beside it"
    assert sqlite3.connect(made).execute("select data from media").fetchone()[0] == b"\x89PNG picture bytes"
    # Without --to: the setting, else backups/ in the instance folder.
    assert runner.invoke(args=["backup"]).exit_code == 0
    assert len(list(Path(app.instance_path, "backups").glob("peersurvey-*.db"))) == 1


def damaged_copy(good, tmp_path):
    """A backup with a page in the middle overwritten, as a failing USB stick leaves it."""
    data = bytearray(Path(good).read_bytes())
    page = 4096
    data[page * 3:page * 3 + 200] = b"\xff" * 200
    bad = tmp_path / "peersurvey-2026-12-01T100000Z.db"
    bad.write_bytes(bytes(data))
    return bad


def test_restore_refuses_what_is_not_a_whole_peersurvey_database_and_changes_nothing(app, runner, make, tmp_path):
    lead = make.lead()
    picture(app, make, lead)
    good = backups.make(app.config["DATABASE"], tmp_path / "copies")
    not_db = tmp_path / "notes.db"
    not_db.write_text("shopping list")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)")
    newer = tmp_path / "newer.db"
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as db:
        db.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                   "values ('peersurvey', 'm999_from_the_future', '2027-01-01')")
    before = Path(app.config["DATABASE"]).read_bytes()
    for file, said in ((not_db, "it is not a database file"), (other, "it is not a peersurvey database"),
                       (newer, "a newer peersurvey made it: update peersurvey first"),
                       (damaged_copy(good, tmp_path), "it is damaged")):
        result = runner.invoke(args=["restore", str(file)])
        assert result.exit_code != 0 and said in result.output and "Nothing was changed" in result.output, \
            result.output
    assert Path(app.config["DATABASE"]).read_bytes() == before


def test_restore_puts_the_backup_back_and_keeps_the_database_it_replaces(app, runner, make, tmp_path):
    lead = make.lead()
    picture(app, make, lead)
    good = backups.make(app.config["DATABASE"], tmp_path / "copies")
    make.project(lead, "Made after the backup")
    assert count(app.config["DATABASE"], "projects") == 2
    result = runner.invoke(args=["restore", str(good)])
    assert result.exit_code == 0, result.output
    assert count(app.config["DATABASE"], "projects") == 1
    kept, = Path(app.config["DATABASE"]).parent.glob("*.before-restore-*")
    assert str(kept) in result.output and count(kept, "projects") == 2
    assert os.stat(kept).st_mode & 0o777 == 0o600


def test_restore_will_not_replace_a_database_a_server_holds_unless_forced(app, runner, make, tmp_path):
    good = backups.make(app.config["DATABASE"], tmp_path / "copies")
    assert backups.hold_serving_lock(app.config["DATABASE"])
    try:
        refused = runner.invoke(args=["restore", str(good)])
        assert refused.exit_code != 0 and "peersurvey is running with this database" in refused.output
        forced = runner.invoke(args=["restore", "--force", str(good)])
        assert forced.exit_code == 0, forced.output
    finally:
        backups._held.pop(app.config["DATABASE"]).close()


def test_only_the_newest_backups_are_kept(tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    for day in range(1, 8):
        (folder / f"peersurvey-2026-11-0{day}T090000Z.db").write_bytes(b"")
    (folder / "notes.txt").write_text("not a backup: left alone")
    backups.prune(folder, 3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt", "peersurvey-2026-11-05T090000Z.db", "peersurvey-2026-11-06T090000Z.db",
        "peersurvey-2026-11-07T090000Z.db"]
    assert backups.latest(folder) == datetime(2026, 11, 7, 9, tzinfo=timezone.utc)


def test_leads_see_when_the_last_backup_was_made_and_are_warned_after_two_days(app, client, make, login):
    lead = make.lead()
    make.project(lead, "Better Lives")
    login.as_lead(lead)
    page = client.get("/projects/").get_data(as_text=True)
    assert "There is no backup yet." in page and "peersurvey backup" in page
    folder = backups.folder_for(app.config, app.instance_path)
    made = backups.make(app.config["DATABASE"], folder)
    page = client.get("/projects/").get_data(as_text=True)
    assert f"Last backup: today at {made_at_time(made)}." in page and "notice--warning" not in page
    yesterday = folder / f"peersurvey-{(datetime.now(timezone.utc) - timedelta(days=1)).strftime(backups.STAMP)}.db"
    made.rename(yesterday)
    page = client.get("/projects/").get_data(as_text=True)
    assert f"Last backup: yesterday at {made_at_time(yesterday)}." in page and "notice--warning" not in page
    made = yesterday
    old = folder / f"peersurvey-{(datetime.now(timezone.utc) - timedelta(days=3)).strftime(backups.STAMP)}.db"
    made.rename(old)
    page = client.get("/projects/").get_data(as_text=True)
    assert "That is more than 2 days ago." in page and "notice--warning" in page


def made_at_time(path):
    """The time as the page says it in English ("9:03 AM"), in UTC, the app's time zone."""
    from babel.dates import format_time
    return format_time(backups.made_at(path), "short", locale="en")


def test_healthz_says_the_database_is_writable_and_how_old_the_last_backup_is(app, client):
    report = client.get("/healthz")
    assert report.status_code == 200
    assert report.json["database"] == "writable" and report.json["disk_ok"] is True
    assert report.json["last_backup"] is None and report.json["backup_ok"] is False
    assert report.json["ok"] is True, "a late backup is reported, not an outage"
    assert app.config["DATABASE"] not in report.get_data(as_text=True)
    backups.make(app.config["DATABASE"], backups.folder_for(app.config, app.instance_path))
    assert client.get("/healthz").json["last_backup_hours"] == 0


def test_healthz_answers_503_when_the_database_cannot_be_written(app, client):
    writer = connect(app.config["DATABASE"])
    writer.execute("BEGIN IMMEDIATE")     # another process holding the write lock, and not letting go
    try:
        report = client.get("/healthz")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert report.status_code == 503 and report.json["database"] == "not writable" and not report.json["ok"]


def test_a_backup_holds_what_is_still_in_the_write_ahead_log(app, make, tmp_path):
    """A server keeps the database open, so recent changes may sit in the -wal file for a
    while: a copy of the database file alone would miss them."""
    lead = make.lead()
    keeper = sqlite3.connect(app.config["DATABASE"])       # as a running server: open, never checkpointing
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("select count(*) from projects").fetchone()
    writer = sqlite3.connect(app.config["DATABASE"])
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    with writer:
        writer.execute("insert into projects (name, created_at, created_by) values ('Only in the log', "
                       "'2026-12-05T10:00:00+00:00', ?)", [lead["id"]])
    writer.close()
    try:
        assert os.path.getsize(app.config["DATABASE"] + "-wal") > 0
        made = backups.make(app.config["DATABASE"], tmp_path / "copies")
    finally:
        keeper.close()
    assert sqlite3.connect(made).execute("select name from projects").fetchall() == [("Only in the log",)]


def test_healthz_answers_503_when_the_disk_is_nearly_full(app, client, monkeypatch):
    from peersurvey import health
    monkeypatch.setattr(health, "LOW_DISK_MB", 10**12)     # more than any disk: "nearly full"
    report = client.get("/healthz")
    assert report.status_code == 503 and report.json["disk_ok"] is False and not report.json["ok"]
    assert report.json["database"] == "writable"

"""The schema is made and changed only by ordered, recorded migrations that upgrade an
existing database in place without losing rows."""
import os
import sqlite3
import threading

from peersurvey import db as database
from peersurvey import migrations


def names():
    return [step.name for step in migrations.steps._migrations]


def test_a_database_made_by_the_first_migrations_upgrades_without_losing_rows(tmp_path):
    path = str(tmp_path / "old.db")
    old = database.connect(path)
    migrations.steps.apply(old, stop_before=names()[2])
    old["people"].insert({"name": "Siân", "email": "sian@example.org", "created_at": "2026-01-01T00:00:00+00:00"})
    old["projects"].insert({"name": "Better Lives", "created_at": "2026-01-01T00:00:00+00:00", "created_by": 1})
    old["memberships"].insert({"project_id": 1, "person_id": 1, "role": "lead"})
    assert "devices" not in old.table_names()
    old.close()

    database.migrate(path)

    new = database.connect(path)
    assert [m.name for m in migrations.steps.applied(new)] == names()
    assert [r["name"] for r in new.query("select name from people")] == ["Siân"]
    assert new["memberships"].count == 1
    assert "devices" in new.table_names()
    assert os.path.exists(path + ".bak"), "a database holding data is copied before it is changed"


def test_migrating_twice_changes_nothing_and_makes_no_backup(tmp_path):
    path = str(tmp_path / "new.db")
    database.migrate(path)
    database.migrate(path)
    db = database.connect(path)
    assert len(migrations.steps.applied(db)) == len(names())
    assert not os.path.exists(path + ".bak")


def test_the_database_uses_wal_and_enforces_foreign_keys(tmp_path):
    path = str(tmp_path / "fk.db")
    database.migrate(path)
    db = database.connect(path)
    assert db.journal_mode == "wal"
    try:
        db["memberships"].insert({"project_id": 99, "person_id": 99, "role": "lead"})
    except Exception as error:
        assert "FOREIGN KEY" in str(error)
    else:
        raise AssertionError("a membership of a missing project was stored")


def busy_database(path, rows=2000):
    """A database one migration behind, and a connection that has written `rows` rows that are
    all still in the -wal log (kept open, so nothing moves them into the file)."""
    old = database.connect(path)
    migrations.steps.apply(old, stop_before=names()[-1])
    old.close()
    writer = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    writer.execute("PRAGMA busy_timeout = 30000")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("create table writes (n integer, words text)")
    for n in range(rows):
        writer.execute("insert into writes values (?, ?)", [n, "words " * 20])
    return writer


def rows_in_copy(path):
    copy = sqlite3.connect(path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count, top = copy.execute("select count(*), max(n) from writes").fetchone()
        assert count == top + 1, "no row is missing or half there"
        return count
    finally:
        copy.close()


def test_the_copy_before_a_migration_holds_what_is_still_in_the_wal_log(tmp_path):
    """Copying the file itself left out every change not yet moved from the -wal log."""
    path = str(tmp_path / "busy.db")
    writer = busy_database(path)
    try:
        database.migrate(path)
    finally:
        writer.close()
    assert rows_in_copy(path + ".bak") == 2000


def test_a_copy_taken_while_another_connection_writes_is_whole_and_opens(tmp_path):
    path = str(tmp_path / "busy.db")
    writer = busy_database(path)
    stop = threading.Event()

    def keep_writing():
        n = 2000
        while not stop.is_set():
            writer.execute("insert into writes values (?, ?)", [n, "words " * 20])
            n += 1
    thread = threading.Thread(target=keep_writing)
    thread.start()
    db = database.connect(path)
    try:
        for n in range(5):
            database.safety_copy(db, str(tmp_path / f"copy{n}.db"))
    finally:
        stop.set()
        thread.join()
        writer.close()
        db.close()
    counts = [rows_in_copy(str(tmp_path / f"copy{n}.db")) for n in range(5)]
    assert counts[0] >= 2000 and counts == sorted(counts)


def test_codes_withdrawn_before_the_history_forgot_them_are_blanked_on_upgrade(tmp_path):
    """Only the withdrawn participant's code goes; another participant's stays."""
    import hashlib
    import json
    path = str(tmp_path / "old.db")
    old = database.connect(path)
    migrations.steps.apply(old, stop_before="m019_forget_withdrawn_codes")
    old["people"].insert({"name": "Siân", "email": "sian@example.org", "created_at": "2026-01-01T00:00:00+00:00"})
    old["projects"].insert({"name": "Better Lives", "created_at": "2026-01-01T00:00:00+00:00", "created_by": 1})
    for action, code in (("participant.withdraw", "K7P4QX"), ("answer.corrected", "K7P4QX"),
                         ("answer.corrected", "ZZZZ99")):
        old["audit_log"].insert({"at": "2026-01-02T00:00:00+00:00", "person_id": 1, "project_id": 1,
                                 "action": action, "detail": json.dumps({"name": code})})
    old["withdrawals"].insert({"project_id": 1, "code_sha256": hashlib.sha256(b"K7P4QX").hexdigest(),
                               "withdrawn_at": "2026-01-02T00:00:00+00:00", "withdrawn_by": 1})
    old.close()

    database.migrate(path)

    new = database.connect(path)
    assert [json.loads(r["detail"])["name"] for r in new.query("select detail from audit_log order by id")] == \
        ["—", "—", "ZZZZ99"]

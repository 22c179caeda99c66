"""The schema is made and changed only by ordered, recorded migrations that upgrade an
existing database in place without losing rows."""
import os

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

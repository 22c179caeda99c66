"""The database: one SQLite file, opened through sqlite-utils.

Views never open connections: they call get_db(), which keeps one connection per
request on `g` and closes it at teardown. Every connection turns foreign keys on and
waits for a busy writer instead of failing at once (tablets sync while leads edit).
"""
import contextlib
import shutil
from datetime import datetime, timezone

import sqlite_utils
from flask import current_app, g

from . import migrations


def connect(path):
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON;")
    db.execute("PRAGMA busy_timeout = 5000;")
    return db


def get_db():
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(exc=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@contextlib.contextmanager
def writing(db):
    """One write transaction that takes the write lock up front (BEGIN IMMEDIATE), so two
    people changing the same thing at once wait their turn instead of failing; a savepoint
    when already inside a transaction."""
    nested = db.conn.in_transaction
    db.execute("SAVEPOINT writing" if nested else "BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if nested:
            db.execute("ROLLBACK TO SAVEPOINT writing")
            db.execute("RELEASE SAVEPOINT writing")
        else:
            db.conn.rollback()
        raise
    db.execute("RELEASE SAVEPOINT writing" if nested else "COMMIT")


def now():
    """The time as stored everywhere: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def migrate(path):
    """Bring the database at `path` up to date, copying it to .bak first if it holds data."""
    db = connect(path)
    try:
        pending = migrations.steps.pending(db)
        if pending and migrations.steps.applied(db):
            db.close()
            shutil.copyfile(path, f"{path}.bak")
            db = connect(path)
        migrations.steps.apply(db)
    finally:
        db.close()


def init_app(app):
    app.teardown_appcontext(close_db)
    migrate(app.config["DATABASE"])

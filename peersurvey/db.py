"""The database: one SQLite file, opened through sqlite-utils.

Views never open connections: they call get_db(), which keeps one connection per
request on `g`; at teardown it is kept for the same thread's next request (`_kept`).
Every connection turns foreign keys on and waits for a busy writer instead of failing at
once (tablets sync while leads edit).

Every write that depends on something it read goes through `writing()`: the read and the
write happen inside one BEGIN IMMEDIATE transaction, so what was checked is still true
when it is written. (sqlite-utils' `atomic()` starts a deferred transaction, which fails
at once with "database is locked" when two writers meet; do not use it.)
"""
import contextlib
import os
import sqlite3
import stat
import threading
from datetime import datetime, timezone

import sqlite_utils
from sqlite_utils.utils import dedupe_keys
from flask import current_app, g, has_app_context

from . import checkpoints, migrations

DEFAULT_BUSY_SECONDS = 30
# The database and everything near it hold personal data: readable by their owner only.
PRIVATE_UMASK = 0o077
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

# Writers in this process queue here, in turn, instead of all spinning in SQLite's busy
# handler (which sleeps and retries, so under load a writer can miss its turn for many
# seconds). Writers in other processes still meet SQLite's own lock and busy timeout.
_queues = {}
_queues_lock = threading.Lock()


class Busy(Exception):
    """The database stayed busy longer than BUSY_SECONDS; the request is answered 503."""


class Database(sqlite_utils.Database):
    """sqlite-utils' Database, reading a SELECT as it is. Its query() wraps every statement
    in a savepoint, so a statement that turns out to write can be rolled back; outside a
    transaction that begins and commits one around each read, three statements for one on
    every page. A SELECT cannot write, so it goes straight to SQLite; anything else still
    goes through sqlite-utils."""

    def query(self, sql, params=None):
        if not sql.lstrip()[:6].upper() == "SELECT":
            return super().query(sql, params)
        cursor = self.conn.execute(sql, () if params is None else params)
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row)) for row in cursor)


def connect(path, busy_seconds=None):
    if busy_seconds is None:
        busy_seconds = current_app.config.get("BUSY_SECONDS", DEFAULT_BUSY_SECONDS) \
            if has_app_context() else DEFAULT_BUSY_SECONDS
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON;")
    db.execute("PRAGMA synchronous = FULL;")   # said, not left to how SQLite was built (see writing)
    db.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)};")
    if checkpoints.in_background(path):      # the server's own thread copies the log (see there)
        db.execute(f"PRAGMA wal_autocheckpoint = {checkpoints.FALLBACK_PAGES};")
    db.path, db.busy_seconds = str(path), busy_seconds
    return db


# Each server thread keeps its connection between requests: opening one is cheap, but its
# first query reads and parses the whole schema (about 2 ms with ours), which every request
# paid, twenty times over when twenty joined screens fetch a coding panel after a tap.
_kept = threading.local()


def get_db():
    if "db" not in g:
        g.db = _take_kept(current_app.config["DATABASE"]) or connect(current_app.config["DATABASE"])
        g.db_changes = g.db.conn.total_changes
    return g.db


def _take_kept(path):
    db, _kept.db = getattr(_kept, "db", None), None
    if db is not None and db.path == str(path) and db.busy_seconds == current_app.config.get(
            "BUSY_SECONDS", DEFAULT_BUSY_SECONDS):
        return db
    if db is not None:
        db.close()
    return None


def close_db(exc=None):
    """At the end of a request: keep its connection for this thread's next one, never
    carrying a transaction over (a request that failed half-way is rolled back)."""
    db = g.pop("db", None)
    if db is None:
        return
    try:
        if db.conn.total_changes != g.pop("db_changes", 0):   # some writes are not db.writing's
            checkpoints.wrote(db.path)
        if db.conn.in_transaction:
            db.conn.rollback()
    except sqlite3.ProgrammingError:    # closed by whoever used it: nothing to keep
        return
    old, _kept.db = getattr(_kept, "db", None), db
    if old is not None and old is not db:
        old.close()


def writers_queue(db):
    """The lock this process's writers to `db`'s file take in turn (see writing)."""
    key = getattr(db, "path", None) or id(db)
    with _queues_lock:
        return _queues.setdefault(key, threading.RLock())


@contextlib.contextmanager
def writing(db, wait_for_disk=True):
    """One write transaction that takes the write lock up front (BEGIN IMMEDIATE), so two
    people changing the same thing at once wait their turn instead of failing; a savepoint
    when already inside a transaction. Do every check the write depends on inside it.

    wait_for_disk=False: the commit is handed to the operating system without waiting for the
    disk to say it is written (synchronous=NORMAL for this one transaction). It survives the
    app being killed or crashing; a power cut or the whole computer crashing in the next
    moment can lose it (the file stays whole either way). Only for a tap in a coding
    session, which the group sees at once and would simply tap again: waiting for the disk
    was most of a tap's time (0.4 ms here, many ms on a laptop's disk). Everything else,
    above all an interview a tablet is told is safe, waits. See docs/ARCHITECTURE.md,
    "Writes, crashes and load"."""
    if db.conn.in_transaction:
        db.execute("SAVEPOINT writing")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK TO SAVEPOINT writing")
            db.execute("RELEASE SAVEPOINT writing")
            raise
        db.execute("RELEASE SAVEPOINT writing")
        return
    queue = writers_queue(db)
    if not queue.acquire(timeout=getattr(db, "busy_seconds", DEFAULT_BUSY_SECONDS)):
        raise Busy()
    try:
        if not wait_for_disk:
            db.conn.execute("PRAGMA synchronous = NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
            checkpoints.wrote(getattr(db, "path", None))
        except BaseException:
            # Also after a COMMIT that failed and left the transaction open (a deferred
            # constraint): the setting below cannot be changed inside one.
            db.conn.rollback()
            raise
    finally:
        try:
            if not wait_for_disk:
                db.conn.execute("PRAGMA synchronous = FULL")
        finally:
            queue.release()


@contextlib.contextmanager
def reading(db):
    """One read snapshot (a deferred transaction that only reads): every query inside sees
    the database as it was at the first, while writers carry on (WAL). For exports."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


def now():
    """The time as stored everywhere: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def migrate(path):
    """Bring the database at `path` up to date, copying it to .bak first if it holds data."""
    db = connect(path)
    try:
        pending = migrations.steps.pending(db)
        if pending and migrations.steps.applied(db):
            safety_copy(db, f"{path}.bak")
        migrations.steps.apply(db)
    finally:
        db.close()


def safety_copy(db, target):
    """A whole, private copy of the database at `target`, taken with SQLite's backup: a
    server may be writing, and what it wrote may still be in the -wal log, so copying the
    file itself could miss rows or be torn."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.close(fd)
    os.chmod(target, PRIVATE_FILE)      # an older copy may have been readable by everyone
    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
        # One self-contained file: a copy left in WAL mode grows -wal and -shm files beside it
        # as soon as anything opens it, which a folder of backups or a USB stick should not hold.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def keep_private(instance_path, database):
    """Everything peersurvey writes holds personal data, so it is made readable by the owner
    only: from now on for every file and folder this process makes (the database, its -wal and
    -shm, copies, exports written by the command line), and at once for those an older
    install made readable by everyone."""
    os.umask(PRIVATE_UMASK)
    made = [(instance_path, PRIVATE_FOLDER)] + [
        (f"{database}{ending}", PRIVATE_FILE) for ending in ("", "-wal", "-shm", "-journal", ".bak")]
    for path, mode in made:
        try:
            if stat.S_IMODE(os.stat(path).st_mode) != mode:
                os.chmod(path, mode)
        except (FileNotFoundError, PermissionError):
            pass    # not made yet, or another user's: nothing to put right


def init_app(app):
    keep_private(app.instance_path, app.config["DATABASE"])
    app.teardown_appcontext(close_db)
    migrate(app.config["DATABASE"])

"""Backups a charity can rely on: whole copies of the database, taken while the server runs,
checked before they are trusted, and put back only with care.

Pictures and recordings live in the database (the media table), so one file holds the lot.
A copy is taken with SQLite's online backup (db.safety_copy, the same as the copy made
before migrations): a file copy could miss what is still in the -wal log, or be torn.
Copies are private (0600, in a 0700 folder): they hold everything peersurvey knows.
"""
import os
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import migrations
from .db import PRIVATE_FOLDER, connect, safety_copy

PREFIX, SUFFIX = "peersurvey-", ".db"
STAMP = "%Y-%m-%dT%H%M%SZ"
SQLITE_HEADER = b"SQLite format 3\x00"
STALE = timedelta(days=2)      # the project list warns after this long with no backup


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def folder_for(config, instance_path):
    return Path(config.get("BACKUP_DIR") or Path(instance_path) / "backups")


def make(database, folder):
    """A checked copy of `database` in `folder`, named with the time; returns its path."""
    folder = Path(folder)
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    target = _free_name(folder, datetime.now(timezone.utc))
    source = connect(database)
    try:
        safety_copy(source, str(target))
    finally:
        source.close()
    problem = check(target)
    if problem:
        target.unlink(missing_ok=True)
        raise BackupError(f"The copy did not pass its check ({problem}), so it was deleted. "
                          "Try again; if it fails again, the database itself may be damaged.")
    return target


def _free_name(folder, when):
    name = folder / f"{PREFIX}{when.strftime(STAMP)}{SUFFIX}"
    n = 2
    while name.exists():        # two backups in one second (a schedule and a command)
        name = folder / f"{PREFIX}{when.strftime(STAMP)}-{n}{SUFFIX}"
        n += 1
    return name


def check(path):
    """None if `path` is a whole peersurvey database this code can read, else what is wrong."""
    try:
        with open(path, "rb") as f:
            if f.read(16) != SQLITE_HEADER:
                return "it is not a database file"
    except OSError as error:
        return f"it cannot be read: {error.strerror}"
    db = sqlite3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True)
    try:
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return "it is damaged"
        except sqlite3.DatabaseError:       # "malformed": too damaged even to check
            return "it is damaged"
        try:
            names = {row[0] for row in db.execute(
                "select name from _sqlite_migrations where migration_set = 'peersurvey'")}
        except sqlite3.DatabaseError:
            return "it is not a peersurvey database"
    finally:
        db.close()
    known = {step.name for step in migrations.steps._migrations}
    if not names:
        return "it is not a peersurvey database"
    if names - known:
        return "a newer peersurvey made it: update peersurvey first"
    return None


def made_at(path):
    """When a backup was made, from its name (the file's own time can change when copied)."""
    stamp = Path(path).name[len(PREFIX):len(PREFIX) + 18]
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def backups_in(folder):
    """The backups in `folder`, newest first."""
    found = [p for p in Path(folder).glob(f"{PREFIX}*{SUFFIX}") if made_at(p)]
    return sorted(found, key=lambda p: (made_at(p), p.name), reverse=True)


def latest(folder):
    """When the newest backup was made, or None."""
    found = backups_in(folder)
    return made_at(found[0]) if found else None


def prune(folder, keep):
    """Keep the newest `keep` backups, delete the rest."""
    for old in backups_in(folder)[max(keep, 1):]:
        old.unlink(missing_ok=True)


def restore(backup, database, force=False):
    """Put `backup` in place of `database`, keeping the file it replaces; returns that file's
    new name (or None if there was no database). Refuses a damaged or newer file, and a
    database a running server holds unless `force`."""
    problem = check(backup)
    if problem:
        raise BackupError(f"{backup} cannot be restored: {problem}. Nothing was changed.")
    if serving(database) and not force:
        raise BackupError("peersurvey is running with this database. Stop it first, then restore "
                          "(or add --force to replace it while it runs: anything sent since the "
                          "backup is then lost, though the replaced file is kept).")
    kept = None
    if Path(database).exists():
        kept = Path(f"{database}.before-restore-{datetime.now(timezone.utc).strftime(STAMP)}")
        live = connect(database)
        try:
            safety_copy(live, str(kept))
        finally:
            live.close()
    _copy_into(backup, database)
    return kept


def _copy_into(backup, database):
    """Copy page by page into the live file (not a rename over it), so a server that has it
    open sees the restored data, never a file swapped from under it."""
    source = sqlite3.connect(f"file:{Path(backup).resolve().as_posix()}?mode=ro", uri=True)
    target = sqlite3.connect(database)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


# "In use": a running `peersurvey serve` holds a lock on <database>.serving for its whole life.
# The system lets go of it when the process ends, however it ends, so a crash never leaves a
# database looking busy (a pid file would).
_held = {}


def hold_serving_lock(database):
    handle = open(f"{database}.serving", "a+b")
    if not _lock(handle, exclusive=True):
        handle.close()
        return False
    _held[str(database)] = handle
    return True


def serving(database):
    path = f"{database}.serving"
    if str(database) in _held or not os.path.exists(path):
        return str(database) in _held
    with open(path, "a+b") as handle:
        free = _lock(handle, exclusive=False)
        _unlock(handle) if free else None
        return not free


def _lock(handle, exclusive):
    try:
        import fcntl
        fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except ImportError:                       # Windows
        import msvcrt
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    except OSError:
        return False


def _unlock(handle):
    try:
        import fcntl
        fcntl.flock(handle, fcntl.LOCK_UN)
    except ImportError:
        import msvcrt
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def start_schedule(app):
    """While `peersurvey serve` runs: a backup now if the newest is older than BACKUP_HOURS,
    then one every BACKUP_HOURS, keeping the newest BACKUP_KEEP. A failed backup is logged;
    it never stops the server. Returns the thread's stop event (None if there is no schedule)."""
    hold_serving_lock(app.config["DATABASE"])
    hours = app.config["BACKUP_HOURS"]
    if hours <= 0:
        return None
    stop = threading.Event()
    threading.Thread(target=_every, args=(app, timedelta(hours=hours), stop),
                     name="peersurvey-backups", daemon=True).start()
    return stop


def _every(app, interval, stop):
    folder = folder_for(app.config, app.instance_path)
    while not stop.is_set():
        newest = latest(folder)
        due = newest is None or datetime.now(timezone.utc) - newest >= interval
        if due:
            try:
                make(app.config["DATABASE"], folder)
                prune(folder, app.config["BACKUP_KEEP"])
            except Exception:       # a full disk, a damaged copy: say so, keep serving
                app.logger.exception("The scheduled backup failed")
        newest = latest(folder)
        wait = interval - (datetime.now(timezone.utc) - newest) if newest and not due else interval
        stop.wait(max(wait.total_seconds(), 60))

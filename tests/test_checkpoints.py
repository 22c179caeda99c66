"""While the server runs, SQLite's write-ahead log is copied into the database file by a thread
of its own (peersurvey/checkpoints.py), never inside a request's write. In WAL mode only a
checkpoint writes to the database file itself, so whether a write checkpointed shows in that
file."""
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import pytest

from peersurvey import checkpoints, db as database

from .browser.conftest import LiveServer
from .together import Visitor

PAGES = 1_500           # past SQLite's own threshold of 1,000 pages
EACH = 100


def new_database(path):
    db = database.connect(path)
    db.enable_wal()
    db.execute("create table filler (x blob)")
    db.close()


def write_pages(path):
    """PAGES pages of writes, EACH in a transaction, as requests write (db.writing)."""
    db = database.connect(path)
    try:
        for _ in range(PAGES // EACH):
            with database.writing(db):
                db.conn.executemany("insert into filler (x) values (?)", [(os.urandom(4000),)] * EACH)
        return db.execute("pragma wal_autocheckpoint").fetchone()[0]
    finally:
        db.close()


def database_file(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def background(tmp_path, monkeypatch):
    """A database with a checkpointer that waits until the test lets it go."""
    path = tmp_path / "checkpoints.db"
    new_database(path)
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 3600.0)
    monkeypatch.setattr(checkpoints, "MOST_SECONDS", 7200.0)
    monkeypatch.setattr(checkpoints, "SWEEP_SECONDS", 7200.0)
    worker = checkpoints.start(path, logging.getLogger("test"))
    yield path, worker
    checkpoints.stop(path)
    worker.join(10)


def test_no_write_copies_the_log_while_the_servers_own_thread_does(background, monkeypatch):
    path, worker = background
    before = database_file(path)
    assert write_pages(path) == checkpoints.FALLBACK_PAGES
    assert database_file(path) == before, "a write copied the log into the database file itself"

    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 0.0)      # writing has paused: let it go
    worker.woken.set()
    with worker.done:
        assert worker.done.wait_for(lambda: worker.made >= 1, timeout=30)
    assert database_file(path) != before
    assert path.stat().st_size >= PAGES * 4096


def test_without_the_server_sqlite_copies_the_log_itself(tmp_path):
    """What the first test rules out, seen: the same writes, in a process with no checkpoint
    thread (the command line), copy the log into the file as they pass 1,000 pages."""
    path = tmp_path / "alone.db"
    new_database(path)
    before = database_file(path)
    assert write_pages(path) == 1000
    assert database_file(path) != before


def test_a_stopped_checkpointer_hands_checkpoints_back_to_sqlite(background):
    path, worker = background
    checkpoints.stop(path)
    worker.join(10)
    assert not worker.is_alive()
    before = database_file(path)
    assert write_pages(path) == 1000
    assert database_file(path) != before


def test_under_steady_writing_the_log_is_copied_whole_and_starts_afresh(background, monkeypatch):
    """Checkpoints taken alongside a writer never copy the whole log (the writer keeps adding
    to it), so it is never started afresh and grows; taken in the writers' turn, each is
    whole and the next write starts the log again from its beginning."""
    path, worker = background
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 0.0)
    monkeypatch.setattr(checkpoints, "MOST_SECONDS", 0.0)
    done, written = threading.Event(), []

    def writer():
        db = database.connect(path)
        try:
            while not done.is_set():
                with database.writing(db):
                    db.conn.executemany("insert into filler (x) values (?)", [(os.urandom(4000),)] * 20)
                written.append(20)
                time.sleep(0)          # lets the checkpoint thread have its turn, as requests' gaps do
        finally:
            db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with worker.done:
            assert worker.done.wait_for(lambda: worker.made >= 20, timeout=60)
    finally:
        done.set()
        thread.join(30)
    log_pages = Path(f"{path}-wal").stat().st_size // 4096
    assert sum(written) > 200
    assert log_pages < sum(written) / 2, (log_pages, sum(written))


def test_a_copy_a_reader_held_back_is_finished_when_it_lets_go_with_no_write_to_ask(background, monkeypatch):
    path, worker = background
    write_pages(path)
    reader = database.connect(path)
    reader.execute("begin")
    reader.execute("select count(*) from filler").fetchone()     # a snapshot as it is now
    write_pages(path)                                              # more, after the reader's snapshot
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 0.0)
    worker.woken.set()
    with worker.done:
        assert worker.done.wait_for(lambda: worker.made >= 1, timeout=30)
    held_back = database_file(path)      # while the reader holds on, no copy can take more
    reader.execute("commit")
    reader.close()
    with worker.done:      # looked at after each try
        assert worker.done.wait_for(lambda: database_file(path) != held_back, timeout=30), \
            "the copy was never tried again"


def test_a_request_that_wrote_some_other_way_asks_for_a_checkpoint_too(app, monkeypatch):
    """Writes outside db.writing (sqlite-utils' own inserts: pictures, the audit log) are seen
    when the request ends, by the rows it changed."""
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 3600.0)
    monkeypatch.setattr(checkpoints, "SWEEP_SECONDS", 7200.0)
    path = app.config["DATABASE"]
    worker = checkpoints.start(path, logging.getLogger("test"))
    try:
        with app.test_request_context("/"):
            database.get_db().execute("select 1").fetchone()
        assert not worker.pending, "a request that only read asked for a checkpoint"
        with app.test_request_context("/"):
            db = database.get_db()
            db.conn.execute("create table scratch (x)")
            db.conn.execute("insert into scratch values (1)")
            db.conn.commit()
        assert worker.pending
    finally:
        checkpoints.stop(path)
        worker.join(10)


def test_serve_copies_the_log_into_the_file_once_writing_pauses(tmp_path):
    """The real server: a sign-in writes a few pages, far fewer than SQLite's own 1,000, and
    the database file itself takes them half a second later, with no request asking."""
    server = LiveServer(tmp_path)
    try:
        lead = server.make.lead()
        db = database.connect(server.database)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")    # what this test wrote, in the file already
        db.close()
        path = Path(server.database)
        before = database_file(path)
        Visitor(server.port).sign_in(lead["email"], lead["password"])
        deadline = time.monotonic() + 30
        while database_file(path) == before and time.monotonic() < deadline:
            time.sleep(0.05)        # waiting for the server's thread, not timing it
        assert database_file(path) != before, "the server never copied the sign-in into the file"
    finally:
        server.stop()

"""Copying the write-ahead log into the database file on a thread of its own while `peersurvey
serve` runs, rather than inside whichever request's write happens to fill the log.

In WAL mode SQLite appends every commit to the -wal file, and the commit that takes it past
1,000 pages then copies the log into the database file and waits for the disk (a
checkpoint) before its request can answer: 1 to 6 ms added to about one coding tap in forty
and to a tablet's sync, most of the slowest twentieth of taps (bench/vs_taguette.py). The
server's connections leave that to this thread (db.connect raises their threshold to
FALLBACK_PAGES, a safety net should this thread fall behind). It checkpoints once writing
has paused for QUIET_SECONDS, or every MOST_SECONDS while it never pauses. Its checkpoints
are PASSIVE: a reader never waits, and a writer only while the last of the log, added as
it was being copied, is copied in the writers' turn (db.writers_queue). Other processes (the
command line, tests without a server) keep SQLite's own checkpoints. See SQLite's wal.html,
"Application-Initiated Checkpoints"."""
import sqlite3
import threading
import time

QUIET_SECONDS = 0.5
MOST_SECONDS = 1.0
FALLBACK_PAGES = 10_000     # about 40 MB of log
SWEEP_SECONDS = 60.0        # at least this often, a write or not

_running = {}               # database path: its Checkpointer
_running_lock = threading.Lock()


def start(path, logger):
    """Checkpoint the database at `path` in the background from now on (once per process);
    connections opened after this leave checkpoints to it. Returns its Checkpointer."""
    with _running_lock:
        worker = _running.get(str(path))
        if worker is None:
            worker = _running[str(path)] = Checkpointer(str(path), logger)
            worker.start()
        return worker


def stop(path):
    """Stop checkpointing `path` in the background (for tests; a server runs it until it exits)."""
    with _running_lock:
        worker = _running.pop(str(path), None)
    if worker is not None:
        worker.halt()


def in_background(path):
    return str(path) in _running


def wrote(path):
    """Called after a commit to `path` (db.writing), and after a request that changed rows
    in it some other way (db.close_db): costs an attribute or two, and wakes the thread only
    on the first write since its last checkpoint."""
    worker = _running.get(path)
    if worker is not None:
        worker.last_write = time.monotonic()
        if not worker.pending:
            worker.pending = True
            worker.woken.set()


def _later(again):
    """After a copy left unfinished: half a second, then twice as long each time, up to a sweep."""
    return QUIET_SECONDS if again >= SWEEP_SECONDS else min(max(again, 0.25) * 2, SWEEP_SECONDS)


class Checkpointer(threading.Thread):
    def __init__(self, path, logger):
        super().__init__(name="peersurvey-checkpoints", daemon=True)
        self.path, self.logger = path, logger
        self.pending, self.last_write = False, 0.0
        self.woken = threading.Event()
        self._halted = False
        self.made = 0                       # checkpoints made, told to those waiting on `done`
        self.done = threading.Condition()

    def halt(self):
        self._halted = True
        self.woken.set()

    def run(self):
        try:
            self._run()
        except Exception:       # never silently: connections go back to checkpointing themselves
            self.logger.exception("The thread copying the write-ahead log stopped")
        finally:
            with _running_lock:
                if _running.get(self.path) is self:
                    del _running[self.path]

    def _run(self):
        from .db import connect, writers_queue
        db = connect(self.path)          # its own: a connection belongs to the thread that made it
        again = SWEEP_SECONDS            # how long until a copy is tried with no write to ask for it
        try:
            while self._wait_for_a_pause(again):
                self.pending = False     # a write from now on asks for the next checkpoint
                try:
                    # Most of the log alongside the writers; then the last of it in their turn.
                    # Only a write that begins with the log copied whole starts it afresh, and
                    # under steady writing one was always half-way: the log grew to 40 MB.
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    with writers_queue(db):
                        _busy, log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    # A reader still on an older snapshot (an export, Litestream) keeps some
                    # back: tried again soon, not only after the next write, then less and
                    # less often while it stays (Litestream may hold one for as long as it runs).
                    again = SWEEP_SECONDS if copied >= log else _later(again)
                except sqlite3.Error:   # a full disk, say: the log keeps it all; tried again
                    again = _later(again)
                    self.logger.exception("Could not copy the write-ahead log into the database")
                with self.done:
                    self.made += 1
                    self.done.notify_all()
        finally:
            db.close()

    def _wait_for_a_pause(self, longest):
        """Sleep until there was a write (or `longest` seconds passed: writes that came some
        other way than db.writing or a request, or a copy left unfinished), then until
        writing pauses (or has gone on for MOST_SECONDS). False when halted."""
        self.woken.wait(longest)
        self.woken.clear()
        began = time.monotonic()
        while not self._halted:
            now = time.monotonic()
            if now - self.last_write >= QUIET_SECONDS or now - began >= MOST_SECONDS:
                return True
            self.woken.wait(min(QUIET_SECONDS - (now - self.last_write), MOST_SECONDS - (now - began)))
        return False

"""A recording's sound, sent in parts that can be resumed (docs/api.md, "Sending a recording").

The bytes on their way are kept in a file of their own, `<instance>/recordings/<id>.part`
(folder 0700, file 0600: they are a person's voice), and the file's length is how much has
arrived: a part is written only past it, so a part sent twice is stored once. Each file is
written under a lock (a lock per recording in this process, and flock for any other
process), so parallel PUTs of the same part cannot both append it. When the last byte is in,
the whole is checked against the SHA-256 the tablet announced and must be audio we can play;
then it goes into the media store and the file is removed. If not, it is removed too and the
tablet starts again: nothing partial is ever kept as if it were complete.

Withdrawal deletes the recording's row and its file in its own write; a PUT that wrote
meanwhile finds the row gone when it notes what arrived, and removes the file it wrote.
"""
import contextlib
import hashlib
import os
import threading
import weakref
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..db import get_db, now, writing
from ..prepare import media
from . import recordings

try:
    import fcntl
except ImportError:         # Windows: one waitress process, so the thread lock is enough
    fcntl = None

_locks = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


def folder():
    path = Path(current_app.instance_path) / "recordings"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(recording_id):
    return folder() / f"{recording_id}.part"


def discard(recording_id):
    """Remove the bytes on their way, if any."""
    with contextlib.suppress(FileNotFoundError):
        _path(recording_id).unlink()


@contextlib.contextmanager
def _locked(path):
    """The part file, open for appending and locked, created (0600) if it was not there."""
    with _locks_guard:
        lock = _locks.setdefault(path.name, threading.Lock())
    with lock:
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            if fcntl is None:
                break
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:    # removed by another process while we waited: lock the new one
                if os.fstat(fd).st_ino == os.stat(path).st_ino:
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        try:
            yield fd
        finally:
            os.close(fd)


def state(row, received):
    return {"id": row["id"], "received": received, "bytes": row["bytes"],
            "complete": row["media"] is not None}


def _gone(project_id, recording_id):
    if recordings.is_withdrawn(project_id, recording_id):
        return 410, {"result": "withdrawn", "error": _(
            "The person in this interview asked to be taken out of the research, so this recording "
            "is not kept. The tablet deletes it.")}
    return 404, {"error": _("The server does not know this recording yet. Send its interview first, "
                            "then send the recording again.")}


def status(project_id, recording_id):
    """(HTTP status, answer) for GET: how much of the recording has arrived."""
    row = recordings.get(project_id, recording_id)
    if row is None:
        return _gone(project_id, recording_id)
    if row["media"] is not None:
        return 200, state(row, row["bytes"])
    try:
        received = _path(row["id"]).stat().st_size
    except FileNotFoundError:
        received = 0
    return 200, state(row, received)


def put(project_id, recording_id, offset, body):
    """(HTTP status, answer) for one part: `body` is the recording's bytes from `offset`."""
    if recordings.get(project_id, recording_id) is None:
        return _gone(project_id, recording_id)
    path = _path(recording_id.lower())
    with _locked(path) as fd:
        try:
            return _put_locked(project_id, recording_id, offset, body, fd, path)
        finally:
            _forget_if_empty(fd, path)


def _forget_if_empty(fd, path):
    """An empty part file holds nothing: remove it, so a PUT refused (409, 413) after a
    withdrawal removed the file never leaves a new one behind."""
    try:
        if os.fstat(fd).st_size == 0 and os.stat(path).st_ino == os.fstat(fd).st_ino:
            path.unlink()
    except FileNotFoundError:
        pass


def _put_locked(project_id, recording_id, offset, body, fd, path):
    """Under the lock: append what is new of the part, and finish the recording if it is whole."""
    row = recordings.get(project_id, recording_id)     # again, now that the file is ours
    if row is None or row["media"] is not None:
        path.unlink(missing_ok=True)
        return status(project_id, recording_id)
    received = os.fstat(fd).st_size
    if offset > received:
        return 409, {"error": _("Some of this recording has not arrived. Send it from byte %(received)d.",
                                received=received), "received": received}
    if offset + len(body) > row["bytes"]:
        return 413, {"error": _("This part goes past the end of the recording. Send the recording "
                                "again from byte %(received)d.", received=received), "received": received}
    _write_all(fd, body[received - offset:])
    received = max(received, offset + len(body))
    if received == row["bytes"]:
        return _complete(row, fd, path)
    if not _note(row["id"], received):         # withdrawn while this part was written
        path.unlink(missing_ok=True)
        return _gone(project_id, recording_id)
    return 200, state(row, received)


def whole(project_id, recording_id, data):
    """A whole recording from a file a lead brings in: (HTTP status, answer) as for the last
    part of a PUT. One already complete is left as it is."""
    row = recordings.get(project_id, recording_id)
    if row is None or row["media"] is not None:
        return status(project_id, recording_id)
    if len(data) != row["bytes"]:
        return 422, {"error": _not_the_same()}
    path = _path(row["id"])
    with _locked(path) as fd:
        os.ftruncate(fd, 0)
        _write_all(fd, data)
        return _complete(row, fd, path)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _note(recording_id, received):
    with writing(get_db()) as db:
        return db.execute("update recordings set received = ? where id = ?",
                          [received, recording_id]).rowcount == 1


def _not_the_same():
    return _("The recording that arrived is not the same as the one the tablet made, so none of it "
             "was kept. Send it again from the start.")


def _complete(row, fd, path):
    """Check the whole recording; keep it in the media store, or keep nothing of it."""
    data = _read(fd, row["bytes"])
    problem = None
    if hashlib.sha256(data).hexdigest() != row["sha256"]:     # hashed once: _store is told it
        problem = _not_the_same()
    else:
        try:
            mime = media.audio_type(data)
        except media.MediaError:
            problem = _("This recording is not a sound the server can play, so none of it was kept. "
                        "Record the answer again if you can.")
    if problem:
        os.ftruncate(fd, 0)
        path.unlink(missing_ok=True)
        _note(row["id"], 0)
        return 422, {"error": problem, "received": 0}
    with writing(get_db()) as db:
        stored = db.execute("update recordings set media = ?, received = bytes, completed_at = ? "
                            "where id = ? and media is null",
                            [f"media:{row['sha256']}", now(), row["id"]]).rowcount == 1
        if stored:
            media._store(row["project_id"], data, "audio", mime, None, sha=row["sha256"])
    path.unlink(missing_ok=True)
    if not stored:
        return _gone(row["project_id"], row["id"])
    return 200, state(dict(row, media=f"media:{row['sha256']}"), row["bytes"])


def _read(fd, size):
    os.lseek(fd, 0, os.SEEK_SET)
    chunks, at = [], 0
    while at < size:
        chunk = os.read(fd, size - at)
        if not chunk:
            break
        chunks.append(chunk)
        at += len(chunk)
    return b"".join(chunks)

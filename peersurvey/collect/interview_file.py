"""Bringing in a file saved on a tablet that could not get online (static/collect/outbox.js
saveFile): {"interviews": [interview, …]}, each interview carrying the sound of its
recordings not yet on the server in `recording_data` (older files put one `recording_data`
beside the list).

A tablet offline for weeks saves a file of hundreds of MB, nearly all of it sound. Read
whole, one of 256 MB took about 1 GB of the laptop's memory. So it is read one interview at
a time (safe_json.members): once through to check it is a file the tablet saved (nothing is
stored from one that is not), then again to bring it in a few interviews at a time, as a
tablet's sync sends them. The server holds one interview's sound at a time, never the file.
"""
from .. import safe_json
from . import recordings, sync

MOST = 1000                   # interviews in one file
BATCH = sync.MAX_INTERVIEWS   # interviews stored in one transaction, as a sync stores them
# and at most this much of their text held before they are stored: a hundred interviews of
# 2 MB of little words each took 2.8 GB (safe_json.LONG holds one to 2 MB, not a hundred).
BATCH_CHARS = 1024 * 1024
LISTS = {"interviews"}


class NotOurs(Exception):
    """Not a file the tablet saved, or one with more than MOST interviews."""


def check(stream):
    """Read the file through once: NotOurs unless it is {"interviews": [...]} with at most
    MOST interviews and nothing but an older file's recording_data beside them, each once.
    The stream is left at its start again."""
    names, count = [], 0
    try:
        for name, value in _members(stream):
            if name in names:               # a tablet writes each once (json.loads would keep the last)
                raise NotOurs()
            names.append(name)
            if name != "interviews":
                continue
            for _interview in value:
                count += 1
                if count > MOST:
                    raise NotOurs()
    except safe_json.BadJSON:
        raise NotOurs() from None
    finally:
        stream.seek(0)
    if "interviews" not in names:
        raise NotOurs()


def bring_in(project_id, stream):
    """Store the interviews of a file `check` passed, as a sync does, and complete the
    recordings it carries: (one result per interview as sync.ingest gives them, (recordings
    complete now, refused) or None if the file carried no sound)."""
    results, brought, later = [], None, {}
    waiting, held = [], 0
    for name, value in _members(stream, sized=True):
        if name == "recording_data":           # an older file's, beside the list: brought in at the end
            later.update(recordings.take_data({name: value}, []))
        elif name == "interviews":
            for interview, chars in value:
                sound = recordings.take_data(None, [interview])
                waiting.append(interview)
                held += chars
                if sound or len(waiting) == BATCH or held >= BATCH_CHARS:   # (recordings: once stored)
                    results += sync.ingest(project_id, waiting)
                    waiting, held = [], 0
                    brought = _add(brought, _own_sound(project_id, interview, sound, later))
                del interview, sound      # not held while the next one is read
    results += sync.ingest(project_id, waiting) if waiting else []
    return results, _add(brought, recordings.bring_in(project_id, later) if later else None)


def _own_sound(project_id, interview, sound, later):
    """Bring in a stored interview's own sound now (or, refused, drop it): as bring_in gives.
    Sound for another interview's recording (a file put together by hand) goes in `later`,
    brought in at the end."""
    own = recordings.announced(interview)
    later.update({key: data for key, data in sound.items() if key not in own})
    now = {key: data for key, data in sound.items() if key in own}
    return recordings.bring_in(project_id, now) if now else None


def _members(stream, sized=False):
    return safe_json.members(stream, LISTS, others={"recording_data"}, max_item_chars=recordings.MAX_FILE_BYTES,
                             keep_big=True, sized=sized)


def _add(brought, more):
    if more is None:
        return brought
    return more if brought is None else (brought[0] + more[0], brought[1] + more[1])

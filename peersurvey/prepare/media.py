"""Pictures and voice recordings a project uploads. Each is named by the SHA-256 of its
stored bytes, so the same file uploaded twice is stored once.

Pictures are opened with Pillow, checked to really be PNG or JPEG, and re-encoded: that
drops anything hidden in the file (scripts, EXIF with a location) and caps the size.
Recordings are checked by their first bytes to really be audio.
"""
import hashlib
import io
import json
import warnings

import filetype
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from .. import audit
from ..db import get_db, now, writing
from . import questionnaires

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000       # refuse "decompression bombs" long before memory runs out
IMAGE_MAX_SIDE = 1200               # plenty for a tablet screen
AUDIO_MAX_BYTES = 3 * 1024 * 1024   # about three minutes of speech from a browser recording
# What the first bytes may say, and the type we serve it as. Browsers record WebM or Ogg
# (Chromium, Firefox) or MP4 (Safari); people upload MP3, M4A or WAV.
AUDIO_TYPES = {"video/webm": "audio/webm", "audio/ogg": "audio/ogg", "audio/mpeg": "audio/mpeg",
               "audio/mp4": "audio/mp4", "video/mp4": "audio/mp4", "audio/x-wav": "audio/wav"}


# Pillow itself refuses past twice this, for any picture opened anywhere in the process.
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
# _open refuses past the cap by the size a picture declares; Pillow's own warning between
# the cap and twice it would only fill the log. (Set once, here, at import: never swapped.)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
NOT_A_PICTURE = _l("That file is not a picture we can use. Choose a PNG or JPEG picture.")


class MediaError(ValueError):
    """An upload we refuse; the message says why in plain words and what to do."""


def _store(project_id, data, kind, mime, person_id, words=None, sha=None):
    sha = sha or hashlib.sha256(data).hexdigest()     # given by a caller that has just checked it
    get_db()["media"].insert({
        "project_id": project_id, "sha256": sha, "kind": kind, "mime": mime, "data": data,
        "words": json.dumps(words or {}, ensure_ascii=False), "created_at": now(),
        "created_by": person_id}, ignore=True)
    return f"media:{sha}"


def store_picture(project_id, data, words, person_id):
    """Check and re-encode an uploaded picture; returns its picture id."""
    encoded, mime = reencode_picture(data)
    return _store(project_id, encoded, "image", mime, person_id, words)


def reencode_picture(data):
    if not data:
        raise MediaError(_l("The file is empty. Choose a PNG or JPEG picture."))
    if len(data) > IMAGE_MAX_BYTES:
        raise MediaError(_l("That picture is too big. Use one under 5 MB."))
    image = _open(data)
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    out = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), "image/jpeg"


def _open(data):
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("PNG", "JPEG"):
            raise MediaError(_l("That file is not a PNG or JPEG picture. Choose a photo or a PNG."))
        # Open reads only the header: refuse a "decompression bomb" by the size it declares,
        # before a single pixel is unpacked. (Not by turning Pillow's warning into an error:
        # warnings.catch_warnings swaps one filter list for the whole process, so one upload
        # finishing would switch the check off for another still opening.)
        width, height = image.size
        if width * height > IMAGE_MAX_PIXELS:
            raise MediaError(NOT_A_PICTURE)
        image.load()
        return image
    except MediaError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError(NOT_A_PICTURE)
    except (OSError, ValueError, SyntaxError):
        raise MediaError(_l("That picture is damaged and cannot be opened. Try saving it again, "
                            "or choose another one."))


def store_recording(project_id, data, person_id):
    """Check an uploaded or recorded voice; returns its audio id."""
    if not data:
        raise MediaError(_l("The recording is empty. Record it again."))
    if len(data) > AUDIO_MAX_BYTES:
        raise MediaError(_l("That recording is too long. Keep it under 3 MB, about three minutes."))
    return _store(project_id, data, "audio", audio_type(data), person_id)


def audio_type(data):
    """The type to serve a recording as, judged by its first bytes; refuses anything else."""
    kind = filetype.guess(data)
    if kind is None or kind.mime not in AUDIO_TYPES:
        raise MediaError(_l("That file is not a sound recording we can play. "
                            "Record it here, or choose an MP3, M4A, OGG, WebM or WAV file."))
    return AUDIO_TYPES[kind.mime]


def checked_file(data, sha256, kind, mime=None):
    """A picture or recording brought in from a file (a questionnaire or whole project): the
    type to serve it as, or None if it is not what the file says (another SHA-256, kind or
    type). A picture must really open as a PNG or JPEG, a recording be audio we can play;
    if not, MediaError says why."""
    if hashlib.sha256(data).hexdigest() != sha256 or kind not in ("image", "audio"):
        return None
    if kind == "image":
        reencode_picture(data)
        return mime if mime in ("image/png", "image/jpeg") else None
    return audio_type(data)


def get(project_id, media_id):
    """The stored row for `media:<sha>` in this project, or None."""
    if not media_id or not media_id.startswith("media:"):
        return None
    rows = list(get_db().query("select * from media where project_id = ? and sha256 = ?",
                               [project_id, media_id.split(":", 1)[1]]))
    if not rows:
        return None
    return dict(rows[0], words=json.loads(rows[0]["words"] or "{}"))


def pictures(project_id):
    rows = get_db().query(
        "select sha256, words from media where project_id = ? and kind = 'image' order by created_at desc",
        [project_id])
    return [{"id": f"media:{r['sha256']}", "words": json.loads(r["words"] or "{}")} for r in rows]


def save_voice_to_draft(project_id, questionnaire_id, put, person_id, detail):
    """A recording from the recorder put into the draft as it is now
    (questionnaires.save_recording, with its refusals), recorded in the audit log with
    `detail` in the same write: the draft as saved, or None if what it belongs to was taken
    out meanwhile."""
    with writing(get_db()):
        saved = questionnaires.save_recording(questionnaire_id, put)
        if saved is None:
            return None
        audit.record("voice.change", person_id=person_id, project_id=project_id,
                     questionnaire=questionnaire_id, version=saved["number"],
                     name=saved["document"]["title"],
                     **detail)
    return saved

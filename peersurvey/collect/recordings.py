"""Recordings of answers: what the person said, in their own voice.

A tablet announces each recording in the sync, with the answer it belongs to (docs/api.md):
its id, which part of the answer (`""` for the answer itself, or the option key of a chosen
picture whose "tell me more" was recorded), its SHA-256, size, type and length. The sound
comes after, in parts (recording_uploads.py), so an interview's answers can be in while its
recordings are still on their way. A complete recording is checked and kept in `media`.

The limits live here, and only here; docs/api.md says them to tablet makers.
"""
import base64
import hashlib
import json
import re

from flask_babel import lazy_gettext as _l

from ..db import get_db, now
from ..questions import BY_NAME

MAX_SECONDS = 600                   # ten minutes: longer answers are split, or typed
MAX_BYTES = 20 * 1024 * 1024        # ten minutes of Opus is about 5 MB; WAV from a phone more
MAX_PART = 1024 * 1024              # a part sent in one PUT
TYPES = ("audio/webm", "audio/ogg", "audio/mp4", "audio/wav", "audio/mpeg")
FIELDS = {"id", "part", "sha256", "bytes", "type", "seconds"}
SHA256 = re.compile(r"[0-9a-f]{64}\Z")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")

NOT_AGREED = _l("This interview has recordings, but the person did not agree to have their voice "
                "recorded. Nothing from it was stored. Ask your project lead to look at it.")
NOT_YES_NO = _l("This interview's answer about recording their voice is not yes or no. "
                "Update the tablet's app and send it again.")
IDS_TAKEN = _l("Some recordings in this interview have the same id as recordings already stored. "
               "Nothing from it was stored. Ask your project lead to look at it.")
NOT_IN_FORM = _l("its recordings are not in the form peersurvey expects.")
CANNOT_RECORD = _l("this question cannot have a recording.")
NO_SUCH_PART = _l("a recording is for a part of the answer that is not there.")
TWICE = _l("it has two recordings for the same part.")
TOO_LONG = _l("a recording is longer than 10 minutes. Make shorter recordings.")
TOO_BIG = _l("a recording is bigger than 20 MB. Make shorter recordings.")
NOT_A_TYPE = _l("a recording is not a sound type peersurvey takes (WebM, Ogg, MP4, WAV or MP3).")


def fingerprint(recording_id):
    return hashlib.sha256(recording_id.lower().encode("utf-8")).hexdigest()


# The sync payload ----------------------------------------------------------------------

def hash_form(item):
    """The interview as its content hash sees it: `record_voice` null and left out mean the
    same, and so do `recordings` [] and left out, so interviews without recordings keep the
    hash they always had."""
    if item.get("record_voice", 0) is None:
        item = {k: v for k, v in item.items() if k != "record_voice"}
    if isinstance(item.get("answers"), list):
        item = dict(item, answers=[{k: v for k, v in a.items() if k != "recordings" or v}
                                   if isinstance(a, dict) else a for a in item["answers"]])
    return item


def canonical_answer(answer):
    """Recording ids in lower case and the recordings in the order of their parts, so the
    same recordings sent in another order are the same content."""
    listed = answer.get("recordings")
    if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
        return answer
    listed = [dict(r, id=r["id"].lower()) if isinstance(r.get("id"), str) else r for r in listed]
    return dict(answer, recordings=sorted(listed, key=lambda r: (str(r.get("part")), str(r.get("id")))))


def problem(item, questions):
    """Why the interview's `record_voice` or its answers' recordings cannot be stored (in the
    words of a refusal), or None. Its answers are already checked."""
    agreed = item.get("record_voice")
    if agreed is not None and not isinstance(agreed, bool):
        return NOT_YES_NO
    for answer in item["answers"]:
        wrong = answer_problem(questions[answer["question"]], answer)
        if wrong:
            return _l("An answer in this interview is not right: %(problem)s Nothing from it "
                      "was stored.", problem=wrong)
    if agreed is not True and any(_listed(a) for a in item["answers"]):
        return NOT_AGREED
    return None


def answer_problem(question, answer):
    """Why an answer's recordings are not right (the answer itself already checked), or None."""
    listed = answer.get("recordings")
    if listed is None or listed == []:
        return None
    if not isinstance(listed, list):
        return NOT_IN_FORM
    kind = BY_NAME[question["kind"]]
    if not kind.RECORDABLE or question.get("numeric") or answer["status"] != "answered":
        return CANNOT_RECORD
    parts = {item["option"] for item in answer["value"]} if kind.OPTION_PROMPTS else {""}
    seen_parts, seen_ids = set(), set()
    for recording in listed:
        problem = _recording_problem(recording, parts, seen_ids)
        if problem:
            return problem
        if recording["part"] in seen_parts:
            return TWICE
        seen_parts.add(recording["part"])
    return None


def _recording_problem(recording, parts, seen_ids):
    if not isinstance(recording, dict) or set(recording) != FIELDS \
            or not isinstance(recording["id"], str) or not UUID.match(recording["id"]) \
            or recording["id"] in seen_ids or not isinstance(recording["part"], str) \
            or not isinstance(recording["sha256"], str) or not SHA256.match(recording["sha256"]):
        return NOT_IN_FORM
    seen_ids.add(recording["id"])
    if recording["part"] not in parts:
        return NO_SUCH_PART
    size, seconds = recording["bytes"], recording["seconds"]
    if isinstance(size, bool) or not isinstance(size, int) or isinstance(seconds, bool) \
            or not isinstance(seconds, (int, float)) or seconds != seconds:   # NaN
        return NOT_IN_FORM
    if not 0 < seconds <= MAX_SECONDS:
        return TOO_LONG
    if not 1 <= size <= MAX_BYTES:
        return TOO_BIG
    if not isinstance(recording["type"], str) or \
            recording["type"].split(";")[0].strip().lower() not in TYPES or len(recording["type"]) > 100:
        return NOT_A_TYPE
    return None


def _listed(answer):
    listed = answer.get("recordings")
    return listed if isinstance(listed, list) else []


def announced(interview):
    """The ids (in small letters) of the recordings an interview's answers announce, as
    sent: nothing of it is checked yet (a file saved on a tablet, see interview_file)."""
    answers = interview.get("answers") if isinstance(interview, dict) else None
    return {recording["id"].lower() for answer in answers if isinstance(answer, dict)
            for recording in _listed(answer)
            if isinstance(recording, dict) and isinstance(recording.get("id"), str)} \
        if isinstance(answers, list) else set()


def ids_taken(context, item):
    """True if a recording id of this (new) interview is already stored, was a withdrawn
    interview's (a tablet sending it is told to delete it: it must stay that way), is
    announced twice in this interview, or by another interview of the same sync."""
    ids = [r["id"].lower() for a in item["answers"] for r in _listed(a)]
    if not ids:
        return False
    announced = context.__dict__.setdefault("recording_ids", set())
    if len(set(ids)) < len(ids) or announced & set(ids) or get_db().execute(
            "select 1 from recordings where id in (select value from json_each(?)) limit 1",
            [json.dumps(ids)]).fetchone() or any(is_withdrawn(context.project_id, i) for i in ids):
        return True
    announced.update(ids)
    return False


def record_voice(item):
    """1 yes, 0 no, None not asked (as stored in interviews.record_voice)."""
    agreed = item.get("record_voice")
    return None if agreed is None else int(agreed)


def insert(conn, project_id, accepted, at):
    conn.executemany(
        """insert into recordings (id, interview_id, answer_id, project_id, part, sha256, bytes, type,
           seconds, received, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""",
        [(r["id"], i["id"], a["id"], project_id, r["part"], r["sha256"], r["bytes"], r["type"],
          float(r["seconds"]), at) for i, _digest in accepted for a in i["answers"] for r in _listed(a)])


# Reading them ----------------------------------------------------------------------------

def for_answers(answer_ids):
    """{answer_id: [{"id", "part", "seconds", "complete", "media"}]}, parts in order."""
    found = {}
    for row in get_db().query(
            """select id, answer_id, part, seconds, media from recordings
               where answer_id in (select value from json_each(?)) order by answer_id, part""",
            [json.dumps(list(answer_ids))]):
        found.setdefault(row["answer_id"], []).append(
            {"id": row["id"], "part": row["part"], "seconds": row["seconds"],
             "complete": row["media"] is not None, "media": row["media"]})
    return found


def waiting(interview_ids):
    """{interview_id: how many of its recordings are still on their way}, only those with some."""
    return {row["interview_id"]: row["n"] for row in get_db().query(
        """select interview_id, count(*) as n from recordings where media is null
           and interview_id in (select value from json_each(?)) group by interview_id""",
        [json.dumps(list(interview_ids))])}


def waiting_in_project(project_id):
    return get_db().execute("select count(*) from recordings where project_id = ? and media is null",
                            [project_id]).fetchone()[0]


def get(project_id, recording_id):
    rows = list(get_db().query("select * from recordings where id = ? and project_id = ?",
                               [recording_id.lower(), project_id]))
    return rows[0] if rows else None


def is_withdrawn(project_id, recording_id):
    return get_db().execute("select 1 from withdrawn_recordings where project_id = ? and id_sha256 = ?",
                            [project_id, fingerprint(recording_id)]).fetchone() is not None


# Withdrawal ------------------------------------------------------------------------------

def erase_for_interview(db, interview_id, at=None):
    """Inside the withdrawal's write: the interview's recordings (remembered by their ids'
    SHA-256, so a tablet still sending one is told to delete it), their sound in `media` when
    nothing else uses it, and the bytes on their way (recording_uploads.discard)."""
    from . import recording_uploads
    # By the interview or by its answers: a damaged project file once paired one interview's
    # answer with another, and the answers' deletion must never meet a recording left behind.
    which = "interview_id = ? or answer_id in (select id from answers where interview_id = ?)"
    rows = list(db.query(f"select id, project_id, media from recordings where {which}", [interview_id] * 2))
    if not rows:
        return 0
    db.execute(f"delete from recordings where {which}", [interview_id] * 2)
    for row in rows:
        db.execute("""insert into withdrawn_recordings (project_id, id_sha256, withdrawn_at) values (?, ?, ?)
                      on conflict do nothing""", [row["project_id"], fingerprint(row["id"]), at or now()])
        if row["media"]:
            _erase_media(db, row["project_id"], row["media"])
        recording_uploads.discard(row["id"])
    return len(rows)


def _erase_media(db, project_id, media_id):
    """The sound, unless another recording, one of the app's voices or a questionnaire uses
    the same bytes (the same SHA-256)."""
    used = db.execute(
        """select 1 from recordings where project_id = ? and media = ?
           union all select 1 from app_voices where project_id = ? and audio = ?
           union all select 1 from questionnaire_versions v join questionnaires q on q.id = v.questionnaire_id
                     where q.project_id = ? and instr(v.document, ?) > 0 limit 1""",
        [project_id, media_id, project_id, media_id, project_id, media_id]).fetchone()
    if not used:
        db.execute("delete from media where project_id = ? and sha256 = ? and kind = 'audio'",
                   [project_id, media_id.split(":", 1)[1]])


# A file saved on a tablet -----------------------------------------------------------------

MAX_FILE_BYTES = 256 * 1024 * 1024      # a file of interviews with their recordings in base64


def take_data(body, interviews):
    """Take `recording_data` out of a file saved on a tablet (in each interview, or one beside
    `interviews`), so the interviews are checked as the sync checks them: {recording id:
    base64 text}. Anything not in that form is left out; the recording stays on its way."""
    found = {}
    for holder in [body, *interviews]:
        data = holder.pop("recording_data", None) if isinstance(holder, dict) else None
        if isinstance(data, dict):
            found.update({k.lower(): v for k, v in data.items()
                          if isinstance(k, str) and UUID.match(k.lower()) and isinstance(v, str)})
    return found


def bring_in(project_id, data):
    """Complete each recording of the project found in a file, checked as if its last part
    had arrived: (how many are complete now, how many were refused)."""
    from . import recording_uploads
    complete = refused = 0
    for recording_id, text in data.items():
        row = get(project_id, recording_id)
        if row is None or row["media"] is not None:
            continue
        try:
            sound = base64.b64decode(text, validate=True)
        except (ValueError, TypeError):
            refused += 1
            continue
        status, _answer = recording_uploads.whole(project_id, recording_id, sound)
        complete, refused = (complete + 1, refused) if status == 200 else (complete, refused + 1)
    return complete, refused

"""Interviews as a lead sees them, what tablets had refused, and withdrawing a participant."""
import hashlib
import json

from .. import audit
from ..db import get_db, now, writing
from ..faults import crash_point
from ..theme import live
from . import recordings


def summary(project_id):
    db = get_db()
    totals = next(db.query(
        """select count(*) as interviews, coalesce(sum(consent), 0) as agreed,
                  count(distinct participant_code) as people, coalesce(sum(demo), 0) as demo
           from interviews where project_id = ?""", [project_id]))
    by_interviewer = list(db.query(
        """select people.name, count(*) as interviews from interviews
           join people on people.id = interviews.interviewer_id
           where interviews.project_id = ? group by people.id order by people.name""", [project_id]))
    return dict(totals, by_interviewer=by_interviewer)


def recent(project_id, limit=50):
    return list(get_db().query(
        """select interviews.*, people.name as interviewer,
                  (select count(*) from answers where interview_id = interviews.id) as answers
           from interviews join people on people.id = interviews.interviewer_id
           where interviews.project_id = ? order by finished_at desc limit ?""", [project_id, limit]))


def by_code(project_id, code):
    return list(get_db().query(
        "select id from interviews where project_id = ? and participant_code = ?", [project_id, code]))


def published_version(project_id, version_id):
    """The version, its document read from JSON, if it is published and belongs to one of
    this project's questionnaires; else None."""
    rows = list(get_db().query(
        """select v.* from questionnaire_versions v join questionnaires q on q.id = v.questionnaire_id
           where v.id = ? and q.project_id = ? and v.status = 'published'""",
        [version_id, project_id]))
    if not rows:
        return None
    return dict(rows[0], document=json.loads(rows[0]["document"]))


def fingerprint(value):
    """What is kept of a withdrawn participant code or interview id: its SHA-256, so it is
    known again when it comes back, and nobody can read it off the database or a file."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def is_withdrawn(project_id, code):
    return get_db().execute("select 1 from withdrawals where project_id = ? and code_sha256 = ?",
                            [project_id, fingerprint(code)]).fetchone() is not None


def withdraw(project_id, code, person_id=None):
    """Erase every interview and answer of this participant, their recordings, every theme,
    vote and quote given to their answers and every version of their words, and remember the
    code's fingerprint and the interview ids (never the answers), so the same interviews sent
    again by a tablet or a file are refused. The history keeps that it was done, and who typed
    up or put right their words, but no longer their code. Returns how many interviews were erased; a code with none
    here yet is still remembered."""
    db = get_db()
    with writing(db):   # the ids are read inside the write, so one arriving meanwhile is erased too
        ids = [row["id"] for row in by_code(project_id, code)]
        at = now()
        db.execute("""insert into withdrawals (project_id, code_sha256, withdrawn_at, withdrawn_by)
                      values (?, ?, ?, ?) on conflict do nothing""", [project_id, fingerprint(code), at, person_id])
        for interview_id in ids:
            recordings.erase_for_interview(db, interview_id, at)
            answers = "select id from answers where interview_id = ?"
            # Every coding session that lists one of these answers moves on, so its screens
            # draw again at once and stop showing them (theme/live.py).
            db.execute(f"""update coding_sessions set version = version + 1 where id in
                           (select session_id from session_items where answer_id in ({answers}))""",
                       [interview_id])
            for table in ("codings", "votes", "quotes", "session_items", "coding_log", "answer_versions"):
                db.execute(f"delete from {table} where answer_id in ({answers})", [interview_id])
            db.execute("delete from answers where interview_id = ?", [interview_id])
            db.execute("delete from interviews where id = ?", [interview_id])
            # The interviewer's work stays theirs (they did it, and may be owed for it), but
            # nothing in it names the participant's interview any more.
            db.execute("update work_entries set source = 'withdrawn:' || id where project_id = ? and source = ?",
                       [project_id, f"interview:{interview_id}"])
            db.execute("""insert into withdrawn_interviews (project_id, id_sha256, withdrawn_at) values (?, ?, ?)
                          on conflict do nothing""", [project_id, fingerprint(interview_id.lower()), at])
        db.execute("delete from sync_refusals where project_id = ? and participant_code = ?", [project_id, code])
        audit.forget_withdrawn(db, project_id)     # the code's fingerprint is in withdrawals now
        crash_point("withdraw.before_commit")
    if ids:
        live.changed()
    return len(ids)


def refusals(project_id, language, limit=50):
    """Interviews tablets tried to send and the server refused, newest first, with the
    tablet's name and the reason in `language`: what a lead needs to fix the cause."""
    rows = list(get_db().query(
        """select sync_refusals.*, devices.name as tablet from sync_refusals
           left join devices on devices.id = sync_refusals.device_id
           where sync_refusals.project_id = ? order by at desc, sync_refusals.id desc limit ?""",
        [project_id, limit]))
    for row in rows:
        reasons = json.loads(row["reason"])
        row["reason"] = reasons.get(language) or reasons.get("en", "")
    return rows

"""Interviews as a lead sees them, and withdrawing a participant."""
from ..db import get_db


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


def withdraw(project_id, code):
    """Erase every interview and answer of this participant, and every theme, vote and quote
    given to their answers; returns how many interviews."""
    db = get_db()
    ids = [row["id"] for row in by_code(project_id, code)]
    with db.atomic():
        for interview_id in ids:
            answers = "select id from answers where interview_id = ?"
            for table in ("codings", "votes", "quotes", "session_items", "coding_log"):
                db.execute(f"delete from {table} where answer_id in ({answers})", [interview_id])
            db.execute("delete from answers where interview_id = ?", [interview_id])
            db.execute("delete from interviews where id = ?", [interview_id])
    return len(ids)

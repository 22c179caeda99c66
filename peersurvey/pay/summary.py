"""The project summary for funders: how many peer researchers took part, their hours by kind of
work, interviews done, coding sessions held, and what was approved and paid. Counts only, no
names, so a lead can print it for a funder as it is."""
import json

from ..db import get_db
from . import claims, kinds, money


def summary(project_id):
    db = get_db()
    by_kind = {kind: (count, minutes) for kind, count, minutes in db.execute(
        """select kind, count(*), sum(minutes) from work_entries
           where project_id = ? and status = 'confirmed' group by kind""", [project_id])}
    people = db.execute("""select count(distinct person_id) from work_entries
                           where project_id = ? and status = 'confirmed'""", [project_id]).fetchone()[0]
    sessions = _sessions(project_id)
    all_claims = claims.claims(project_id)
    approved = sum(claim["pence"] for claim in all_claims)
    paid = sum(claim["pence"] for claim in all_claims if claim["paid_at"])
    choices = _choices(project_id)
    order = list(kinds.KINDS)
    return {
        "people": people,
        "kinds": [{"kind": kind, "words": kinds.words(kind), "picture": kinds.picture(kind),
                   "pieces": count, "minutes": minutes or 0}
                  for kind, (count, minutes) in sorted(
                      by_kind.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else 99)],
        "minutes": sum(minutes or 0 for _count, minutes in by_kind.values()),
        "interviews": by_kind.get("interview", (0, 0))[0],
        "sessions": sessions,
        "approved": money.pounds(approved), "paid": money.pounds(paid),
        "choices": choices,
    }


def _sessions(project_id):
    """Coding sessions peer researchers took part in: those anyone joined (session_attendance),
    and each piece of coding a lead added by hand with no session behind it."""
    db = get_db()
    joined = {row[0] for row in db.execute(
        "select distinct session_id from session_attendance where project_id = ?", [project_id])}
    by_hand = 0
    for (detail,) in db.execute("""select detail from work_entries
                                   where project_id = ? and kind = 'coding' and status = 'confirmed'""",
                                [project_id]):
        session_id = json.loads(detail or "{}").get("session_id")
        if session_id is None:
            by_hand += 1
        else:
            joined.add(session_id)
    return len(joined) + by_hand


def _choices(project_id):
    """How many of the people with confirmed work chose money, vouchers, or to volunteer
    (someone who never chose is paid in money, as claims.choice says)."""
    counted = {choice: 0 for choice in kinds.CHOICES}
    for (choice,) in get_db().execute(
            """select coalesce(c.choice, 'money') from
               (select distinct person_id from work_entries where project_id = ? and status = 'confirmed') w
               left join pay_choices c on c.project_id = ? and c.person_id = w.person_id""",
            [project_id, project_id]):
        counted[choice if choice in counted else "money"] += 1
    return counted

"""The lead's month at a glance: everyone with a role in the project or work in it that
month, with their hours, what they are owed, approved and paid. People taken out of the
project keep their pay records, so they are listed too (marked), for leads only."""
from ..db import get_db
from . import claims, money


def people(project_id, period):
    """Members, and anyone with work or a claim in the month, by name; `member` says which."""
    first, following = money.period_bounds(period)
    return [dict(row) for row in get_db().query(
        """select people.id, people.name, people.picture,
                  exists(select 1 from memberships m where m.project_id = :project
                         and m.person_id = people.id) as member
           from people where people.id in (
             select person_id from memberships where project_id = :project
             union select person_id from work_entries where project_id = :project
               and substr(started_at, 1, 10) >= :first and substr(started_at, 1, 10) < :following
             union select person_id from pay_claims where project_id = :project and period = :period)
           order by people.name collate nocase, people.id""",
        {"project": project_id, "first": first, "following": following, "period": period})]


def known(project_id, person_id):
    """The person, if they are or were in the project (a role, work or a claim), else None:
    anyone else is another project's person, and looks absent."""
    row = get_db().execute(
        """select id, name, picture,
                  exists(select 1 from memberships where project_id = :project and person_id = :person)
           from people where id = :person and (
             exists(select 1 from memberships where project_id = :project and person_id = :person)
             or exists(select 1 from work_entries where project_id = :project and person_id = :person)
             or exists(select 1 from pay_claims where project_id = :project and person_id = :person))""",
        {"project": project_id, "person": person_id}).fetchone()
    return dict(id=row[0], name=row[1], picture=row[2], member=bool(row[3])) if row else None


def confirmed_minutes(project_id, period):
    """Minutes of confirmed work in the month for each person, approved or not."""
    first, following = money.period_bounds(period)
    return dict(get_db().execute(
        """select person_id, sum(minutes) from work_entries
           where project_id = ? and status = 'confirmed'
             and substr(started_at, 1, 10) >= ? and substr(started_at, 1, 10) < ?
           group by person_id""", [project_id, first, following]).fetchall())


def rows(project_id, period):
    minutes = confirmed_minutes(project_id, period)
    month_claims = claims.claims(project_id, period=period)
    result = []
    for person in people(project_id, period):
        theirs = [claim for claim in month_claims if claim["person_id"] == person["id"]]
        owed = claims.owed(project_id, person["id"], period)
        result.append({**person, "minutes": minutes.get(person["id"], 0), "owed": owed["pence"],
                       "unrated": owed["unrated"], "choice": owed["choice"],
                       "approved": sum(claim["pence"] for claim in theirs),
                       "paid": sum(claim["pence"] for claim in theirs if claim["paid_at"])})
    return result


def waiting(project_id):
    """How many suggestions wait for a lead to confirm or turn them down."""
    return get_db().execute("select count(*) from work_entries where project_id = ? and status = 'suggested'",
                            [project_id]).fetchone()[0]

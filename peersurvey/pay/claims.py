"""What each person is owed for a period (a calendar month), approving it, and marking it paid.

Owed = the person's confirmed work in the period that no claim holds yet, each entry at the
rate of its own day (so a rate that changes mid-month is followed). Approving fixes those
lines into a claim, with their rates; a later change of rate never changes a claim. A person
who chose "volunteer, no payment" is owed nothing, but their hours still count.
"""
import json

from .. import audit
from ..db import get_db, now, writing
from . import kinds, money, work


def rates(project_id):
    return list(get_db().query(
        "select * from pay_rates where project_id = ? order by kind, starts_on", [project_id]))


def choice(project_id, person_id):
    row = get_db().execute("select choice from pay_choices where project_id = ? and person_id = ?",
                           [project_id, person_id]).fetchone()
    return row[0] if row else "money"


def set_choice(project_id, person_id, value, *, by):
    if value not in kinds.CHOICES:
        raise ValueError(value)
    with writing(get_db()) as db:
        db["pay_choices"].upsert({"project_id": project_id, "person_id": person_id, "choice": value,
                                  "updated_at": now(), "updated_by": by},
                                 pk=("project_id", "person_id"))
        audit.record("pay.choice", person_id=by, project_id=project_id, person=person_id,
                     choice=value, name=work._name(person_id))


def lines_for(project_id, entries, choice_made="money"):
    """Each entry with its rate and amount: (lines, kinds that have no rate on their day)."""
    project_rates = rates(project_id)
    lines, unrated = [], set()
    for entry in entries:
        day = money.day_of(entry["started_at"])
        rate = money.rate_on(project_rates, entry["kind"], day)
        if rate is None:
            unrated.add(entry["kind"])
        pence = 0 if rate is None or choice_made == "volunteer" else \
            money.amount(rate["unit"], rate["pence"], entry["minutes"])
        lines.append({"entry": entry["id"], "day": day, "kind": entry["kind"],
                      "minutes": entry["minutes"], "unit": rate["unit"] if rate else None,
                      "rate": rate["pence"] if rate else None, "pence": pence,
                      "note": entry.get("note")})
    return lines, sorted(unrated)


def owed(project_id, person_id, period):
    """The person's confirmed work in the period not yet in a claim, with its rates and total.
    Work of a kind with no rate on its day waits in `no_rate`, outside the total: approving
    it at £0 would fix it at £0 for good, and a rate set later would never pay it."""
    first, following = money.period_bounds(period)
    entries = work.entries(project_id, person_id=person_id, status="confirmed",
                           first=first, following=following, unclaimed=True)
    choice_made = choice(project_id, person_id)
    every, unrated = lines_for(project_id, entries, choice_made)
    lines = [line for line in every if line["rate"] is not None]
    return {"person_id": person_id, "period": period, "choice": choice_made, "lines": lines,
            "no_rate": [line for line in every if line["rate"] is None], "unrated": unrated,
            "minutes": sum(line["minutes"] for line in lines),
            "pence": sum(line["pence"] for line in lines)}


def claims(project_id, *, person_id=None, period=None):
    where, args = ["c.project_id = ?"], [project_id]
    for column, value in (("c.person_id", person_id), ("c.period", period)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    return [dict(row, lines=json.loads(row["lines"])) for row in get_db().query(
        f"""select c.*, people.name as person_name, approver.name as approved_by_name,
                   payer.name as paid_by_name
            from pay_claims c join people on people.id = c.person_id
            left join people approver on approver.id = c.approved_by
            left join people payer on payer.id = c.paid_by
            where {' and '.join(where)} order by c.period, people.name, c.id""", args)]


def limit_problems(project_id, person_id, lines):
    """Where approving `lines` would take the person over the project's earnings limit: each
    window over it, with the limit and the total it would reach. Empty when there is no limit."""
    limit, period = get_db().execute(
        "select pay_limit_pence, pay_limit_period from projects where id = ?", [project_id]).fetchone()
    if not limit or period not in kinds.LIMIT_PERIODS:
        return []
    totals = {}
    approved = [line for claim in claims(project_id, person_id=person_id) for line in claim["lines"]]
    for line in approved + lines:
        window = money.limit_window(line["day"], period)
        totals[window] = totals.get(window, 0) + line["pence"]
    return [{"first": first, "following": following, "limit": limit, "total": total}
            for (first, following), total in sorted(totals.items())
            if total > limit and any(money.limit_window(line["day"], period) == (first, following)
                                     for line in lines)]


def approve(project_id, person_id, period, *, by, expected_pence=None):
    """Fix what the person is owed for the period into a claim. Worked out again inside the
    write, so work confirmed meanwhile is not paid twice; when `expected_pence` (what the lead
    saw) no longer matches, nothing is approved and None is returned."""
    with writing(get_db()) as db:
        statement = owed(project_id, person_id, period)
        if not statement["lines"] or (expected_pence is not None
                                      and statement["pence"] != expected_pence):
            return None
        claim_id = db["pay_claims"].insert({
            "project_id": project_id, "person_id": person_id, "period": period,
            "minutes": statement["minutes"], "pence": statement["pence"],
            "lines": json.dumps(statement["lines"], ensure_ascii=False),
            "approved_at": now(), "approved_by": by,
        }).last_pk
        ids = [line["entry"] for line in statement["lines"]]
        db.execute(f"update work_entries set claim_id = ? where id in ({', '.join('?' * len(ids))})",
                   [claim_id, *ids])
        audit.record("pay.approve", person_id=by, project_id=project_id, claim=claim_id,
                     person=person_id, period=period, pence=statement["pence"],
                     name=work._name(person_id))
    return claim_id


def mark_paid(project_id, claim_id, how, *, by):
    """Record that an approved claim was paid, and how. Whether it was (not already paid)."""
    if how not in kinds.PAID_HOW:
        raise ValueError(how)
    with writing(get_db()) as db:
        changed = db.execute(
            """update pay_claims set paid_at = ?, paid_by = ?, paid_how = ?
               where project_id = ? and id = ? and paid_at is null""",
            [now(), by, how, project_id, claim_id]).rowcount
        if changed:
            row = db.execute("select person_id, pence from pay_claims where id = ?", [claim_id]).fetchone()
            audit.record("pay.paid", person_id=by, project_id=project_id, claim=claim_id,
                         how=how, pence=row[1], name=work._name(row[0]))
    return bool(changed)

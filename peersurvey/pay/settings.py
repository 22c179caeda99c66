"""What a lead sets for a project's pay: its rates, and the earnings limit. Each change is
written to the audit log in the lead's words, so the project's history says what was set."""
from flask_babel import gettext as _

from .. import audit
from ..db import get_db, now, writing
from . import kinds, money


def set_rate(project_id, kind, unit, pence, starts_on, *, by):
    """A rate for a kind of work from a date. A rate for the same kind and date replaces the
    one there (the table's unique index): the lead is putting a mistake right."""
    if kind not in kinds.KINDS or unit not in kinds.UNITS:
        raise ValueError(f"not a rate: {kind!r} {unit!r}")
    with writing(get_db()) as db:
        db.execute(
            """insert into pay_rates (project_id, kind, unit, pence, starts_on, created_at, created_by)
               values (?, ?, ?, ?, ?, ?, ?)
               on conflict (project_id, kind, starts_on) do update set
                 unit = excluded.unit, pence = excluded.pence,
                 created_at = excluded.created_at, created_by = excluded.created_by""",
            [project_id, kind, unit, pence, starts_on, now(), by])
        audit.record("pay.rate", person_id=by, project_id=project_id, kind=kind, unit=unit,
                     pence=pence, starts_on=starts_on, name=str(kinds.words(kind)))


def remove_rate(project_id, rate_id, *, by):
    """Take away a rate set by mistake. Claims keep the rates they were approved with, so only
    work not yet approved follows. Whether there was such a rate in the project."""
    with writing(get_db()) as db:
        row = db.execute("select kind, starts_on from pay_rates where project_id = ? and id = ?",
                         [project_id, rate_id]).fetchone()
        if row is None:
            return False
        db.execute("delete from pay_rates where id = ?", [rate_id])
        audit.record("pay.rate_remove", person_id=by, project_id=project_id, kind=row[0],
                     starts_on=row[1], name=str(kinds.words(row[0])))
    return True


def limit(project_id):
    """(pence, period), or (None, None) when the project has no earnings limit."""
    row = get_db().execute("select pay_limit_pence, pay_limit_period from projects where id = ?",
                           [project_id]).fetchone()
    if not row or not row[0] or row[1] not in kinds.LIMIT_PERIODS:
        return None, None
    return row[0], row[1]


def limit_words(pence, period):
    """"£100.00 a week", or "none": for the page and the history."""
    if not pence:
        return _("none")
    return {"week": _("%(amount)s a week", amount=money.pounds(pence)),
            "month": _("%(amount)s a month", amount=money.pounds(pence)),
            "year": _("%(amount)s a year", amount=money.pounds(pence))}[period]


def set_limit(project_id, pence, period, *, by):
    if pence and period not in kinds.LIMIT_PERIODS:
        raise ValueError(period)
    pence, period = (pence, period) if pence else (None, None)
    with writing(get_db()) as db:
        db.execute("update projects set pay_limit_pence = ?, pay_limit_period = ? where id = ?",
                   [pence, period, project_id])
        audit.record("pay.limit", person_id=by, project_id=project_id, pence=pence, period=period,
                     name=limit_words(pence, period))

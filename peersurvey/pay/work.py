"""Time entries: the work each peer researcher did in a project.

Interviews become suggestions by themselves (a trigger on `interviews`,
migrations/m010_onwards.py m016_pay), coding sessions through theme/attendance.py, writing
sessions through the builder. A lead confirms or turns down each suggestion; work a lead
adds is confirmed at once, work a person adds on the tablet is a suggestion for the lead.
Once approved in a claim an entry is fixed: it has been paid, or is about to be.
"""
import json

from .. import audit
from ..db import get_db, now, writing
from . import kinds, money

STATUSES = ("suggested", "confirmed", "rejected")
MAX_MINUTES = 24 * 60


def entry(project_id, entry_id):
    rows = list(get_db().query(
        "select * from work_entries where project_id = ? and id = ?", [project_id, entry_id]))
    return rows[0] if rows else None


def entries(project_id, *, person_id=None, status=None, first=None, following=None, unclaimed=False):
    """A project's entries, oldest first, with the person's name; narrowed by person, status,
    days (first <= day < following) and whether a claim holds them yet."""
    where, args = ["w.project_id = ?"], [project_id]
    for column, value in (("w.person_id", person_id), ("w.status", status)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if first:
        where.append("substr(w.started_at, 1, 10) >= ?")
        args.append(first)
    if following:
        where.append("substr(w.started_at, 1, 10) < ?")
        args.append(following)
    if unclaimed:
        where.append("w.claim_id is null")
    return [dict(row, detail=json.loads(row["detail"] or "{}")) for row in get_db().query(
        f"""select w.*, people.name as person_name from work_entries w
            join people on people.id = w.person_id
            where {' and '.join(where)} order by w.started_at, w.id""", args)]


def add(project_id, person_id, kind, started_at, minutes, *, by, note=None, confirmed=True):
    """Work someone did that the app could not see (training, meetings, travel...). A lead's
    entry is confirmed; a person's own is a suggestion for the lead. The new entry's id."""
    started_at = money.iso_time(started_at)
    if kind not in kinds.KINDS or not 0 <= minutes <= MAX_MINUTES or started_at is None:
        raise ValueError(f"not a piece of work: {kind!r}, {minutes!r} minutes, at {started_at!r}")
    with writing(get_db()) as db:
        entry_id = db["work_entries"].insert({
            "project_id": project_id, "person_id": person_id, "kind": kind,
            "started_at": started_at, "minutes": minutes, "note": note or None,
            "status": "confirmed" if confirmed else "suggested",
            "added_at": now(), "added_by": by,
            "decided_at": now() if confirmed else None, "decided_by": by if confirmed else None,
        }).last_pk
        audit.record("pay.work_add", person_id=by, project_id=project_id,
                     entry=entry_id, kind=kind, minutes=minutes, name=_name(person_id))
    return entry_id


def decide(project_id, entry_ids, status, *, by, minutes=None):
    """Confirm or turn down suggestions (or change a decision not yet in a claim); a lead may
    put the minutes right as they confirm one. How many entries changed."""
    if status not in ("confirmed", "rejected"):
        raise ValueError(status)
    ids = [int(entry_id) for entry_id in entry_ids]
    if not ids:
        return 0
    with writing(get_db()) as db:
        marks = ", ".join("?" * len(ids))
        changes = {"status": status, "decided_at": now(), "decided_by": by}
        if minutes is not None:
            changes["minutes"] = minutes
        assignments = ", ".join(f"{column} = ?" for column in changes)
        changed = db.execute(
            f"""update work_entries set {assignments}
                where project_id = ? and claim_id is null and id in ({marks})""",
            [*changes.values(), project_id, *ids]).rowcount
        if changed:
            audit.record(f"pay.work_{status}", person_id=by, project_id=project_id,
                         entries=ids[:50], name=str(changed))
    return changed


def undo(project_id, entry_ids, *, by):
    """Put checked entries not yet in a claim back to "suggested", to be checked again.
    How many changed."""
    ids = [int(entry_id) for entry_id in entry_ids]
    if not ids:
        return 0
    with writing(get_db()) as db:
        marks = ", ".join("?" * len(ids))
        changed = db.execute(
            f"""update work_entries set status = 'suggested', decided_at = null, decided_by = null
                where project_id = ? and claim_id is null and status != 'suggested' and id in ({marks})""",
            [project_id, *ids]).rowcount
        if changed:
            audit.record("pay.work_undo", person_id=by, project_id=project_id, entries=ids[:50], name=str(changed))
    return changed


def _name(person_id):
    row = get_db().execute("select name from people where id = ?", [person_id]).fetchone()
    return row[0] if row else ""

"""The demo project's pay, so `make run` shows the money pages filled in: rates for every
kind of work, October's interviews confirmed, a meeting and a training session the lead
added, and one person's October approved and paid."""
from ..db import get_db
from ..people import queries
from . import claims, settings, work

MONTH = "2026-10"       # the demo interviews run from September to November 2026
# kind: (unit, pence). Hourly work at £12.60, the Real Living Wage for 2024-25.
RATES = {
    "interview": ("interview", 1500), "coding": ("hour", 1260), "writing": ("hour", 1260),
    "training": ("hour", 1260), "meeting": ("hour", 1260), "preparing": ("hour", 1260),
    "other": ("hour", 1260), "travel": ("session", 500),
}


def make(project_id, lead_id):
    """Once: a demo made before pay existed gets it on its next `make run`."""
    if get_db().execute("select 1 from pay_rates where project_id = ?", [project_id]).fetchone():
        return
    for kind, (unit, pence) in RATES.items():
        settings.set_rate(project_id, kind, unit, pence, "2026-01-01", by=lead_id)
    first, following = f"{MONTH}-01", "2026-11-01"
    suggested = work.entries(project_id, status="suggested", first=first, following=following)
    work.decide(project_id, [entry["id"] for entry in suggested], "confirmed", by=lead_id)
    team = {person["name"]: person["id"] for person in queries.project_people(project_id)}
    dewi, ceri = team.get("Dewi Price"), team.get("Ceri Jones")
    for person_id in (dewi, ceri):
        if person_id:
            work.add(project_id, person_id, "training", f"{MONTH}-06T10:00:00+01:00", 120, by=lead_id,
                     note="Interview training")
            work.add(project_id, person_id, "meeting", f"{MONTH}-20T13:30:00+01:00", 90, by=lead_id)
            work.add(project_id, person_id, "travel", f"{MONTH}-20T13:30:00+01:00", 0, by=lead_id)
    if ceri:
        claims.set_choice(project_id, ceri, "vouchers", by=lead_id)
    if dewi:
        claim_id = claims.approve(project_id, dewi, MONTH, by=lead_id)
        if claim_id:
            claims.mark_paid(project_id, claim_id, "bank", by=lead_id)

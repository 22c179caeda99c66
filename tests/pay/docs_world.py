"""A project where Ada did a month of work: some approved and paid, some approved and not paid,
some confirmed and not yet approved, and some still waiting for the lead."""
from peersurvey.db import get_db, now
from peersurvey.pay import claims, work


def rate(project_id, lead, kind, unit, pence, starts_on="2026-01-01"):
    get_db()["pay_rates"].insert({"project_id": project_id, "kind": kind, "unit": unit, "pence": pence,
                                  "starts_on": starts_on, "created_at": now(), "created_by": lead["id"]})


def build(app, make, tablet=True):
    lead = make.lead()
    project_id = make.project(lead, "Better Lives")
    ada = make.member(project_id, "Ada", roles=("interviewer", "coder"))
    ben = make.member(project_id, "Ben", roles=("interviewer",), pin="1357")
    with app.test_request_context():
        rate(project_id, lead, "interview", "interview", 1500)     # £15 an interview
        rate(project_id, lead, "coding", "session", 2000)          # £20 a session
        rate(project_id, lead, "training", "hour", 1000)           # £10 an hour
        add = lambda person, kind, day, minutes, **kw: work.add(  # noqa: E731
            project_id, person["id"], kind, f"{day}T10:00:00+00:00", minutes, by=lead["id"], **kw)
        add(ada, "interview", "2026-11-02", 30)
        add(ada, "interview", "2026-11-03", 30)
        add(ada, "training", "2026-11-04", 150)                   # 2.5 hours: £25
        paid = claims.approve(project_id, ada["id"], "2026-11", by=lead["id"])     # £55
        claims.mark_paid(project_id, paid, "bank", by=lead["id"])
        get_db().execute("update pay_claims set paid_at = '2026-12-03T09:00:00+00:00' where id = ?", [paid])
        add(ada, "coding", "2026-11-10", 90)                       # £20
        claims.approve(project_id, ada["id"], "2026-11", by=lead["id"])            # £20, not paid
        add(ada, "interview", "2026-11-20", 30)                    # £15, confirmed, not approved
        add(ada, "meeting", "2026-11-21", 30, confirmed=False)     # waiting for the lead
        add(ada, "travel", "2026-11-22", 30, confirmed=False)      # waiting for the lead
        add(ben, "interview", "2026-11-05", 30)
    world = dict(lead=lead, project=project_id, ada=ada, ben=ben)
    if tablet:
        world["tablet"] = make.tablet(project_id, lead)
    return world

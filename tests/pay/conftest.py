"""A project with rates and a month of confirmed work, for the lead's money pages."""
import pytest

from peersurvey.db import get_db, now
from peersurvey.pay import work

MONTH = "2026-11"


def add_rate(project_id, lead, kind, unit, pence, starts_on="2026-01-01"):
    get_db()["pay_rates"].insert({"project_id": project_id, "kind": kind, "unit": unit, "pence": pence,
                                  "starts_on": starts_on, "created_at": now(), "created_by": lead["id"]})


@pytest.fixture
def paid_month(app, make, login):
    """Ada: 3 interviews at £15 and 2½ hours of training at £10 (£70.00); Ben: 90 minutes of
    travel, which has no rate. The lead is signed in."""
    lead = make.lead()
    project_id = make.project(lead)
    ada = make.member(project_id, "Ada", roles=("interviewer",))
    ben = make.member(project_id, "Ben", roles=("coder",), picture="dog")
    with app.test_request_context():
        add_rate(project_id, lead, "interview", "interview", 1500)
        add_rate(project_id, lead, "training", "hour", 1000)
        for day in ("2026-11-02", "2026-11-03", "2026-11-20"):
            work.add(project_id, ada["id"], "interview", f"{day}T10:00:00+00:00", 25, by=lead["id"])
        work.add(project_id, ada["id"], "training", "2026-11-04T10:00:00+00:00", 150, by=lead["id"])
        work.add(project_id, ben["id"], "travel", "2026-11-05T10:00:00+00:00", 90, by=lead["id"])
    login.as_lead(lead)
    base = f"/projects/{project_id}/pay"
    return dict(lead=lead, project_id=project_id, ada=ada, ben=ben, base=base,
                ada_page=f"{base}/people/{ada['id']}?month={MONTH}")

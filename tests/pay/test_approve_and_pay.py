"""Approving a person's month (never over the earnings limit unseen, never a total the lead
did not see), marking it paid, and how they want to be paid."""
from peersurvey.db import get_db
from peersurvey.pay import work

from .conftest import MONTH


def text(response):
    return " ".join(response.soup.get_text().split())


def approve(client, paid_month, expected, **more):
    person = more.pop("person", paid_month["ada"])
    return client.submit(f"{paid_month['base']}/people/{person['id']}/approve",
                         {"month": MONTH, "expected_pence": str(expected), **more}, page=paid_month["ada_page"])


def claims_of(app, project_id):
    with app.app_context():
        return [dict(row) for row in get_db().query("select * from pay_claims where project_id = ?", [project_id])]


def audit_of(app, project_id, action):
    with app.app_context():
        return [dict(row) for row in get_db().query(
            "select * from audit_log where project_id = ? and action = ?", [project_id, action])]


def set_limit(app, project_id, pence, period):
    with app.app_context():
        get_db().execute("update projects set pay_limit_pence = ?, pay_limit_period = ? where id = ?",
                         [pence, period, project_id])


def test_approving_and_paying_are_recorded_with_who_and_when(app, client, paid_month):
    response = approve(client, paid_month, 7000)
    assert response.status_code == 302
    [claim] = claims_of(app, paid_month["project_id"])
    assert (claim["pence"], claim["approved_by"], claim["period"]) == (7000, paid_month["lead"]["id"], MONTH)
    [approved] = audit_of(app, paid_month["project_id"], "pay.approve")
    assert approved["person_id"] == paid_month["lead"]["id"] and approved["at"]
    page = text(client.get(paid_month["ada_page"]))
    assert "There is no confirmed work waiting to be approved" in page and "by Lee Lead" in page
    paid = client.submit(f"{paid_month['base']}/claims/{claim['id']}/paid", {"how": "cash"},
                         page=paid_month["ada_page"])
    assert paid.status_code == 302
    [claim] = claims_of(app, paid_month["project_id"])
    assert (claim["paid_how"], claim["paid_by"]) == ("cash", paid_month["lead"]["id"]) and claim["paid_at"]
    assert audit_of(app, paid_month["project_id"], "pay.paid")[0]["person_id"] == paid_month["lead"]["id"]
    assert "Paid on" in text(client.get(paid_month["ada_page"]))
    history = text(client.get(f"/projects/{paid_month['project_id']}/history"))
    assert "Approved a payment for Ada." in history and "Marked a payment to Ada as paid." in history


def test_a_total_that_changed_since_the_lead_looked_is_not_approved(app, client, paid_month):
    response = approve(client, paid_month, 5500)
    assert response.status_code == 409
    assert "Nothing was approved. The total changed since you looked: it was £55.00, and now it is £70.00." in text(response)
    assert claims_of(app, paid_month["project_id"]) == []


def test_the_limit_warning_comes_first_and_approve_anyway_approves(app, client, paid_month):
    set_limit(app, paid_month["project_id"], 4000, "week")      # £40 a week
    response = approve(client, paid_month, 7000)
    assert response.status_code == 200
    page = text(response)
    assert "This would take Ada over the limit you set: £40.00 a week." in page
    assert "In the week of 2 November they would get £55.00." in page    # 2 interviews + training
    assert "Approve anyway" in page and "Go back" in page
    assert claims_of(app, paid_month["project_id"]) == []
    assert approve(client, paid_month, 7000, confirm="yes").status_code == 302
    assert [c["pence"] for c in claims_of(app, paid_month["project_id"])] == [7000]


def test_under_the_limit_there_is_no_warning(app, client, paid_month):
    set_limit(app, paid_month["project_id"], 10000, "month")
    assert approve(client, paid_month, 7000).status_code == 302


def test_approve_anyway_with_a_stale_total_is_still_refused(app, client, paid_month):
    set_limit(app, paid_month["project_id"], 100, "year")
    with app.test_request_context():
        work.add(paid_month["project_id"], paid_month["ada"]["id"], "interview", "2026-11-21T10:00:00+00:00", 20,
                 by=paid_month["lead"]["id"])
    assert approve(client, paid_month, 7000, confirm="yes").status_code == 409
    assert claims_of(app, paid_month["project_id"]) == []


def test_a_bad_approval_is_refused_in_plain_words(client, paid_month):
    for fields in ({"month": "2026-13"}, {"expected_pence": "-5"}, {"expected_pence": "1e3"}, {"expected_pence": ""}):
        data = {"month": MONTH, "expected_pence": "7000", **fields}
        response = client.submit(f"{paid_month['base']}/people/{paid_month['ada']['id']}/approve", data,
                                 page=paid_month["ada_page"])
        assert response.status_code == 400
        assert ("That month is not right" if "month" in fields else "Nothing was approved") in text(response)


def test_another_projects_claim_is_not_found(app, client, make, paid_month):
    other_lead = make.lead()
    other = make.project(other_lead, "Elsewhere")
    zed = make.member(other, "Zed")
    with app.test_request_context():
        work.add(other, zed["id"], "training", "2026-11-02T10:00:00+00:00", 60, by=other_lead["id"])
        from peersurvey.pay import claims, settings
        settings.set_rate(other, "training", "hour", 1000, "2026-01-01", by=other_lead["id"])
        claim_id = claims.approve(other, zed["id"], MONTH, by=other_lead["id"])
    response = client.submit(f"{paid_month['base']}/claims/{claim_id}/paid", {"how": "cash"}, page=paid_month["ada_page"])
    assert response.status_code == 404
    assert client.submit(f"{paid_month['base']}/claims/{claim_id}/paid", {"how": "gold"},
                         page=paid_month["ada_page"]).status_code == 400


def test_the_lead_records_how_a_person_wants_to_be_paid_and_vouchers_become_the_default(app, client, paid_month):
    response = client.submit(f"{paid_month['base']}/people/{paid_month['ada']['id']}/choice?month={MONTH}",
                             {"choice": "vouchers"}, page=paid_month["ada_page"])
    assert response.status_code == 302
    assert "Changed how Ada is paid." in text(client.get(f"/projects/{paid_month['project_id']}/history"))
    approve(client, paid_month, 7000)
    page = client.get(paid_month["ada_page"])
    assert page.soup.find("option", selected=True, value="voucher")
    assert client.submit(f"{paid_month['base']}/people/{paid_month['ada']['id']}/choice",
                         {"choice": "gold"}, page=paid_month["ada_page"]).status_code == 400


def test_a_volunteers_hours_are_approved_with_nothing_to_pay(client, paid_month):
    client.submit(f"{paid_month['base']}/people/{paid_month['ada']['id']}/choice", {"choice": "volunteer"},
                  page=paid_month["ada_page"])
    page = text(client.get(paid_month["ada_page"]))
    assert "works as a volunteer" in page and "Approve £0.00 for Ada" in page
    assert approve(client, paid_month, 0).status_code == 302

"""Rates and the earnings limit, as a lead sets them."""
import pytest

from peersurvey.db import get_db


def text(response):
    return " ".join(response.soup.get_text().split())


def rates_of(app, project_id):
    with app.app_context():
        return [(r["kind"], r["unit"], r["pence"], r["starts_on"]) for r in get_db().query(
            "select * from pay_rates where project_id = ? order by kind, starts_on", [project_id])]


def rate(client, paid_month, amount, kind="travel", starts_on="2026-11-01", unit="session"):
    return client.submit(f"{paid_month['base']}/rates",
                         {"kind": kind, "unit": unit, "amount": amount, "starts_on": starts_on})


def test_the_rates_page_lists_rates_with_pictures_and_explains_the_limit(client, paid_month):
    response = client.get(f"{paid_month['base']}/rates")
    page = text(response)
    assert "Interviews £15.00 for each interview 1 January 2026" in page
    assert response.soup.find("img", src=lambda src: src and "1F4AC" in src)
    assert "a setting your project chooses, not a legal rule" in page


def test_a_lead_adds_a_rate_and_the_history_says_so(app, client, paid_month):
    response = rate(client, paid_month, "£5.50")
    assert response.status_code == 302
    assert ("travel", "session", 550, "2026-11-01") in rates_of(app, paid_month["project_id"])
    history = text(client.get(f"/projects/{paid_month['project_id']}/history"))
    assert "Set a pay rate for Travel." in history


def test_a_rate_with_the_same_kind_and_day_takes_the_place_of_the_old_one(app, client, paid_month):
    rate(client, paid_month, "5")
    rate(client, paid_month, "6.25", unit="hour")
    travel = [r for r in rates_of(app, paid_month["project_id"]) if r[0] == "travel"]
    assert travel == [("travel", "hour", 625, "2026-11-01")]


@pytest.mark.parametrize("amount, words", [
    ("1.999", "Use 2 numbers after the point"),
    ("-3", "without a minus sign"),
    ("1e3", "using numbers only"),
    ("abc", "using numbers only"),
    ("100000.01", "more than £100,000"),
    ("99999999999999999999", "more than £100,000"),
    ("", "Type the amount"),
])
def test_an_amount_that_is_not_money_is_refused_in_plain_words(app, client, paid_month, amount, words):
    response = rate(client, paid_month, amount)
    assert response.status_code == 400
    assert words in text(response)
    assert not [r for r in rates_of(app, paid_month["project_id"]) if r[0] == "travel"]


@pytest.mark.parametrize("fields", [{"starts_on": "2026-02-30"}, {"starts_on": "soon"}, {"kind": "sleeping"},
                                    {"unit": "fortnight"}])
def test_a_bad_date_kind_or_unit_is_refused(client, paid_month, fields):
    data = {"kind": "travel", "unit": "session", "amount": "5", "starts_on": "2026-11-01", **fields}
    assert client.submit(f"{paid_month['base']}/rates", data).status_code == 400


def test_the_earnings_limit_is_set_and_taken_away(app, client, paid_month):
    base = f"{paid_month['base']}/rates"
    assert client.submit(base, {"limit_period": "week", "limit_amount": "100"}).status_code == 302
    with app.app_context():
        assert get_db().execute("select pay_limit_pence, pay_limit_period from projects where id = ?",
                                [paid_month["project_id"]]).fetchone() == (10000, "week")
    assert client.get(base).soup.find("input", id="limit_amount")["value"] == "100.00"
    assert "Changed the earnings limit to £100.00 a week." in text(client.get(f"/projects/{paid_month['project_id']}/history"))
    client.submit(base, {"limit_period": "none", "limit_amount": ""})
    assert "Changed the earnings limit to none." in text(client.get(f"/projects/{paid_month['project_id']}/history"))


def test_a_limit_with_no_amount_or_a_bad_one_is_refused(client, paid_month):
    base = f"{paid_month['base']}/rates"
    assert "choose ‘No limit’" in text(client.submit(base, {"limit_period": "month", "limit_amount": ""}))
    assert client.submit(base, {"limit_period": "month", "limit_amount": "1.999"}).status_code == 400
    assert client.submit(base, {"limit_period": "fortnight", "limit_amount": "10"}).status_code == 400


def test_a_rate_set_by_mistake_can_be_taken_away_and_approved_claims_keep_theirs(app, client, make, login):
    from peersurvey.db import get_db
    from peersurvey.pay import claims, settings, work
    lead = make.lead()
    project = make.project(lead)
    ada = make.member(project, "Ada")
    login.as_lead(lead)
    with app.test_request_context():
        settings.set_rate(project, "training", "hour", 1000, "2026-01-01", by=lead["id"])
        work.add(project, ada["id"], "training", "2026-11-02T10:00:00+00:00", 60, by=lead["id"])
        claims.approve(project, ada["id"], "2026-11", by=lead["id"])
        rate_id = get_db().execute("select id from pay_rates where project_id = ?", [project]).fetchone()[0]
    page = f"/projects/{project}/pay/rates"
    other_lead = make.lead()
    other = make.project(other_lead, "Elsewhere")
    assert client.submit(f"/projects/{other}/pay/rates/{rate_id}/remove", {}, page=page).status_code == 404
    response = client.submit(f"{page}/{rate_id}/remove", {}, page=page)
    assert response.status_code == 302
    with app.test_request_context():
        assert claims.rates(project) == []
        [claim] = claims.claims(project)
        assert claim["pence"] == 1000
        assert get_db().execute("select action from audit_log where action = 'pay.rate_remove'").fetchone()
    assert client.submit(f"{page}/{rate_id}/remove", {}, page=page).status_code == 404

"""The lead's money pages: the month at a glance, a person's month, and approving it."""
from peersurvey.db import get_db

from .conftest import MONTH


def text(response):
    return " ".join(response.soup.get_text().split())


def test_the_overview_lists_everyone_with_their_hours_and_what_they_are_owed(client, paid_month):
    page = text(client.get(f"{paid_month['base']}?month={MONTH}"))
    assert "Time and pay: November 2026" in page
    assert "Ada" in page and "Ben" in page and "Lee Lead" in page
    assert "3 hours 45 minutes" in page          # 75 + 150 minutes
    assert "£70.00" in page
    assert "Some work has no rate" in page


def test_the_project_page_links_to_time_and_pay(client, paid_month):
    response = client.get(f"/projects/{paid_month['project_id']}")
    assert response.soup.find("a", href=f"/projects/{paid_month['project_id']}/pay")


def test_a_person_taken_out_of_the_project_is_still_listed_for_leads(app, client, paid_month):
    with app.app_context():
        get_db().execute("delete from memberships where person_id = ?", [paid_month["ben"]["id"]])
    page = text(client.get(f"{paid_month['base']}?month={MONTH}"))
    assert "Ben" in page and "No longer in the project" in page
    assert client.get(f"{paid_month['base']}/people/{paid_month['ben']['id']}?month={MONTH}").status_code == 200


def test_the_person_page_shows_each_line_and_names_a_kind_with_no_rate(client, paid_month):
    page = text(client.get(paid_month["ada_page"]))
    assert "2 hours 30 minutes" in page and "£10.00 for each hour" in page and "£25.00" in page
    assert "Total owed" in page and "Approve £70.00 for Ada" in page
    ben = text(client.get(f"{paid_month['base']}/people/{paid_month['ben']['id']}?month={MONTH}"))
    assert "Travel has no rate yet. Set a rate" in ben


def test_suggestions_waiting_are_counted(app, client, paid_month):
    with app.app_context():
        get_db().execute("update work_entries set status = 'suggested' where person_id = ?",
                         [paid_month["ben"]["id"]])
    assert "1 piece of work is waiting for you to confirm it." in text(client.get(paid_month["base"]))


def test_a_bad_month_gets_plain_words_not_a_500(client, paid_month):
    for month in ("2026-13", "nonsense", "1999-01", "2026-1"):
        response = client.get(f"{paid_month['base']}?month={month}")
        assert response.status_code == 400
        assert "That month is not right" in text(response)
    assert client.get(f"{paid_month['base']}/approved.csv?month=x").status_code == 400


def test_another_projects_person_is_not_found(client, make, paid_month):
    other_lead = make.lead()
    other = make.project(other_lead, "Elsewhere")
    stranger = make.member(other, "Zed")
    assert client.get(f"{paid_month['base']}/people/{stranger['id']}").status_code == 404
    assert client.get(f"{paid_month['base']}/people/999999").status_code == 404
    assert client.submit(f"{paid_month['base']}/people/{stranger['id']}/approve",
                         {"month": MONTH, "expected_pence": "0"}, page=paid_month["ada_page"]).status_code == 404

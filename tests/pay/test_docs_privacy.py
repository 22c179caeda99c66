"""Who sees the statement, the record and the certificate: a person on the tablet only their
own, whatever the address says; a coder never anyone's pay; a lead of another project nothing;
a person taken out of the project nothing on the tablet any more, while their lead still sees
their records. Withdrawing a participant leaves the interviewer's record and statement as they
were."""
import pytest

from peersurvey.collect import queries as collect
from peersurvey.people import queries as people

from ..pages import text
from .docs_world import build


@pytest.fixture
def world(app, make):
    return build(app, make)


def test_a_person_on_the_tablet_sees_only_their_own_statement(client, login, world):
    login.as_tablet_person(world["tablet"], world["ben"])
    for url in ("/tablet/my-pay?month=2026-11", f"/tablet/my-pay?month=2026-11&person_id={world['ada']['id']}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "1 interview" in text(page) and "£15.00" in text(page)
        assert "£55.00" not in text(page) and "Ada" not in text(page)


def test_a_person_on_the_tablet_sees_their_own_record_only(client, login, world):
    login.as_tablet_person(world["tablet"], world["ada"])
    page = client.get(f"/tablet/my-record?person_id={world['ben']['id']}")
    assert page.status_code == 200
    assert "3 interviews" in text(page) and "Ben" not in text(page)


def test_the_statement_page_shows_the_month_plainly(client, login, world):
    login.as_tablet_person(world["tablet"], world["ada"])
    page = text(client.get("/tablet/my-pay?month=2026-11"))
    for words in ("What I did in November 2026", "3 interviews", "1 sorting session",
                  "2 hours 30 minutes of training", "Hours: 5 hours 30 minutes", "Money: £90.00",
                  "£55.00: Paid on 3 December, into your bank.", "£20.00: Checked. Not paid yet.",
                  "£15.00: Not checked yet.", "2 pieces of work are waiting to be checked."):
        assert words in page
    for alarming in ("limit", "warning", "over", "claim", "approve"):
        assert alarming not in page.lower()


@pytest.mark.parametrize("month", ["2026-13", "november", "1999-01", "2026-1", "2026-11-01"])
def test_a_bad_month_gets_a_plain_page_not_an_error(client, login, world, month):
    login.as_tablet_person(world["tablet"], world["ada"])
    for url in (f"/tablet/my-pay?month={month}", f"/tablet/my-pay.pdf?month={month}"):
        page = client.get(url)
        assert page.status_code == 400 and "Choose a month from the list." in text(page)


def test_a_coder_never_sees_anyone_elses_pay(client, login, world, make):
    coder = make.member(world["project"], "Cy Coder", roles=("coder",), pin="4680")
    login.as_tablet_person(world["tablet"], coder)
    page = text(client.get("/tablet/my-pay?month=2026-11"))
    assert "£" in page and "£15.00" not in page and "£55.00" not in page
    lead_page = client.get(f"/projects/{world['project']}/pay/people/{world['ada']['id']}/statement")
    assert lead_page.status_code == 403


def test_a_lead_of_another_project_gets_404(client, login, world, make):
    other = make.lead(name="Other Lead")
    make.project(other, "Elsewhere")
    login.as_lead(other)
    base = f"/projects/{world['project']}"
    ada = world["ada"]["id"]
    for url in (f"{base}/pay/people/{ada}/statement", f"{base}/pay/people/{ada}/statement.pdf",
                f"{base}/people/{ada}/involvement", f"{base}/people/{ada}/certificate.pdf", f"{base}/pay/summary"):
        assert client.get(url).status_code == 404, url


def test_a_lead_gets_404_for_someone_who_never_was_in_the_project(client, login, world, make):
    stranger_lead = make.lead(name="Stranger")
    elsewhere = make.project(stranger_lead, "Elsewhere")
    outsider = make.member(elsewhere, "Olwen Outsider")
    login.as_lead(world["lead"])
    base = f"/projects/{world['project']}"
    for url in (f"{base}/pay/people/{outsider['id']}/statement", f"{base}/people/{outsider['id']}/involvement",
                f"{base}/pay/people/999999/statement", f"{base}/people/99999999999999999999/involvement"):
        assert client.get(url).status_code == 404, url


def test_someone_taken_out_loses_the_tablet_pages_but_their_lead_still_sees_them(app, client, login, world):
    login.as_tablet_person(world["tablet"], world["ada"])
    assert client.get("/tablet/my-pay").status_code == 200
    with app.test_request_context():
        assert people.take_out_of_project(world["project"], people.get_person(world["ada"]["id"]),
                                          by=world["lead"]["id"])
    for url in ("/tablet/my-pay?month=2026-11", "/tablet/my-pay.pdf", "/tablet/my-record", "/tablet/my-certificate.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/tablet/", url
    client.post("/tablet/signout")
    login.as_lead(world["lead"])
    page = client.get(f"/projects/{world['project']}/pay/people/{world['ada']['id']}/statement?month=2026-11")
    assert page.status_code == 200
    assert "Money: £90.00" in text(page) and "Ada is no longer in the project." in text(page)
    record = client.get(f"/projects/{world['project']}/people/{world['ada']['id']}/involvement")
    assert "3 interviews" in text(record) and "no longer in the project" in text(record)


def test_withdrawing_a_participant_leaves_the_interviewers_record_and_statement(app, client, login, world, make):
    version = make.questionnaire(world["project"], world["lead"])
    make.interview(world["project"], version, world["ada"], participant_code="WD7X3Q",
                   started_at="2026-11-25T10:00:00+00:00", finished_at="2026-11-25T10:20:00+00:00")
    with app.test_request_context():
        from peersurvey.pay import work
        suggested = [e["id"] for e in work.entries(world["project"], person_id=world["ada"]["id"], status="suggested")
                     if e["kind"] == "interview"]
        work.decide(world["project"], suggested, "confirmed", by=world["lead"]["id"])
    login.as_tablet_person(world["tablet"], world["ada"])
    before = (text(client.get("/tablet/my-pay?month=2026-11")), text(client.get("/tablet/my-record")))
    assert "4 interviews" in before[0] and "4 interviews" in before[1]
    with app.test_request_context():
        assert collect.withdraw(world["project"], "WD7X3Q", world["lead"]["id"]) == 1
    after = (text(client.get("/tablet/my-pay?month=2026-11")), text(client.get("/tablet/my-record")))
    assert after == before


def test_the_lead_sees_the_summary_for_funders(client, login, world):
    login.as_lead(world["lead"])
    page = text(client.get(f"/projects/{world['project']}/pay/summary"))
    for words in ("2 peer researchers took part.", "4 interviews were done.", "Approved: £75.00",
                  "Paid: £55.00", "2 people are paid in money.", "1 sorting session was held."):
        assert words in page, words


def test_no_page_or_pdf_of_pay_is_kept_on_a_tablet_or_in_a_cache(client, login, world):
    """Every response of the docs endpoints says no-store: PDFs too (send_file says no-cache)."""
    project, ada = world["project"], world["ada"]["id"]
    login.as_tablet_person(world["tablet"], world["ada"])
    tablet = ["/tablet/my-pay?month=2026-11", "/tablet/my-pay.pdf?month=2026-11", "/tablet/my-record",
              "/tablet/my-certificate.pdf"]
    for url in tablet:
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", url
    login.as_lead(world["lead"])
    for url in (f"/projects/{project}/pay/people/{ada}/statement?month=2026-11",
                f"/projects/{project}/pay/people/{ada}/statement.pdf?month=2026-11",
                f"/projects/{project}/people/{ada}/involvement", f"/projects/{project}/people/{ada}/certificate.pdf",
                f"/projects/{project}/pay/summary"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", url

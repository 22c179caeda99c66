"""The lead's time pages and the tablet's "Add work I did": suggestions checked, work added,
writing sessions noted, and nothing reaching another project or another person."""
import datetime as dt
import json

import pytest

from peersurvey.db import get_db, now
from peersurvey.pay import work

TODAY = dt.date.today().isoformat()


@pytest.fixture
def team(app, make):
    lead = make.lead("Lee")
    project = make.project(lead)
    ada = make.member(project, "Ada", roles=("interviewer",))
    ben = make.member(project, "Ben", roles=("coder",), pin="1357")
    tablet = make.tablet(project, lead)
    other_lead = make.lead("Olly", email="olly@example.org")
    other = make.project(other_lead, "Elsewhere")
    zed = make.member(other, "Zed")
    return dict(lead=lead, project=project, ada=ada, ben=ben, tablet=tablet, other=other, zed=zed,
                other_lead=other_lead)


def suggest(app, project, person, minutes=30, source="session:1"):
    with app.app_context():
        return get_db()["work_entries"].insert({
            "project_id": project, "person_id": person["id"], "kind": "coding", "started_at": f"{TODAY}T10:00:00+00:00",
            "minutes": minutes, "source": source, "status": "suggested", "added_at": now()}).last_pk


def status_of(app, entry_id):
    with app.app_context():
        return get_db().execute("select status, minutes from work_entries where id = ?", [entry_id]).fetchone()


def test_suggestions_show_by_person_and_can_be_confirmed_turned_down_and_undone(app, client, login, team):
    first, second = suggest(app, team["project"], team["ada"], 80), suggest(app, team["project"], team["ada"], 10, "s:2")
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work"
    page = client.get(url)
    assert "Ada" in page.soup.text and "1 hour 20 minutes" in page.soup.text and "Coding session" in page.soup.text
    assert client.submit(url, {"action": "confirm", "entry": [str(first)]}).status_code == 302
    assert client.submit(url, {"action": "reject", "entry": [str(second)]}).status_code == 302
    assert status_of(app, first) == ("confirmed", 80) and status_of(app, second)[0] == "rejected"
    assert "Checked this month" in client.get(url).soup.text
    assert client.submit(url, {"action": "undo", "entry": str(first)}).status_code == 302
    assert status_of(app, first)[0] == "suggested"


def test_confirm_all_for_a_person_and_changing_the_minutes(app, client, login, team):
    ids = [suggest(app, team["project"], team["ada"], 30, f"s:{n}") for n in range(3)]
    ben = suggest(app, team["project"], team["ben"], 30, "s:9")
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work"
    assert client.submit(url, {"action": "minutes", "entry": str(ben), f"entry-{ben}-hours": "2",
                               f"entry-{ben}-minutes": "7"}).status_code == 302
    assert status_of(app, ben) == ("confirmed", 127)
    assert client.submit(url, {"action": "confirm_person", "person_id": str(team["ada"]["id"])}).status_code == 302
    assert {status_of(app, i)[0] for i in ids} == {"confirmed"}


def test_entries_in_a_claim_or_another_project_never_change(app, client, login, team):
    theirs = suggest(app, team["other"], team["zed"])
    claimed = suggest(app, team["project"], team["ada"], source="s:claimed")
    with app.app_context():
        get_db().execute("update work_entries set claim_id = 99 where id = ?", [claimed])
        get_db().conn.commit()
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work"
    for entry_id in (theirs, claimed):
        response = client.submit(url, {"action": "confirm", "entry": [str(entry_id)]})
        assert response.status_code == 409 and "cannot change" in response.soup.text
        assert status_of(app, entry_id)[0] == "suggested"
    assert client.submit(url, {"action": "minutes", "entry": str(theirs), f"entry-{theirs}-hours": "1",
                               f"entry-{theirs}-minutes": "0"}).status_code == 404
    assert client.get(f"/projects/{team['other']}/pay/work").status_code == 404


@pytest.mark.parametrize("fields, words", [
    ({"hours": "-1"}, "from 0 to 24"), ({"hours": "25"}, "from 0 to 24"), ({"minutes": "-5"}, "from 0 to 55"),
    ({"hours": "0", "minutes": "0"}, "more than 0 minutes"), ({"hours": "24", "minutes": "5"}, "24 hours at most"),
    ({"day": "2026-13-45"}, "Choose a day"), ({"day": "3000-01-01"}, "has not come yet"),
    ({"kind": "interview"}, "Choose what kind"), ({"kind": "nonsense"}, "Choose what kind"),
    ({"person": "999999"}, "Choose a person"), ({"person": ""}, "Choose a person"),
])
def test_the_lead_adding_work_with_bad_input_gets_plain_words(app, client, login, team, fields, words):
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work/add"
    good = {"person": str(team["ada"]["id"]), "kind": "training", "day": TODAY, "hours": "1", "minutes": "30"}
    response = client.submit(url, {**good, **fields})
    assert response.status_code == 400 and words in response.soup.text
    with app.app_context():
        assert work.entries(team["project"]) == []


def test_the_lead_adds_confirmed_work_for_a_person(app, client, login, team):
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work/add"
    assert client.submit(url, {"person": str(team["ada"]["id"]), "kind": "training", "day": TODAY,
                               "hours": "1", "minutes": "30", "note": "First aid"}).status_code == 302
    with app.app_context():
        [entry] = work.entries(team["project"])
    assert (entry["person_id"], entry["kind"], entry["minutes"], entry["status"], entry["note"]) == \
        (team["ada"]["id"], "training", 90, "confirmed", "First aid")
    assert client.submit(url, {"person": str(team["zed"]["id"]), "kind": "training", "day": TODAY,
                               "hours": "1", "minutes": "0"}).status_code == 400


def test_writing_makes_one_suggestion_per_ticked_person(app, client, login, team, make):
    qid = make.questionnaire(team["project"], team["lead"])
    login.as_lead(team["lead"])
    assert f"/questionnaires/{qid}/helpers" in client.get(f"/projects/{team['project']}/questionnaires/{qid}").get_data(as_text=True)
    url = f"/projects/{team['project']}/questionnaires/{qid}/helpers"
    response = client.submit(url, {"day": TODAY, "started": "10:30", "hours": "2", "minutes": "0",
                                   "people": [str(team["ada"]["id"]), str(team["ben"]["id"])]})
    assert response.status_code == 302
    with app.app_context():
        entries = work.entries(team["project"])
        [audit] = list(get_db().query("select * from audit_log where action = 'pay.writing'"))
    assert sorted(e["person_id"] for e in entries) == sorted([team["ada"]["id"], team["ben"]["id"]])
    assert {(e["kind"], e["status"], e["minutes"], e["started_at"]) for e in entries} == \
        {("writing", "suggested", 120, f"{TODAY}T10:30:00+00:00")}
    assert all(e["source"].startswith("writing:") and e["detail"] == {"questionnaire_id": qid} for e in entries)
    assert json.loads(audit["detail"])["name"]
    refused = client.submit(url, {"day": TODAY, "started": "10:30", "hours": "1", "minutes": "0",
                                  "people": [str(team["zed"]["id"])]})
    assert refused.status_code == 400 and "Tick people from the list" in refused.soup.text
    other_q = make.questionnaire(team["other"], team["other_lead"])
    assert client.get(f"/projects/{team['project']}/questionnaires/{other_q}/helpers").status_code == 404


def test_a_person_adds_their_own_work_on_the_tablet_and_only_ever_for_themselves(app, client, login, team):
    login.as_tablet_person(team["tablet"], team["ben"])
    assert "/tablet/my-work/add" in client.get("/tablet/home").get_data(as_text=True)
    response = client.submit("/tablet/my-work/add", {"kind": "meeting", "day": TODAY, "hours": "1", "minutes": "15",
                                                     "note": "", "person_id": str(team["ada"]["id"])})
    assert response.status_code == 302
    page = client.get("/tablet/my-work/add")
    assert "Thank you. Lee will check it." in page.soup.text and "1 hour 15 minutes" in page.soup.text
    with app.app_context():
        [entry] = work.entries(team["project"])
    assert (entry["person_id"], entry["added_by"], entry["status"], entry["minutes"]) == \
        (team["ben"]["id"], team["ben"]["id"], "suggested", 75)
    bad = client.submit("/tablet/my-work/add", {"kind": "meeting", "day": "2020-01-01", "hours": "1", "minutes": "0"})
    assert bad.status_code == 400 and "Tap the day" in bad.soup.text


@pytest.mark.parametrize("fields", [
    {"action": "confirm", "entry": ["abc"]}, {"action": "confirm", "entry": ["99999999999999999999999"]},
    {"action": "explode", "entry": ["1"]}, {"action": "confirm"}, {"action": "confirm_person", "person_id": "x"},
])
def test_bad_ticks_get_plain_words_and_change_nothing(app, client, login, team, fields):
    entry_id = suggest(app, team["project"], team["ada"])
    login.as_lead(team["lead"])
    response = client.submit(f"/projects/{team['project']}/pay/work", fields)
    assert response.status_code == 400
    assert "Try again" in response.soup.text or "Tick the ones" in response.soup.text
    assert status_of(app, entry_id)[0] == "suggested"


def test_changing_the_minutes_to_25_hours_is_refused_in_plain_words(app, client, login, team):
    entry_id = suggest(app, team["project"], team["ada"], 30)
    login.as_lead(team["lead"])
    response = client.submit(f"/projects/{team['project']}/pay/work", {
        "action": "minutes", "entry": str(entry_id), f"entry-{entry_id}-hours": "25", f"entry-{entry_id}-minutes": "0"})
    assert response.status_code == 400 and "from 0 to 24" in response.soup.text
    assert status_of(app, entry_id) == ("suggested", 30)


def test_a_person_taken_out_still_shows_to_the_lead_marked(app, client, login, team):
    suggest(app, team["project"], team["ada"])
    with app.test_request_context():
        from peersurvey.people import queries
        queries.take_out_of_project(team["project"], queries.get_person(team["ada"]["id"]), by=team["lead"]["id"])
    login.as_lead(team["lead"])
    page = client.get(f"/projects/{team['project']}/pay/work")
    assert "Ada" in page.soup.text and "No longer in the project" in page.soup.text

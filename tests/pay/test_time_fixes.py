"""Review fixes to time capture: start times and days read exactly (and stored so they read
back), pages that never break on an odd stored time, and interviews timed by a tablet left
open cut to 4 hours with a warning the lead must act on one by one."""
import datetime as dt
import json

import pytest

from peersurvey import db as database
from peersurvey import migrations
from peersurvey.db import get_db, now
from peersurvey.pay import work

from . import test_time_pages as pages
from .test_time_pages import TODAY, status_of, suggest


@pytest.fixture
def team(app, make):
    """The same two projects as test_time_pages.py."""
    return pages.team.__wrapped__(app, make)


@pytest.mark.parametrize("typed, stored", [("10:00", "10:00"), ("10.00", "10:00"), ("9:30", "09:30"),
                                           ("9.30", "09:30"), ("23:59", "23:59")])
def test_a_writing_start_time_is_stored_as_a_real_time(app, client, login, team, make, typed, stored):
    qid = make.questionnaire(team["project"], team["lead"])
    login.as_lead(team["lead"])
    response = client.submit(f"/projects/{team['project']}/questionnaires/{qid}/helpers",
                             {"day": TODAY, "started": typed, "hours": "1", "minutes": "0",
                              "people": [str(team["ada"]["id"])]})
    assert response.status_code == 302
    with app.app_context():
        [entry] = work.entries(team["project"])
    assert entry["started_at"] == f"{TODAY}T{stored}:00+00:00"
    dt.datetime.fromisoformat(entry["started_at"])
    assert client.get(f"/projects/{team['project']}/pay/work").status_code == 200


@pytest.mark.parametrize("typed", ["1000Z", "T1000", "25:00", "10:60", "١٠:٠٠", "10:00:00", "10", "", "10:5"])
def test_a_start_time_that_is_not_hh_mm_gets_plain_words(app, client, login, team, make, typed):
    qid = make.questionnaire(team["project"], team["lead"])
    login.as_lead(team["lead"])
    response = client.submit(f"/projects/{team['project']}/questionnaires/{qid}/helpers",
                             {"day": TODAY, "started": typed, "hours": "1", "minutes": "0",
                              "people": [str(team["ada"]["id"])]})
    assert response.status_code == 400 and "Say when it started, like 10:00." in response.soup.text
    with app.app_context():
        assert work.entries(team["project"]) == []


@pytest.mark.parametrize("day", ["20261106", "2026-W45-5", "2026-11-6", "２０２６-11-06", "2026-11-06T10:00"])
def test_a_day_that_is_not_yyyy_mm_dd_gets_plain_words(app, client, login, team, make, day):
    qid = make.questionnaire(team["project"], team["lead"])
    login.as_lead(team["lead"])
    added = client.submit(f"/projects/{team['project']}/pay/work/add",
                          {"person": str(team["ada"]["id"]), "kind": "meeting", "day": day, "hours": "1",
                           "minutes": "0", "note": ""})
    assert added.status_code == 400 and "Choose a day, like 25/11/2026." in added.soup.text
    helped = client.submit(f"/projects/{team['project']}/questionnaires/{qid}/helpers",
                           {"day": day, "started": "10:00", "hours": "1", "minutes": "0",
                            "people": [str(team["ada"]["id"])]})
    assert helped.status_code == 400 and "Choose a day, like 25/11/2026." in helped.soup.text
    with app.app_context():
        assert work.entries(team["project"]) == []


def test_an_entry_whose_start_does_not_read_never_breaks_the_pages(app, client, login, team):
    entry_id = suggest(app, team["project"], team["ben"], 30, "writing:old")
    with app.app_context():
        get_db().execute("update work_entries set started_at = '2026-11-05T10.00:00+00:00' where id = ?", [entry_id])
        get_db().conn.commit()
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work"
    page = client.get(url)
    assert page.status_code == 200 and "2026-11-05" in page.soup.text
    assert client.submit(url, {"action": "reject", "entry": [str(entry_id)]}).status_code == 302
    assert status_of(app, entry_id)[0] == "rejected"
    assert client.get(url).status_code == 200          # in "Checked this month" too
    assert client.submit(url, {"action": "undo", "entry": str(entry_id)}).status_code == 302
    login.as_tablet_person(team["tablet"], team["ben"])
    mine = client.get("/tablet/my-work/add")
    assert mine.status_code == 200 and "2026-11-05" in mine.soup.text


def test_an_interview_left_open_for_days_is_cut_to_4_hours_and_confirmed_only_on_its_own(app, client, login,
                                                                                           team, make):
    version = make.questionnaire(team["project"], team["lead"])
    long_one = make.interview(team["project"], version, team["ada"], finished_at="2026-11-28T10:00:00+00:00")
    make.interview(team["project"], version, team["ada"])        # 20 minutes, as usual
    with app.app_context():
        entries = {e["source"]: e for e in work.entries(team["project"])}
    capped = entries[f"interview:{long_one}"]
    assert (capped["minutes"], capped["detail"]) == (240, {"tablet_minutes": 4320})
    assert [e["detail"] for e in entries.values() if e["minutes"] == 20] == [{}]
    login.as_lead(team["lead"])
    url = f"/projects/{team['project']}/pay/work"
    page = client.get(url)
    assert "The tablet says this took 72 hours. Check the time." in page.soup.text
    assert "This button does not confirm work with a time warning." in page.soup.text
    assert client.submit(url, {"action": "confirm_person", "person_id": str(team["ada"]["id"])}).status_code == 302
    assert status_of(app, capped["id"]) == ("suggested", 240), "left for the lead to confirm on its own"
    with app.app_context():
        assert [e["status"] for e in work.entries(team["project"]) if e["minutes"] == 20] == ["confirmed"]
    assert client.submit(url, {"action": "minutes", "entry": str(capped["id"]), f"entry-{capped['id']}-hours": "1",
                               f"entry-{capped['id']}-minutes": "5"}).status_code == 302
    assert status_of(app, capped["id"]) == ("confirmed", 65)


def test_m017_cuts_old_interview_suggestions_and_starts_coding_time_at_10_minutes_at_most(tmp_path):
    path = str(tmp_path / "old.db")
    old = database.connect(path)
    migrations.steps.apply(old, stop_before="m017_pay_time")
    old.execute("pragma foreign_keys = off")
    at = "2026-11-05T10:00:00+00:00"
    for source, minutes, status in [("interview:a", 4320, "suggested"), ("interview:b", 30, "suggested"),
                                    ("interview:c", 600, "confirmed"), ("session:1", 301, "suggested")]:
        old["work_entries"].insert({"project_id": 1, "person_id": 1, "kind": source.split(":")[0].replace(
            "session", "coding"), "started_at": at, "minutes": minutes, "source": source, "status": status,
            "added_at": at})
    old["session_attendance"].insert_all([
        {"session_id": 1, "person_id": 1, "project_id": 1, "joined_at": at, "last_seen_at": "2026-11-05T15:01:00+00:00"},
        {"session_id": 1, "person_id": 2, "project_id": 1, "joined_at": at, "last_seen_at": "2026-11-05T10:04:00+00:00"}])
    old.conn.commit()
    old.close()
    database.migrate(path)
    new = database.connect(path)
    rows = {r["source"]: (r["minutes"], r["status"], r["detail"]) for r in new.query("select * from work_entries")}
    assert rows == {"interview:a": (240, "suggested", json.dumps({"tablet_minutes": 4320})),
                    "interview:b": (30, "suggested", None), "interview:c": (600, "confirmed", None),
                    "session:1": (301, "suggested", None)}
    assert [r["active_seconds"] for r in new.query(
        "select active_seconds from session_attendance order by person_id")] == [600, 240]
    new.close()


def test_the_interview_trigger_keeps_short_interviews_as_they_were(app, make, team):
    version = make.questionnaire(team["project"], team["lead"])
    make.interview(team["project"], version, team["ada"], finished_at="2026-11-25T14:00:00+00:00")   # 4 hours
    make.interview(team["project"], version, team["ada"], finished_at="2026-11-25T09:00:00+00:00")   # before start
    with app.app_context():
        got = sorted((e["minutes"], e["detail"]) for e in work.entries(team["project"]))
        assert got == [(0, {}), (240, {})]
        assert get_db().execute("select count(*) from work_entries where added_at > ?", [now()]).fetchone()[0] == 0


def test_in_welsh_a_coding_session_is_sesiwn_ddidoli_as_on_the_statement(app, client, login, team):
    suggest(app, team["project"], team["ada"], 30, "session:1")
    login.as_lead(team["lead"])
    client.get("/language/cy")
    text = client.get(f"/projects/{team['project']}/pay/work").soup.text
    assert "Sesiwn ddidoli" in text and "sesiynau didoli" in text
    assert "godio" not in text and "sesiynau codio" not in text

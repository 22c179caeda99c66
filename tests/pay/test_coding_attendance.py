"""Coding sessions record who took part, from joining to last seen, as one suggestion each."""
import json

import pytest

from peersurvey.db import get_db
from peersurvey.theme import attendance, sessions

from ..theme.conftest import build_coding_world

ISO = "%Y-%m-%dT%H:%M:%S+00:00"
FILTERS = {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False}


@pytest.fixture(autouse=True)
def fresh_memory():
    attendance.forget()
    yield
    attendance.forget()


@pytest.fixture
def group(app, make):
    world = build_coding_world(make)
    with app.test_request_context():
        world["session"] = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                          FILTERS)
        world["code"] = sessions.get(world["project"], world["session"])["join_code"]
    world["base"] = f"/projects/{world['project']}/coding/sessions/{world['session']}"
    return world


def attendance_of(app, session_id):
    with app.app_context():
        return {row["person_id"]: row for row in get_db().query(
            "select * from session_attendance where session_id = ?", [session_id])}


def coding_entries(app, session_id):
    with app.app_context():
        return {row["person_id"]: row for row in get_db().query(
            "select * from work_entries where source = ?", [f"session:{session_id}"])}


def hours_ago(app, session_id, person_id, hours):
    """Make hours pass: the person joined (and was last seen) this long ago."""
    with app.app_context():
        db = get_db()
        db.execute(f"""update session_attendance set joined_at = strftime('{ISO}', joined_at, '-{hours} hours'),
                       last_seen_at = strftime('{ISO}', last_seen_at, '-{hours} hours')
                       where session_id = ? and person_id = ?""", [session_id, person_id])
        db.conn.commit()


def test_a_coder_joining_by_code_is_recorded_with_one_suggestion(app, client, login, group):
    sam = group["coders"][0]
    login.as_tablet_person(group["tablet"], sam)
    assert client.submit("/coding/join", {"code": group["code"]}).status_code == 302
    [row] = attendance_of(app, group["session"]).values()
    assert (row["person_id"], row["project_id"]) == (sam["id"], group["project"])
    [entry] = coding_entries(app, group["session"]).values()
    assert (entry["kind"], entry["status"], entry["minutes"]) == ("coding", "suggested", 0)
    assert json.loads(entry["detail"]) == {"session_id": group["session"]}


def last_seen_ago(app, session_id, person_id, minutes):
    """Make time pass: the person was last seen this many minutes ago."""
    with app.app_context():
        db = get_db()
        db.execute(f"""update session_attendance set last_seen_at = strftime('{ISO}', 'now', '-{minutes} minutes'),
                       joined_at = min(joined_at, strftime('{ISO}', 'now', '-{minutes} minutes'))
                       where session_id = ? and person_id = ?""", [session_id, person_id])
        db.conn.commit()


def test_only_time_while_there_counts_not_the_gaps_away(app, client, login, group):
    sam = group["coders"][0]
    login.as_tablet_person(group["tablet"], sam)
    client.submit("/coding/join", {"code": group["code"]})

    def seen_after(minutes):
        last_seen_ago(app, group["session"], sam["id"], minutes)
        attendance.forget()          # a minute and more has passed since the last write
        assert client.get(f"{group['base']}?fragment=1").status_code == 200
        return coding_entries(app, group["session"])[sam["id"]]["minutes"]

    assert seen_after(8) == 8
    assert seen_after(10) == 18, "a gap of 10 minutes still counts"
    assert seen_after(281) == 18, "away for hours (a tap at 15:01 after 10:20) adds nothing"
    assert seen_after(3 * 24 * 60) == 18, "a session used again days later adds nothing"
    assert seen_after(2) == 20
    row = attendance_of(app, group["session"])[sam["id"]]
    assert row["active_seconds"] == 20 * 60 and row["last_seen_at"] > row["joined_at"]
    last_seen_ago(app, group["session"], sam["id"], 5)
    assert client.submit("/coding/join", {"code": group["code"]}).status_code == 302
    assert coding_entries(app, group["session"])[sam["id"]]["minutes"] == 20, "joining again counts 0"


def test_a_forged_button_post_records_nobody(app, client, login, group):
    sam = group["coders"][0]
    login.as_tablet_person(group["tablet"], sam)
    client.submit("/coding/join", {"code": group["code"]})
    last_seen_ago(app, group["session"], sam["id"], 5)
    before = attendance_of(app, group["session"])[sam["id"]]
    attendance.forget()
    # The app-wide CSRF check stops this first; turned off here so the view's own form check,
    # which must come before anything is written, is what is tested.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    response = client.post(f"{group['base']}/vote", data={"answer_id": "x"})   # no CSRF token
    assert response.status_code == 302      # back to the screen, saying to try again
    assert attendance_of(app, group["session"])[sam["id"]] == before
    assert coding_entries(app, group["session"])[sam["id"]]["minutes"] == 0


def test_fetches_within_a_minute_do_not_write_again(app, client, login, group):
    sam = group["coders"][0]
    login.as_tablet_person(group["tablet"], sam)
    client.submit("/coding/join", {"code": group["code"]})
    hours_ago(app, group["session"], sam["id"], 1)
    for _ in range(5):
        assert client.get(f"{group['base']}?fragment=1").status_code == 200
    assert coding_entries(app, group["session"])[sam["id"]]["minutes"] == 0, "no write within the minute"


def test_the_lead_driving_the_big_screen_is_recorded(app, client, login, group):
    login.as_lead(group["lead"])
    assert client.get(f"{group['base']}/big").status_code == 200
    assert group["lead"]["id"] in attendance_of(app, group["session"])
    assert coding_entries(app, group["session"])[group["lead"]["id"]]["kind"] == "coding"


def test_a_coder_coding_alone_is_recorded(app, client, login, group):
    sam = group["coders"][0]
    with app.test_request_context():
        own = sessions.start(group["project"], group["questionnaire"], sam["id"], "own", FILTERS)
    login.as_tablet_person(group["tablet"], sam)
    assert client.get(f"/projects/{group['project']}/coding/sessions/{own}").status_code == 200
    assert list(attendance_of(app, own)) == [sam["id"]]


def test_a_checked_entry_keeps_its_minutes(app, client, login, group):
    sam = group["coders"][0]
    login.as_tablet_person(group["tablet"], sam)
    client.submit("/coding/join", {"code": group["code"]})
    with app.app_context():
        get_db().execute("update work_entries set status = 'confirmed', minutes = 45 where source = ?",
                         [f"session:{group['session']}"])
        get_db().conn.commit()
    hours_ago(app, group["session"], sam["id"], 3)
    attendance.forget()
    client.get(f"{group['base']}?fragment=1")
    entry = coding_entries(app, group["session"])[sam["id"]]
    assert (entry["status"], entry["minutes"]) == ("confirmed", 45)
    assert attendance_of(app, group["session"])[sam["id"]]["last_seen_at"] > \
        attendance_of(app, group["session"])[sam["id"]]["joined_at"]


def test_an_ended_session_records_nobody(app, client, login, group):
    with app.test_request_context():
        sessions.end(sessions.get(group["project"], group["session"]))
    login.as_lead(group["lead"])
    client.get(f"{group['base']}/big")
    assert attendance_of(app, group["session"]) == {}

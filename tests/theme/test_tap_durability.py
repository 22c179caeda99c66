"""A tap in a coding session is committed without waiting for the disk (db.writing's
wait_for_disk=False); every other write waits for it, above all an interview a tablet is
told is stored. That a tap survives the server being killed just after is
tests/test_fault_matrix.py's tap.after_commit."""
import contextlib
import re

from peersurvey.db import get_db
from tests.collect.conftest import answer, interview

from ..pages import csrf_token
from .session_helpers import press, start

SETTING = re.compile(r"PRAGMA synchronous = (\w+)", re.IGNORECASE)
LEVELS = ["OFF", "NORMAL", "FULL", "EXTRA"]


@contextlib.contextmanager
def commits(app):
    """[the synchronous setting in force at each COMMIT] on the connection the test client's
    requests use (db.get_db keeps one per thread, and they run on this one)."""
    with app.app_context():
        conn = get_db().conn
    setting, seen = [LEVELS[conn.execute("PRAGMA synchronous").fetchone()[0]]], []

    def heard(sql):
        found = SETTING.match(sql.strip())
        if found:
            setting[0] = found.group(1).upper()
        elif sql.strip().upper() == "COMMIT":
            seen.append(setting[0])
    conn.set_trace_callback(heard)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def test_a_tap_does_not_wait_for_the_disk_and_what_comes_after_it_does(app, client, login, coding, make):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    token = csrf_token(client.get(base).get_data(as_text=True))   # opening it notes who came: on disk

    def tap(button, **fields):
        with commits(app) as seen:
            reply = client.post(f"{base}/{button}", data={"csrf_token": token, **fields}, headers={"X-Live": "1"})
        assert reply.status_code == 200 and "notice--error" not in reply.get_data(as_text=True)
        return seen
    first, second = coding["answers"][:2]
    assert tap("tag", answer_id=first, theme_id=money, given=1) == ["NORMAL"]
    assert tap("move", answer_id=first, to="next") == ["NORMAL"]
    assert tap("tag", answer_id=second, theme_id=money, given=1) == ["NORMAL"]
    assert tap("new-theme", answer_id=second, words="Friends") == ["FULL"], "a new theme is the codebook's"


def test_an_interview_sent_after_a_tap_waits_for_the_disk(app, client, login, coding, make):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    press(client, coding, session_id, "tag", answer_id=coding["answers"][0], theme_id=money, given=1)
    interviewer = make.member(coding["project"], "Rhys", ("interviewer",))
    make.signed_in_on(coding["tablet"], interviewer)
    item = interview({"version": coding["interviews"][0]["questionnaire_version"], "interviewer": interviewer},
                     [answer("money_not_good", "The bus does not come.")], participant_code="CODE99")
    with commits(app) as seen:
        reply = client.post("/api/v1/sync", json={"interviews": [item]},
                            headers={"Authorization": f"Bearer {coding['tablet']['token']}"})
    assert reply.status_code == 200 and reply.get_json()["results"][0]["result"] == "stored", reply.get_json()
    assert seen and set(seen) == {"FULL"}

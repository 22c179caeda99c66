"""A tap in a coding session is committed without waiting for the disk (db.writing's
wait_for_disk=False); every other write waits for it, above all an interview a tablet is
told is stored. That a tap survives the server being killed just after is
tests/test_fault_matrix.py's tap.after_commit."""
import contextlib
import re
import sqlite3
import threading

from peersurvey.db import Busy, get_db, writing
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
    assert tap("undo") == ["FULL"], "undo can take back a new theme"


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


def test_a_tap_whose_commit_fails_leaves_nothing_behind(app):
    """A COMMIT can fail and leave the transaction open (a deferred constraint here, as
    SQLITE_BUSY at COMMIT would): the tap's error is what is raised, the connection kept for
    the next request is back to waiting for the disk, and other writers are not locked out."""
    app.config["BUSY_SECONDS"] = 1
    with app.app_context():
        db = get_db()
        db.execute("create temp table parents (id integer primary key)")
        db.execute("create temp table children (parent integer references parents (id) "
                   "deferrable initially deferred)")
        try:
            with writing(db, wait_for_disk=False):
                db.execute("insert into children values (1)")      # refused only at COMMIT
        except sqlite3.Error as error:
            raised = error
    with app.app_context():             # this thread's next request: the connection it kept
        setting = LEVELS[get_db().execute("PRAGMA synchronous").fetchone()[0]]
    others = []

    def elsewhere():
        with app.app_context():
            try:
                with writing(get_db()) as other:
                    other.execute("update projects set name = name")
                others.append("wrote")
            except Busy:
                others.append("waited in vain")
    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert (type(raised), setting, others) == (sqlite3.IntegrityError, "FULL", ["wrote"])

"""The fault matrix: the real server is killed (SIGKILL) at named points (peersurvey/faults.py)
during a sync, a withdrawal, a coding tap and a builder save; it is started again and the
tablet or page does what it does after a failed request, which is to send again. Nothing is
lost, nothing is doubled, nothing withdrawn comes back, and `PRAGMA integrity_check` is ok."""
import json
import sqlite3

import pytest

from peersurvey.faults import ENV
from peersurvey.prepare import questionnaires
from peersurvey.theme import sessions

from .browser.conftest import LiveServer
from .collect.conftest import DEMO, interview
from .theme.conftest import build_coding_world
from .together import Visitor, request


def crashing_at(monkeypatch, folder, point):
    """A server that kills itself at `point`; the test process itself never does."""
    monkeypatch.setenv(ENV, point)
    try:
        return LiveServer(folder)
    finally:
        monkeypatch.delenv(ENV)


def died(server):
    assert server.process.wait(timeout=30) == -9, "the server was killed at the crash point"
    server.log.close()


def checked(database):
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return conn
    except BaseException:
        conn.close()
        raise


def scalar(database, sql, params=()):
    conn = checked(database)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def world(tmp_path):
    """A server with a project, a lead, an interviewer signed in on a tablet, and the demo
    questionnaire published; stopped at the end, whichever server is running then."""
    server = LiveServer(tmp_path)
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Faults")
    dewi = make.member(project, "Dewi", ("interviewer",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, dewi)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    server.stop()
    state = dict(folder=tmp_path, database=server.database, lead=lead, project=project, tablet=tablet,
                 questionnaire=qid, field={"version": version, "interviewer": dewi}, servers=[])
    yield state
    for running in state["servers"]:
        if running.process.poll() is None:
            running.stop()


def start(world, monkeypatch, point=None):
    server = crashing_at(monkeypatch, world["folder"], point) if point else LiveServer(world["folder"])
    world["servers"].append(server)
    return server


def sync(server, world, items):
    status, _headers, body = request(server.port, "POST", "/api/v1/sync", {"interviews": items},
                                     {"Authorization": f"Bearer {world['tablet']['token']}"})
    return status, json.loads(body)


def sync_dies(server, world, items):
    with pytest.raises(OSError):   # the connection ends with the server: no answer at all
        sync(server, world, items)
    died(server)


@pytest.mark.parametrize("point", ["sync.before_commit", "sync.after_commit"])
def test_a_sync_killed_at_any_point_is_stored_once_when_the_tablet_sends_again(world, monkeypatch, point):
    items = [interview(world["field"]) for _ in range(20)]
    sync_dies(start(world, monkeypatch, point), world, items)
    stored = scalar(world["database"], "select count(*) from interviews")
    assert stored == (20 if point == "sync.after_commit" else 0), "all of a batch or none of it"
    server = start(world, monkeypatch)
    status, answer = sync(server, world, items)
    assert status == 200
    expected = "already_stored" if point == "sync.after_commit" else "stored"
    assert {r["result"] for r in answer["results"]} == {expected}
    assert {r["result"] for r in sync(server, world, items)[1]["results"]} == {"already_stored"}
    assert scalar(world["database"], "select count(*) from interviews") == 20
    assert scalar(world["database"], "select count(*) from answers") == 20 * len(items[0]["answers"])


@pytest.mark.parametrize("point", ["withdraw.before_commit", "sync.before_commit"])
def test_a_withdrawal_killed_midway_is_done_whole_when_the_lead_tries_again(world, monkeypatch, point):
    """Killed while erasing, or killed while a tablet sends the withdrawn interview again:
    either way nothing withdrawn comes back."""
    theirs, other = interview(world["field"], participant_code="GONE11"), interview(world["field"])
    server = start(world, monkeypatch)
    assert sync(server, world, [theirs, other])[0] == 200
    server.stop()
    page = f"/projects/{world['project']}/interviews/"
    withdraw = f"/projects/{world['project']}/interviews/withdraw"
    server = start(world, monkeypatch, "withdraw.before_commit" if point.startswith("withdraw") else None)
    lead = Visitor(server.port).sign_in(world["lead"]["email"], world["lead"]["password"])
    form = [(k, v) for k, v in lead.form(page, withdraw) if k == "csrf_token"]
    if point.startswith("withdraw"):
        with pytest.raises(OSError):
            lead.post(withdraw, form, code="GONE11", confirm="yes")
        died(server)
        assert scalar(world["database"], "select count(*) from interviews where participant_code = 'GONE11'") == 1, \
            "killed before the commit: nothing was erased"
        server = start(world, monkeypatch)
        lead.port = server.port      # the same browser, its cookies kept, sends the form again
    status, _headers, _body = lead.post(withdraw, form, code="GONE11", confirm="yes")
    assert status == 302
    server.stop()
    # The tablet that never heard "stored" sends both again, and the server dies mid-sync.
    sync_dies(start(world, monkeypatch, "sync.before_commit"), world, [theirs, other])
    server = start(world, monkeypatch)
    status, answer = sync(server, world, [theirs, other])
    assert [r["result"] for r in answer["results"]] == ["withdrawn", "already_stored"]
    assert scalar(world["database"], "select count(*) from interviews where participant_code = 'GONE11'") == 0
    assert scalar(world["database"], "select count(*) from answers where interview_id = ?", [theirs["id"]]) == 0
    assert scalar(world["database"], "select count(*) from interviews") == 1


@pytest.mark.parametrize("point", ["tap.before_commit", "tap.after_commit"])
def test_a_coding_tap_killed_at_any_point_is_there_once_when_the_screen_taps_again(world, monkeypatch, point):
    server = start(world, monkeypatch)
    coding = build_coding_world(server.make, "Tapping", lead=world["lead"])
    with server.make.app.test_request_context():
        session_id = sessions.start(coding["project"], coding["questionnaire"], coding["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    theme = server.make.theme(coding["project"], coding["lead"])
    server.stop()
    answer = coding["answers"][0]
    server = start(world, monkeypatch, point)
    screen = Visitor(server.port).sign_in(coding["lead"]["email"], coding["lead"]["password"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    form = screen.form(base, f"{base}/tag")
    with pytest.raises(OSError):
        screen.post(f"{base}/tag", form, theme_id=theme, answer_id=answer, given="1")
    died(server)
    codings = "select count(*) from codings where answer_id = ? and theme_id = ? and owner = 0"
    assert scalar(world["database"], codings, [answer, theme]) == (1 if point == "tap.after_commit" else 0)
    server = start(world, monkeypatch)
    screen.port = server.port
    status, _headers, _body = screen.post(f"{base}/tag", form, theme_id=theme, answer_id=answer, given="1")
    assert status < 400
    assert scalar(world["database"], codings, [answer, theme]) == 1
    assert scalar(world["database"], "select count(*) from coding_log where answer_id = ? and theme_id = ? "
                                     "and action = 'tag'", [answer, theme]) == 1, "the tag is logged once"


@pytest.mark.parametrize("point", ["builder.before_commit", "builder.after_commit"])
def test_a_builder_save_killed_at_any_point_adds_one_question_when_the_page_is_sent_again(world, monkeypatch, point):
    server = start(world, monkeypatch)
    make = server.make
    qid = make.questionnaire(world["project"], world["lead"])
    server.stop()
    draft = "select revision, document from questionnaire_versions where questionnaire_id = ? and status = 'draft'"

    def questions():
        conn = checked(world["database"])
        try:
            revision, document = conn.execute(draft, [qid]).fetchone()
            return revision, [q["key"] for q in json.loads(document)["questions"]]
        finally:
            conn.close()
    before = questions()
    server = start(world, monkeypatch, point)
    lead = Visitor(server.port).sign_in(world["lead"]["email"], world["lead"]["password"])
    overview = f"/projects/{world['project']}/questionnaires/{qid}"
    add = f"{overview}/questions/new"
    form = lead.form(overview, add)
    with pytest.raises(OSError):
        lead.post(add, form, kind="free_text")
    died(server)
    after_crash = questions()
    if point == "builder.before_commit":
        assert after_crash == before, "killed before the commit: nothing was saved"
    else:
        assert after_crash[0] == before[0] + 1 and len(after_crash[1]) == len(before[1]) + 1
    server = start(world, monkeypatch)
    lead.port = server.port          # the browser sends the same form again
    status, _headers, _body = lead.post(add, form, kind="free_text")
    assert status in (302, 303)
    revision, keys = questions()
    assert len(keys) == len(before[1]) + 1, "one question added, never two"
    assert revision == before[0] + 1

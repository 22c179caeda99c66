"""The server keeps answering under load, against the real `peersurvey serve`: many tablets
sending and people signing in at the same moment (no 500, everything stored once), one
client holding many idle connections (pages still answer, idle ones are closed, live
screens are not), and live screens that cannot all be taken by one person and give their
places back within seconds of going away."""
import http.client
import json
import socket
import time
from collections import Counter

import pytest

from peersurvey.db import connect
from peersurvey.prepare import questionnaires
from peersurvey.theme import sessions

from .browser.conftest import LiveServer
from .collect.conftest import DEMO, interview
from .theme.conftest import build_coding_world
from .together import Visitor, at_once, request
from .test_write_races import on_tablet

TABLETS = 60
BATCH = 20           # interviews in one sync, as the tablet app sends them (static/collect/sync.js)
ROUNDS = 4           # syncs each tablet sends in a row: writers keep meeting for several seconds
PATIENCE = 30        # a generous socket timeout: these tests measure answers, not speed


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("load"))
    yield server
    server.stop()


def published(make, lead, project):
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        return questionnaires.latest_published(qid)["id"]


def test_many_tablets_sending_and_people_signing_in_at_once_all_wait_their_turn(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Busy day")
    version = published(make, lead, project)
    tablets, outboxes = [], []
    for n in range(TABLETS):
        person = make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580")
        tablet = make.tablet(project, lead, f"Tablet {n}")
        make.signed_in_on(tablet, person)
        tablets.append((tablet, person))
        outboxes.append([[interview({"version": version, "interviewer": person}) for _ in range(BATCH)]
                         for _ in range(ROUNDS)])

    def sync(tablet, batch):
        status, _headers, body = request(server.port, "POST", "/api/v1/sync", {"interviews": batch},
                                         {"Authorization": f"Bearer {tablet['token']}"}, timeout=120)
        return status, [r["result"] for r in json.loads(body)["results"]] if status == 200 else body

    def send_outbox(tablet, outbox):      # one batch after another, as the tablet app does
        return [sync(tablet, batch) for batch in outbox]

    def sign_in(tablet, person):
        visitor = Visitor(server.port)
        visitor.cookies["peersurvey_tablet"] = tablet["token"]
        return [(visitor.submit(f"/tablet/people/{person['id']}", pin=person["pin"])[0], None)]

    calls = [lambda t=t, o=o: send_outbox(t, o) for (t, _p), o in zip(tablets, outboxes)] + \
            [lambda t=t, p=p: sign_in(t, p) for t, p in tablets[:20]]
    results = at_once(calls)
    failed = [r for r in results if isinstance(r, Exception)]
    assert not failed, failed
    statuses = [status for answers in results for status, _said in answers]
    assert not [s for s in statuses if s >= 500], f"server errors or 'busy' under load: {Counter(statuses)}"
    assert results[:TABLETS] == [[(200, ["stored"] * BATCH)] * ROUNDS] * TABLETS, "every batch stored"
    assert statuses[TABLETS * ROUNDS:] == [302] * 20, "everyone signed in"
    for (tablet, _person), outbox in zip(tablets, outboxes):     # sent again, as a tablet that
        assert sync(tablet, outbox[0]) == (200, ["already_stored"] * BATCH)     # missed the answer
    db = connect(server.database)
    try:
        stored = db.execute("""select count(distinct i.id), count(a.id) from interviews i
                               join answers a on a.interview_id = i.id where i.project_id = ?""",
                            [project]).fetchone()
    finally:
        db.close()
    sent = [item for outbox in outboxes for batch in outbox for item in batch]
    assert stored == (len(sent), sum(len(item["answers"]) for item in sent)), \
        "every interview and answer stored once"


def test_a_client_holding_many_idle_connections_does_not_stop_pages_answering(server):
    idle = []
    try:
        for _ in range(150):       # more than waitress's own limit of 100
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE))
        try:
            status, _headers, _body = request(server.port, "GET", "/signin", timeout=PATIENCE)
        except TimeoutError:
            pytest.fail(f"no page answered within {PATIENCE} seconds while 150 connections sat idle")
        assert status == 200, "a page still answers while 150 connections sit idle"
    finally:
        for sock in idle:
            sock.close()


def open_stream(port, visitor, path):
    """A live screen: the stream's headers read, the connection kept open. (status, response, connection)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
    conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
    response = conn.getresponse()
    if response.status != 200:
        response.read()
        conn.close()
    return response.status, response, conn


def coding_session(server, name):
    """A group session and two coders signed in on the project's tablet: (events path, Sam, Ffion)."""
    make = server.make
    coding = build_coding_world(make, name)
    with make.app.test_request_context():
        session_id = sessions.start(coding["project"], coding["questionnaire"], coding["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    events = f"/projects/{coding['project']}/coding/sessions/{session_id}/events"
    return (events, on_tablet(server, coding["tablet"], coding["coders"][0]),
            on_tablet(server, coding["tablet"], coding["coders"][1]))


def test_one_coder_cannot_take_every_live_place(server):
    events, sam, ffion = coding_session(server, "Live places")
    opened = []
    try:
        for _ in range(3):        # PEERSURVEY_LIVE_STREAMS_PER_PERSON's default
            opened.append(open_stream(server.port, sam, events))
        assert [status for status, _r, _c in opened] == [200, 200, 200]
        assert open_stream(server.port, sam, events)[0] == 204, "past their own cap, Sam's screen polls"
        assert open_stream(server.port, sam, events)[0] == 204
        opened.append(open_stream(server.port, ffion, events))
        assert opened[-1][0] == 200, "another coder still gets a live place"
    finally:
        for _status, _response, conn in opened:
            conn.close()


def test_a_screen_that_goes_away_gives_its_live_place_back_within_seconds(server):
    events, sam, _ffion = coding_session(server, "Places come back")
    opened = [open_stream(server.port, sam, events) for _ in range(3)]
    try:
        assert [status for status, _r, _c in opened] == [200, 200, 200]
        assert open_stream(server.port, sam, events)[0] == 204
        opened.pop()[2].close()          # one of Sam's screens goes away, saying nothing
        deadline = time.monotonic() + 15
        while True:                      # until the server notices, Sam's next screen polls
            status, response, conn = open_stream(server.port, sam, events)
            if status == 200:
                opened.append((status, response, conn))
                break
            assert time.monotonic() < deadline, "the place did not come back within 15 seconds"
            time.sleep(0.2)              # a poll's pace, as a screen's own polling has
    finally:
        for _status, _response, conn in opened:
            conn.close()


def test_idle_connections_are_closed_but_live_screens_are_not(tmp_path):
    idle_seconds = 2
    server = LiveServer(tmp_path, {"PEERSURVEY_IDLE_CONNECTION_SECONDS": str(idle_seconds)})
    try:
        events, sam, _ffion = coding_session(server, "Idle connections")
        status, stream, conn = open_stream(server.port, sam, events)
        assert status == 200
        opened = time.monotonic()
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE)
        try:
            said = idle.recv(1)          # returns when the server closes it
        except ConnectionResetError:
            said = b""
        except TimeoutError:
            pytest.fail(f"an idle connection was still open after {PATIENCE} seconds")
        finally:
            idle.close()
        assert said == b"", "the server closed the connection that sent nothing"
        heard = []
        while time.monotonic() - opened < 3 * idle_seconds:
            line = stream.readline()
            assert line, "the live screen's stream was cut"
            heard.append(line)
        assert b": still here\n" in heard
        conn.close()
    finally:
        server.stop()

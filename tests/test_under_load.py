"""The server keeps answering under load, against the real `peersurvey serve`: many tablets
sending and people signing in at the same moment (no 500, everything stored once), one
client holding many idle connections (pages still answer), and live screens that cannot all
be taken by one person and give their places back within seconds of going away."""
import http.client
import json
import socket
import time

import pytest

from peersurvey.prepare import questionnaires
from peersurvey.theme import sessions

from .browser.conftest import LiveServer
from .collect.conftest import DEMO, interview
from .theme.conftest import build_coding_world
from .together import Visitor, at_once, request
from .test_write_races import on_tablet

TABLETS = 60


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


def test_many_tablets_sending_and_people_signing_in_at_once_get_no_server_error(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Busy day")
    version = published(make, lead, project)
    tablets, sends = [], []
    for n in range(TABLETS):
        person = make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580")
        tablet = make.tablet(project, lead, f"Tablet {n}")
        make.signed_in_on(tablet, person)
        items = [interview({"version": version, "interviewer": person}) for _ in range(5)]
        tablets.append((tablet, person))
        sends.append((tablet, items))

    def sync(tablet, items):
        return request(server.port, "POST", "/api/v1/sync", {"interviews": items},
                       {"Authorization": f"Bearer {tablet['token']}"})[0]

    def sign_in(tablet, person):
        visitor = Visitor(server.port)
        visitor.cookies["peersurvey_tablet"] = tablet["token"]
        return visitor.submit(f"/tablet/people/{person['id']}", pin=person["pin"])[0]

    calls = [lambda t=t, i=i: sync(t, i) for t, i in sends] + \
            [lambda t=t, p=p: sign_in(t, p) for t, p in tablets[:20]]
    results = at_once(calls)
    failed = [r for r in results if isinstance(r, Exception)]
    assert not failed, failed
    assert all(status < 500 for status in results), sorted(results)
    assert results[:TABLETS] == [200] * TABLETS, "writes waited their turn"
    assert results[TABLETS:] == [302] * 20
    for tablet, items in sends:      # sent again: stored once
        assert sync(tablet, items) == 200
    with make.app.app_context():
        from peersurvey.db import get_db
        stored = get_db().execute("select count(*) from interviews where project_id = ?", [project]).fetchone()[0]
    assert stored == TABLETS * 5


def test_a_client_holding_many_idle_connections_does_not_stop_pages_answering(server):
    idle = []
    try:
        for _ in range(150):       # more than waitress's default limit of 100
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        status, _headers, _body = request(server.port, "GET", "/", timeout=20)
        assert status == 200, "a page still answers while 150 connections sit idle"
    finally:
        for sock in idle:
            sock.close()


def open_stream(port, visitor, path):
    """A live screen: the stream's headers read, the connection kept open. (status, connection)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
    conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
    response = conn.getresponse()
    if response.status != 200:
        response.read()
        conn.close()
    return response.status, conn


def test_one_person_cannot_take_every_live_place_and_places_come_back(server):
    make = server.make
    coding = build_coding_world(make, "Live places")
    with make.app.test_request_context():
        session_id = sessions.start(coding["project"], coding["questionnaire"], coding["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    events = f"/projects/{coding['project']}/coding/sessions/{session_id}/events"
    sam = on_tablet(server, coding["tablet"], coding["coders"][0])
    ffion = on_tablet(server, coding["tablet"], coding["coders"][1])
    opened = [open_stream(server.port, sam, events) for _ in range(3)]
    try:
        assert [status for status, _conn in opened] == [200, 200, 200]
        assert open_stream(server.port, sam, events)[0] == 204, "past their own cap, Sam's screen polls"
        status, other = open_stream(server.port, ffion, events)
        assert status == 200, "another coder still gets a live place"
        other.close()
        opened.pop()[1].close()          # one of Sam's screens goes away
        deadline = time.monotonic() + 20
        while True:                      # the place comes back once the stream notices
            status, conn = open_stream(server.port, sam, events)
            if status == 200:
                opened.append((status, conn))
                break
            assert time.monotonic() < deadline, "the place did not come back within 20 seconds"
            time.sleep(0.5)
    finally:
        for _status, conn in opened:
            conn.close()

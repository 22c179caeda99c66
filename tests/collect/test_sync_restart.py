"""The real server process is killed in the middle of a sync and started again; the tablet
sends everything again: nothing lost, nothing doubled."""
import http.client
import json
import os
import signal
import threading
import time

from peersurvey.db import connect
from peersurvey.prepare import questionnaires

from ..browser.conftest import LiveServer
from .conftest import DEMO, interview


def send(port, token, body, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/api/v1/sync", body, {"Authorization": f"Bearer {token}",
                                                    "Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_killing_the_server_mid_sync_loses_nothing_and_doubles_nothing(tmp_path):
    server = LiveServer(tmp_path)
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Restart")
    dewi = make.member(project, "Dewi", ("interviewer",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, dewi)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    field = {"version": version, "interviewer": dewi}
    batches = []
    # Kill at several moments: while the body is arriving, while it is checked, as it is
    # written. Whatever the moment, the tablet sends the batch again after the restart.
    for delay in (0.0, 0.005, 0.01, 0.02, 0.04):
        body = json.dumps({"interviews": [interview(field) for _ in range(100)]})
        batches.append(body)
        errors = []
        worker = threading.Thread(target=lambda: _try(send, errors, server.port, tablet["token"], body))
        worker.start()
        time.sleep(delay)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        worker.join()
        server.log.close()
        before = _count(server.database)
        assert before % 100 == 0, "a sync is one transaction: all of a batch or none of it"
        print(f"killed after {delay * 1000:.0f} ms: {before} interviews stored")
        server = LiveServer(tmp_path)
        status, answer = send(server.port, tablet["token"], body)
        assert status == 200 and {r["result"] for r in answer["results"]} <= {"stored", "already_stored"}
    try:
        for body in batches:
            status, again = send(server.port, tablet["token"], body)
            assert {r["result"] for r in again["results"]} == {"already_stored"}
    finally:
        server.stop()
    db = connect(server.database)
    assert db["interviews"].count == 100 * len(batches)
    per_interview = {r["n"] for r in db.query("select count(*) as n from answers group by interview_id")}
    assert per_interview == {len(interview(field)["answers"])}


def _count(database):
    db = connect(database)
    try:
        return db.execute("select count(*) from interviews").fetchone()[0]
    finally:
        db.close()


def _try(function, errors, *args):
    try:
        function(*args)
    except Exception as error:     # the connection dies with the server: expected
        errors.append(error)

"""Parts of a recording sent at the same moment, as a tablet on a weak signal does when it
retries while an earlier try is still going: real PUTs released together by a barrier,
against the real server process. Each part is stored once."""
import hashlib
import json
import uuid

import pytest

from peersurvey.db import connect
from peersurvey.prepare import questionnaires

from .browser.conftest import LiveServer
from .collect.conftest import DEMO, answer
from .collect.recording_helpers import announce, sound
from .together import at_once, request

ROUNDS = 4      # recordings, each raced by TRIES requests per part
TRIES = 6


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("recording-races"))
    yield server
    server.stop()


def field(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Races")
    interviewer = make.member(project, "Dewi")
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    return {"project": project, "version": version, "interviewer": interviewer, "headers": {"Authorization": f"Bearer {tablet['token']}"}}


def send_interview(server, world, rec):
    item = {"id": str(uuid.uuid4()), "questionnaire_version": world["version"],
            "interviewer": world["interviewer"]["id"], "participant_code": "RACE01", "language": "en",
            "started_at": "2026-11-25T10:00:00+00:00", "finished_at": "2026-11-25T10:20:00+00:00",
            "consent": True, "record_voice": True,
            "answers": [dict(answer("money_not_good", ""), recordings=[rec])]}
    status, _headers, body = request(server.port, "POST", "/api/v1/sync", {"interviews": [item]}, world["headers"])
    assert status == 200 and json.loads(body)["results"][0]["result"] == "stored"


def test_the_same_part_sent_at_once_is_stored_once(server):
    world = field(server)
    sounds = [sound(1.0 + n / 10) for n in range(ROUNDS)]
    recs = [announce(data) for data in sounds]
    for rec in recs:
        send_interview(server, world, rec)
    headers = {**world["headers"], "Content-Type": "application/octet-stream"}

    def part(rec, data, start, end):
        return lambda: request(server.port, "PUT", f"/api/v1/recordings/{rec['id']}?offset={start}",
                               data[start:end], headers)

    halves = [(0, len(d) // 2, len(d)) for d in sounds]
    first = at_once([part(rec, data, 0, half) for rec, data, (_s, half, _e) in zip(recs, sounds, halves)
                     for _ in range(TRIES)])
    assert {r[0] for r in first} == {200}, first
    assert {json.loads(r[2])["received"] for r in first} == {h for _s, h, _e in halves}
    second = at_once([part(rec, data, half, end) for rec, data, (_s, half, end) in zip(recs, sounds, halves)
                      for _ in range(TRIES)])
    assert {r[0] for r in second} == {200}, second
    assert all(json.loads(r[2])["complete"] for r in second)
    db = connect(server.database)
    try:
        for rec, data in zip(recs, sounds):
            [(media,)] = db.execute("select media from recordings where id = ?", [rec["id"]]).fetchall()
            assert media == f"media:{hashlib.sha256(data).hexdigest()}"
            [(kept,)] = db.execute("select data from media where sha256 = ?", [rec["sha256"]]).fetchall()
            assert kept == data, "each part stored once, in order"
    finally:
        db.close()
    assert not list((server.folder / "instance" / "recordings").iterdir())


def test_a_withdrawal_while_parts_arrive_leaves_no_recording_sound_or_bytes(server):
    from .together import Visitor
    world = field(server)
    make = server.make
    lead = make.lead("Wyn")
    with make.app.app_context():
        from peersurvey.people import queries
        queries.set_roles(world["project"], lead["id"], ["lead"])
    sounds = [sound(1.0 + n / 10) for n in range(ROUNDS)]
    recs = [announce(data) for data in sounds]
    for rec in recs:
        send_interview(server, world, rec)
    headers = {**world["headers"], "Content-Type": "application/octet-stream"}
    # Half of each is in; the rest arrives while the lead withdraws the person.
    for rec, data in zip(recs, sounds):
        assert request(server.port, "PUT", f"/api/v1/recordings/{rec['id']}?offset=0", data[:6000], headers)[0] == 200
    visitor = Visitor(server.port).sign_in(lead["email"], lead["password"])
    page = f"/projects/{world['project']}/interviews/"
    action = f"/projects/{world['project']}/interviews/withdraw"
    form = visitor.form(page, action)
    calls = [lambda: visitor.post(action, form, code="RACE01", confirm="yes")]
    for rec, data in zip(recs, sounds):
        for start in (6000, 6000, 12000):
            calls.append(lambda rec=rec, data=data, start=start: request(
                server.port, "PUT", f"/api/v1/recordings/{rec['id']}?offset={start}", data[start:start + 6000], headers))
    results = at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0][0] == 302, "the withdrawal went through"
    assert {r[0] for r in results[1:]} <= {200, 409, 410}, [r[0] for r in results[1:]]
    db = connect(server.database)
    try:
        assert db.execute("select count(*) from recordings where project_id = ?", [world["project"]]).fetchone()[0] == 0
        assert db.execute("select count(*) from media where kind = 'audio' and project_id = ?",
                          [world["project"]]).fetchone()[0] == 0
    finally:
        db.close()
    assert not list((server.folder / "instance" / "recordings").iterdir()), "no bytes left on their way"
    for rec in recs:
        status, _headers, body = request(server.port, "GET", f"/api/v1/recordings/{rec['id']}", None, world["headers"])
        assert status == 410 and json.loads(body)["result"] == "withdrawn"

"""One coder's screens arriving at the same moment (joining twice, panel fetches) against the
real server process: one attendance row and one work entry, never two, never a 500."""
import pytest

from peersurvey.theme import sessions

from ..browser.conftest import LiveServer
from ..test_write_races import answered, on_tablet, rows
from ..theme.conftest import build_coding_world
from ..together import at_once

TRIES = 8


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("attendance-races"))
    yield server
    server.stop()


def test_the_same_coder_seen_many_times_at_once_makes_one_row_and_one_entry(server):
    make = server.make
    world = build_coding_world(make, "Attendance races")
    with make.app.test_request_context():
        session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
        code = sessions.get(world["project"], session_id)["join_code"]
    base = f"/projects/{world['project']}/coding/sessions/{session_id}"
    visitors = [on_tablet(server, world["tablet"], world["coders"][0]) for _ in range(TRIES)]
    forms = [visitor.form("/coding/join") for visitor in visitors]
    calls = []
    for visitor, form in zip(visitors, forms):
        calls += [lambda v=visitor, f=form: v.post("/coding/join", f, code=code),
                  lambda v=visitor: v.send("GET", f"{base}?fragment=1")]
    statuses = answered(at_once(calls))
    assert set(statuses[0::2]) == {302}, statuses
    assert set(statuses[1::2]) == {200}, statuses
    coder = world["coders"][0]["id"]
    assert rows(server, "select count(*) from session_attendance where session_id = ? and person_id = ?",
                [session_id, coder]) == [(1,)]
    assert rows(server, "select count(*), min(kind), min(status) from work_entries where source = ? and person_id = ?",
                [f"session:{session_id}", coder]) == [(1, "coding", "suggested")]
    server.log.flush()
    assert "could not record attendance" not in (server.folder / "server.log").read_text(), \
        "a write failed in the race (the page hid it, the log did not)"

"""Two tablets racing with one pairing code, against the real `peersurvey serve`, released
together by a barrier: exactly one becomes the tablet; the other is told the code was used."""
import html

import pytest

from peersurvey.db import connect
from peersurvey.people import devices

from ..browser.conftest import LiveServer
from ..together import Visitor, at_once

RACERS = 12


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path, env={"PEERSURVEY_BACKUP_HOURS": "0"})
    yield server
    server.stop()


def test_one_code_pairs_exactly_one_of_the_tablets_that_race_with_it(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Race")
    make.member(project, "Ivy", pin="2580")
    tablet = make.tablet(project, lead, "Green tablet")
    code = tablet["new_code"]()
    racers = [Visitor(server.port) for _ in range(RACERS)]
    forms = [racer.form("/tablet/setup") for racer in racers]

    def pair(racer, form):
        status, _headers, body = racer.post("/tablet/setup", form, code=code)
        return status, racer.cookies.get(devices.COOKIE), html.unescape(body)

    results = at_once([lambda r=r, f=f: pair(r, f) for r, f in zip(racers, forms)])
    won = [(status, token) for status, token, _body in results if token]
    assert len(won) == 1 and won[0][0] == 302, [r[:2] for r in results]
    lost = [(status, body) for status, token, body in results if not token]
    assert all(status == 200 and "This code has been used already." in body for status, body in lost)
    db = connect(server.database)
    try:
        assert db.execute("select count(*) from pairing_codes where used_at is not null").fetchone()[0] == 1
    finally:
        db.close()
    # The winner is the tablet: its token works on the API; nobody else holds one.
    winner = won[0][1]
    assert Visitor(server.port).send("GET", "/api/v1/device", headers={"Authorization": f"Bearer {winner}"})[0] == 200

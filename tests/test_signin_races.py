"""Sign-in limits hold under parallel tries: real requests released together by a barrier,
against a real server process with its 32 threads. Before, the wrong-try count was read and
written back outside a transaction: 20 wrong passwords at once left it at 1, and no lock."""
import pytest

from peersurvey.db import connect

from .browser.conftest import LiveServer
from .together import Visitor, at_once

TRIES = 50


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path, env={"PEERSURVEY_ADDRESS_TRIES": "1000", "PEERSURVEY_TABLET_TRIES": "1000"})
    yield server
    server.stop()


def lock_of(server, person_id, kind):
    db = connect(server.database)
    try:
        return db.execute("select failed_tries, locked_until from lockouts where person_id = ? and kind = ?",
                          [person_id, kind]).fetchone()
    finally:
        db.close()


def browsers(server, count, page):
    """`count` browsers, each with the page open (so each has its CSRF token)."""
    found = []
    for _ in range(count):
        visitor = Visitor(server.port)
        found.append((visitor, visitor.form(page)))
    return found


def test_fifty_wrong_passwords_at_once_lock_the_account(server):
    lead = server.make.lead()
    tries = browsers(server, TRIES, "/signin")
    results = at_once([lambda v=v, f=f: v.post("/signin", f, email=lead["email"], password="wrong guess")
                       for v, f in tries])
    assert all(status == 200 for status, _h, _b in results)
    visitor = Visitor(server.port)
    status, _h, _b = visitor.submit("/signin", email=lead["email"], password=lead["password"])
    assert status == 200, "the right password got in after fifty wrong ones at once"
    assert lock_of(server, lead["id"], "password")[1] > 0


def test_one_fewer_than_the_limit_at_once_does_not_lock(server):
    """Exactly the limit: four wrong at once leave the right password working."""
    lead = server.make.lead()
    tries = browsers(server, 4, "/signin")
    at_once([lambda v=v, f=f: v.post("/signin", f, email=lead["email"], password="wrong guess") for v, f in tries])
    assert lock_of(server, lead["id"], "password") == (4, 0)
    Visitor(server.port).sign_in(lead["email"], lead["password"])


def test_fifty_wrong_pins_at_once_lock_the_person_on_that_tablet(server):
    lead = server.make.lead()
    project_id = server.make.project(lead)
    ivy = server.make.member(project_id, "Ivy", pin="2580")
    tablet = server.make.tablet(project_id, lead)
    tries = []
    for _ in range(TRIES):
        visitor = Visitor(server.port)
        visitor.cookies["peersurvey_tablet"] = tablet["token"]
        tries.append((visitor, visitor.form(f"/tablet/people/{ivy['id']}")))
    at_once([lambda v=v, f=f: v.post(f"/tablet/people/{ivy['id']}", f, pin="0000") for v, f in tries])
    visitor = Visitor(server.port)
    visitor.cookies["peersurvey_tablet"] = tablet["token"]
    status, _h, body = visitor.get(f"/tablet/people/{ivy['id']}")
    assert "You are locked out for now" in body
    assert lock_of(server, ivy["id"], "pin")[1] > 0


def test_an_address_limit_holds_under_parallel_tries(tmp_path):
    server = LiveServer(tmp_path, env={"PEERSURVEY_ADDRESS_TRIES": "20"})
    try:
        lead = server.make.lead()
        tries = browsers(server, TRIES, "/signin")
        at_once([lambda v=v, f=f, n=n: v.post("/signin", f, email=f"nobody{n}@example.org", password="guess")
                 for n, (v, f) in enumerate(tries)])
        status, _h, _b = Visitor(server.port).submit("/signin", email=lead["email"], password=lead["password"])
        assert status == 200, "the address got in after fifty wrong tries at once"
        assert lock_of(server, lead["id"], "password") is None, "the lead was counted against, not the address"
    finally:
        server.stop()


def test_no_sign_in_with_the_old_password_outlives_a_change_made_at_the_same_moment(server):
    """People sign in with the old password again and again, from the moment the change is
    sent until they are refused: each sign-in either ends with the change or is refused,
    whichever way its race falls. (Before, one whose check began before the change and whose
    sign-in was written after it lived on.)"""
    lead = server.make.lead()
    owner = Visitor(server.port).sign_in(lead["email"], lead["password"])
    change = owner.form("/account/password")

    def keep_signing_in():
        signed_in = []
        while True:
            visitor = Visitor(server.port)
            status, _h, _b = visitor.post("/signin", visitor.form("/signin"), email=lead["email"],
                                          password=lead["password"])
            if status != 302:
                return signed_in
            signed_in.append(visitor)

    results = at_once([lambda: owner.post("/account/password", change, current=lead["password"],
                                          new="a brand new password")] + [keep_signing_in] * 6)
    assert results[0][0] == 302, "the password was changed"
    survivors = [v for visitors in results[1:] for v in visitors if v.get("/projects/")[0] == 200]
    assert not survivors, f"{len(survivors)} sign-ins with the old password outlived the change"

"""A joined screen is sent its new panel in the event itself, drawn for the person it belongs
to, against the real `peersurvey serve`: no fetch after every tap (twenty of them queued on
the server), the person's own form token in it, and nothing more once they may not see the
session (their sign-in ended, the tablet taken back)."""
import http.client
import re

import pytest

from peersurvey.db import connect
from peersurvey.people import devices
from peersurvey.theme import live, sessions

from ..browser.conftest import LiveServer
from ..test_write_races import on_tablet
from ..together import Visitor
from .conftest import build_coding_world

PATIENCE = 30
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live-panels"))
    yield server
    server.stop()


class Listening:
    """A screen's open event stream, read one event at a time as EventSource does."""

    def __init__(self, port, visitor, path):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
        cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
        self.conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.next() == ("open", "")

    def next(self):
        """(event name, data) of the next event; ("closed", "") when the stream ends."""
        name, data = "message", []
        while True:
            line = self.response.readline().decode()
            if not line:
                return "closed", ""
            line = line.rstrip("\r\n")
            if line.startswith("retry:"):
                return "open", ""
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[6:] if line.startswith("data: ") else line[5:])
            elif not line and data:
                return name, "\n".join(data)

    def close(self):
        self.conn.close()


def group_session(server, name):
    make = server.make
    world = build_coding_world(make, name)
    world["money"] = make.theme(world["project"], world["lead"], {"en": "Money", "cy": "Arian"})
    with make.app.test_request_context():
        session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    world["base"] = f"/projects/{world['project']}/coding/sessions/{session_id}"
    world["session_id"] = session_id
    world["big"] = Visitor(server.port).sign_in(world["lead"]["email"], world["lead"]["password"])
    return world


def give_money(server, world, given=1):
    """The big screen gives the answer on screen the theme Money (or takes it off, given=0);
    the session's version after."""
    lead, base = world["big"], world["base"]
    fields = lead.form(f"{base}/big", f"{base}/tag")
    status, _headers, _body = lead.post(f"{base}/tag", fields, theme_id=world["money"], given=given)
    assert status == 302
    return version_of(server, world)


def version_of(server, world):
    db = connect(server.database)
    try:
        return db.execute("select version from coding_sessions where id = ?", [world["session_id"]]).fetchone()[0]
    finally:
        db.close()


def test_a_joined_screen_is_sent_its_own_panel_and_the_big_screen_its_version(server):
    world = group_session(server, "Pushed panels")
    sam = on_tablet(server, world["tablet"], world["coders"][0])
    assert sam.get(world["base"])[0] == 200, "Sam's screen opens the session, as after joining"
    joined = Listening(server.port, sam, f"{world['base']}/events?panels=1")
    big = Listening(server.port, world["big"], f"{world['base']}/events?big=1&panels=1")
    try:
        version = give_money(server, world)
        name, html = joined.next()
        assert name == "panel", "the joined screen has its new panel without asking for it"
        assert f'data-version="{version}"' in html
        money = html[html.index(f'name="theme_id" value="{world["money"]}"'):]
        assert "theme-card--chosen" in money[:money.index("</form>")], "it shows the group's choice"
        assert 'action="/projects' in html and "/vote" in html, "drawn as Sam's screen, which votes"
        assert big.next() == ("message", str(version)), "the big screen is sent the version alone"

        # Sam's own form token is in the panel: a vote sent with it counts.
        token = TOKEN.search(html).group(1)
        answer_id = re.search(r'data-answer="([^"]+)"', html).group(1)
        status, _headers, _body = sam.post(f"{world['base']}/vote", [("csrf_token", token)], answer_id=answer_id,
                                           theme_id=world["money"], given=1, headers={"X-Live": "1"})
        assert status == 200
        name, html = joined.next()
        assert name == "panel" and "Sam" in html and f'data-version="{version + 1}"' in html
    finally:
        joined.close()
        big.close()


def test_screens_sent_their_panels_at_once_each_show_only_their_own_votes_and_token(server):
    world = group_session(server, "Many screens")
    make = server.make
    friends = make.theme(world["project"], world["lead"], {"en": "Friends", "cy": "Ffrindiau"})
    coders = world["coders"] + [make.member(world["project"], f"Coder {n}", ("coder",), pin="2580")
                                for n in range(4)]
    screens = []
    try:
        for n, person in enumerate(coders):
            visitor = on_tablet(server, world["tablet"], person)
            page = visitor.get(world["base"])[2]
            if n % 2:          # every other one votes Money first, with their own page's token
                answer_id = re.search(r'data-answer="([^"]+)"', page).group(1)
                assert visitor.post(f"{world['base']}/vote", [("csrf_token", TOKEN.search(page).group(1))],
                                    answer_id=answer_id, theme_id=world["money"], given=1)[0] == 302
            screens.append((n, visitor))
        streams = [Listening(server.port, visitor, f"{world['base']}/events?panels=1") for _n, visitor in screens]
        lead, base = world["big"], world["base"]
        status, _headers, _body = lead.post(f"{base}/tag", lead.form(f"{base}/big", f"{base}/tag"),
                                            theme_id=friends, given=1)
        assert status == 302        # every stream wakes at once and is sent its panel
        version = version_of(server, world)
        sent = [stream.next() for stream in streams]
        for (n, visitor), (name, html) in zip(screens, sent):
            assert name == "panel" and f'data-version="{version}"' in html
            assert ("You chose this" in html) == bool(n % 2), f"screen {n} shows another person's vote as theirs"
            answer_id = re.search(r'data-answer="([^"]+)"', html).group(1)
            status, _headers, _body = visitor.post(f"{base}/vote", [("csrf_token", TOKEN.search(html).group(1))],
                                                   answer_id=answer_id, theme_id=friends, given=1,
                                                   headers={"X-Live": "1"})
            assert status == 200, f"screen {n}'s pushed form token is not its own"
    finally:
        for stream in locals().get("streams", []):
            stream.close()


def test_a_screen_running_an_older_live_js_is_sent_versions_as_before(server):
    world = group_session(server, "Older script")
    sam = on_tablet(server, world["tablet"], world["coders"][0])
    assert sam.get(world["base"])[0] == 200
    older = Listening(server.port, sam, f"{world['base']}/events")      # no panels=1: it would not draw them
    try:
        version = give_money(server, world)
        assert older.next() == ("message", str(version))
    finally:
        older.close()


def test_a_screen_is_sent_nothing_more_once_the_person_may_not_see_the_session(server):
    world = group_session(server, "No longer allowed")
    sam = on_tablet(server, world["tablet"], world["coders"][0])
    ffion = on_tablet(server, world["tablet"], world["coders"][1])
    streams = [Listening(server.port, sam, f"{world['base']}/events?panels=1"),
               Listening(server.port, ffion, f"{world['base']}/events?panels=1")]
    try:
        status, _headers, _body = ffion.submit("/tablet/signout", page=world["base"])
        assert status == 302, "Ffion signed out on another screen"
        give_money(server, world)
        assert streams[0].next()[0] == "panel", "Sam is still signed in"
        assert streams[1].next() == ("ended", "gone"), "Ffion's screen is told, and sent no panel"
        assert streams[1].next() == ("closed", "")

        with server.make.app.test_request_context():
            assert devices.revoke(world["tablet"]["id"], world["lead"]["id"])   # the tablet taken back
        give_money(server, world, given=0)
        assert streams[0].next() == ("ended", "gone")
        assert streams[0].next() == ("closed", "")
    finally:
        for stream in streams:
            stream.close()


def test_a_tablet_handed_to_the_next_person_is_no_longer_the_first_persons_anywhere(server):
    world = group_session(server, "Handed on")
    tablet = on_tablet(server, world["tablet"], world["coders"][0])       # Sam, on the tablet
    assert tablet.get(world["base"])[0] == 200
    stream = Listening(server.port, tablet, f"{world['base']}/events?panels=1")    # Sam's tab stays open
    try:
        ffion = world["coders"][1]      # Ffion takes the tablet and signs in, in another tab
        status, _headers, _body = tablet.submit(f"/tablet/people/{ffion['id']}", pin=ffion["pin"])
        assert status == 302
        give_money(server, world)
        assert stream.next() == ("ended", "gone"), "Sam's sign-in ended with Ffion's: no panel of Sam's"
    finally:
        stream.close()


def test_every_line_of_a_panel_is_a_data_line_whichever_line_break_it_has():
    event = live.panel_event('<div class="panel">\r\n<p>One\rtwo\nthree</p>\n</div>')
    assert event == ('event: panel\ndata: <div class="panel">\ndata: <p>One\ndata: two\ndata: three</p>\n'
                     "data: </div>\n\n")

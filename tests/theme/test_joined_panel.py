"""What the coding panel keeps drawn (theme/panel.py): joined screens share one drawing,
each still with its own form token and its own votes, and a change on the big screen reaches
them all; the big screen's filters are drawn again when what they list changes."""
from peersurvey import db as db_module
from peersurvey.db import get_db

from ..conftest import Login
from ..pages import csrf_token, text
from .session_helpers import new_client, press, sessions_code, start


def joined(app, coding, session_id, coder, tablet):
    client = new_client(app)
    Login(client).as_tablet_person(tablet, coder)
    assert client.submit("/coding/join", {"code": sessions_code(app, coding, session_id)}).status_code == 302
    return client


def test_two_joined_screens_each_get_their_own_token_and_votes_and_both_see_the_group_choose(app, coding, make):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    panel = f"/projects/{coding['project']}/coding/sessions/{session_id}?fragment=1"
    big = new_client(app)
    Login(big).as_lead(coding["lead"])
    sam = joined(app, coding, session_id, coding["coders"][0], coding["tablet"])
    ffion = joined(app, coding, session_id, coding["coders"][1], make.tablet(coding["project"], coding["lead"], "Green"))
    answer = coding["answers"][0]

    first, second = sam.get(panel), ffion.get(panel)       # the second is drawn from the first
    assert first.get_data() != second.get_data()
    for client, page in ((sam, first), (ffion, second)):
        assert page.headers["X-Fragment"] == "1"
        voted = client.post(f"/projects/{coding['project']}/coding/sessions/{session_id}/vote",
                            headers={"X-Live": "1"}, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                            "answer_id": answer, "theme_id": money, "given": "1"})
        assert voted.status_code == 200, "each screen's own token is in the panel it was sent"
    press(sam, coding, session_id, "vote", answer_id=answer, theme_id=money, given="0")

    sams, ffions = sam.get(panel), ffion.get(panel)
    card = f'[data-key="theme-{money}"]'
    assert sams.soup.select_one(card)["aria-pressed"] == "false", "Sam took his vote back"
    assert ffions.soup.select_one(card)["aria-pressed"] == "true", "Ffion's vote is still hers"
    assert "1 vote: Ffion" in text(sams) and "1 vote: Ffion" in text(ffions)

    press(big, coding, session_id, "confirm", answer_id=answer)
    assert "The group chose this" in text(sam.get(panel)) and "The group chose this" in text(ffion.get(panel))
    press(big, coding, session_id, "move", to="next")
    assert "Answer 2 of 5" in text(sam.get(panel)) and "Answer 2 of 5" in text(ffion.get(panel))


def test_the_big_screen_offers_a_site_whose_first_interview_came_in_after_the_last_tap(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    big = f"/projects/{coding['project']}/coding/sessions/{session_id}?fragment=1&big=1"
    sites = lambda: [o["value"] for o in client.get(big).soup.select("#filter-site option")]  # noqa: E731
    assert sites() == ["", "Newport", "Torfaen"]
    with app.app_context():
        get_db().execute("update interviews set site = 'Caerphilly' where participant_code = 'CODE04'")
    assert sites() == ["", "Caerphilly", "Newport", "Torfaen"]


def test_a_request_that_failed_half_way_leaves_no_transaction_for_the_next(app):
    """Each thread keeps its connection between requests (db._kept): never what it had begun."""
    with app.app_context():
        db = db_module.get_db()
        db.execute("create table if not exists scratch (n integer)")
        db.execute("begin")
        db.execute("insert into scratch values (1)")
    with app.app_context():
        again = db_module.get_db()
        assert again is db, "the same connection, kept"
        assert not again.conn.in_transaction
        assert again.execute("select count(*) from scratch").fetchone()[0] == 0

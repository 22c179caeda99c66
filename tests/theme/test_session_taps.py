"""Each button says the state it showed, and the server sets that state: two people tapping
"give" at once, a screen that was out of date, or a tap sent again after the network
dropped never cancel each other out."""
from peersurvey.db import get_db

from ..conftest import Login
from ..pages import text
from .session_helpers import group_codings, new_client, press, start


def log_actions(app):
    with app.app_context():
        return [row[0] for row in get_db().execute("select action from coding_log order by id")]


def test_two_drivers_both_giving_a_theme_leave_it_given_and_log_it_once(app, coding, make):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    answer = coding["answers"][0]
    # The person who started it and a lead on another screen, both seeing the card not given.
    starter, other_lead = new_client(app), new_client(app)
    Login(starter).as_lead(coding["lead"])
    Login(other_lead).as_lead(coding["lead"])
    for client in (starter, other_lead):
        response = press(client, coding, session_id, "tag", answer_id=answer, theme_id=money, given="1")
        assert response.status_code == 200
        assert response.soup.select_one(f'[data-key="theme-{money}"]')["aria-pressed"] == "true"
    assert group_codings(app, answer) == {money}
    assert log_actions(app) == ["tag"], "the repeat changed nothing and logged nothing"
    # Undo still takes back the one real change.
    press(starter, coding, session_id, "undo")
    assert group_codings(app, answer) == set()


def test_taking_a_theme_off_twice_leaves_it_off(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    answer = coding["answers"][0]
    press(client, coding, session_id, "tag", answer_id=answer, theme_id=money, given="1")
    for _ in range(2):
        press(client, coding, session_id, "tag", answer_id=answer, theme_id=money, given="0")
    assert group_codings(app, answer) == set()
    assert log_actions(app) == ["tag", "untag"]


def test_a_button_without_the_state_it_showed_changes_nothing(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    answer = coding["answers"][0]
    for given in (None, "yes", "2"):
        fields = {} if given is None else {"given": given}
        refused = press(client, coding, session_id, "tag", answer_id=answer, theme_id=money, **fields)
        assert refused.status_code == 400 and "That button did not work" in text(refused)
    assert group_codings(app, answer) == set() and log_actions(app) == []


def test_votes_and_quotes_sent_twice_stay_as_meant(app, coding, make):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    answer = coding["answers"][0]       # this person agreed their words could be shared
    tablet, big = new_client(app), new_client(app)
    Login(tablet).as_tablet_person(coding["tablet"], coding["coders"][0])
    Login(big).as_lead(coding["lead"])
    for _ in range(2):
        voted = press(tablet, coding, session_id, "vote", answer_id=answer, theme_id=money, given="1")
        marked = press(big, coding, session_id, "quote", answer_id=answer, marked="1")
    assert voted.soup.select_one(f'[data-key="theme-{money}"]')["aria-pressed"] == "true"
    assert marked.soup.select_one('[data-key="quote"]')["aria-pressed"] == "true"
    with app.app_context():
        assert get_db().execute("select count(*) from votes").fetchone()[0] == 1
        assert get_db().execute("select count(*) from quotes").fetchone()[0] == 1
    assert log_actions(app) == ["vote", "quote"]
    for _ in range(2):
        press(tablet, coding, session_id, "vote", answer_id=answer, theme_id=money, given="0")
        press(big, coding, session_id, "quote", answer_id=answer, marked="0")
    with app.app_context():
        assert get_db().execute("select count(*) from votes").fetchone()[0] == 0
        assert get_db().execute("select count(*) from quotes").fetchone()[0] == 0
    assert log_actions(app) == ["vote", "quote", "unvote", "unquote"]


def test_without_javascript_a_theme_card_still_gives_and_takes_off(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    answer = coding["answers"][0]
    page = client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}")
    form = page.soup.select_one(f'[data-key="theme-{money}"]').find_parent("form")
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert fields["given"] == "1"
    sent = client.post(form["action"], data=fields)
    assert sent.status_code == 302 and group_codings(app, answer) == {money}

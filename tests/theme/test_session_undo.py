"""Undo on the big screen takes back the last change of any kind (a theme given or taken
off, a vote, a good quote, "not sure", a theme made on the spot), shows the answer it
changed and says what it undid; undo again takes back the one before."""
from peersurvey.db import get_db

from ..conftest import Login
from ..pages import text
from .session_helpers import group_codings, new_client, press, start


def quotes(app):
    with app.app_context():
        return {row[0] for row in get_db().execute("select answer_id from quotes")}


def test_undo_after_a_quote_takes_back_the_quote_not_the_theme_before_it(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    first, second = coding["answers"][:2]          # both people agreed to share their words
    press(client, coding, session_id, "tag", answer_id=first, theme_id=money, given="1")
    press(client, coding, session_id, "move", to="next")
    press(client, coding, session_id, "quote", answer_id=second, marked="1")
    assert quotes(app) == {second}
    undone = press(client, coding, session_id, "undo")
    assert "Undone: answer 2 marked as a good quote." in text(undone)
    assert quotes(app) == set() and group_codings(app, first) == {money}
    assert "Answer 2 of 5" in text(undone), "undo shows the answer it changed"
    undone = press(client, coding, session_id, "undo")
    assert "Undone: the theme ‘Money’ given to answer 1." in text(undone)
    assert group_codings(app, first) == set() and "Answer 1 of 5" in text(undone)
    assert "There is nothing to undo yet." in text(press(client, coding, session_id, "undo"))


def test_undo_takes_back_each_kind_of_change_in_turn(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    first, second = coding["answers"][:2]
    tablet = new_client(app)
    Login(tablet).as_tablet_person(coding["tablet"], coding["coders"][0])
    login.as_lead(coding["lead"])
    press(client, coding, session_id, "quote", answer_id=first, marked="1")
    press(client, coding, session_id, "tag", answer_id=first, theme_id=money, given="1")
    press(client, coding, session_id, "tag", answer_id=first, theme_id=money, given="0")
    press(client, coding, session_id, "quote", answer_id=first, marked="0")
    press(tablet, coding, session_id, "vote", answer_id=first, theme_id=money, given="1")
    made = press(client, coding, session_id, "new-theme", answer_id=first, words="Cups of tea")
    tea = int(made.soup.select_one(".theme-card[aria-pressed=true]")["data-key"].split("-")[1])
    press(client, coding, session_id, "move", to="later", answer_id=first)   # "not sure", on to answer 2

    said = [text(press(client, coding, session_id, "undo")) for _ in range(7)]
    assert "Undone: answer 1 marked ‘not sure’." in said[0]
    assert "Undone: the new theme ‘Cups of tea’ made on answer 1." in said[1]
    with app.app_context():
        assert get_db().execute("select count(*) from themes where id = ?", [tea]).fetchone()[0] == 0, \
            "a theme made on the spot and used nowhere else goes"
        later = get_db().execute("select later from session_items where answer_id = ?", [first]).fetchone()[0]
    assert later == 0
    assert "Undone: a vote for ‘Money’ on answer 1." in said[2]
    assert "Undone: the good quote taken off answer 1. It is a good quote again." in said[3]
    assert quotes(app) == set(), "then the quote itself was undone"
    assert "Undone: the theme ‘Money’ taken off answer 1. It is back on." in said[4]
    assert "Undone: the theme ‘Money’ given to answer 1." in said[5]
    assert "Undone: answer 1 marked as a good quote." in said[6]
    assert group_codings(app, first) == set() and quotes(app) == set()
    with app.app_context():
        assert get_db().execute("select count(*) from votes").fetchone()[0] == 0
    assert "There is nothing to undo yet." in text(press(client, coding, session_id, "undo"))

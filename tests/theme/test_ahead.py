"""Next's panel drawn ahead (theme/ahead.py): once the reply to a tap on the big screen has
gone (its response closed, as waitress closes every reply once it is sent), the panel Next
would bring is drawn and kept. Next sends it only when nothing was written to the database
since, by anyone, and it is the panel Next would have drawn."""
import dataclasses
import re
import sqlite3

from peersurvey.collect import queries as interview_queries
from peersurvey.theme import ahead, panel

from ..conftest import Login
from .session_helpers import new_client, start
from .test_tap_parts import shown

VERSION = re.compile(r'data-version="\d+"')


def tap(client, base, button, version, token, close=True, big=True, **fields):
    """A button as live.js sends it (big: from the big-screen view); the reply closed once
    read, as the server does."""
    response = client.post(f"{base}/{button}", data={"csrf_token": token, **({"big": "1"} if big else {}), **fields},
                           headers={"X-Live": "1", "X-Shown-Version": str(version)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if close:
        response.close()
    return int(re.search(r'data-version="(\d+)"', html).group(1)), html


def begin(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money", "cy": "Arian"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    version, _html = tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=1)
    return base, version, first, token


def test_next_sends_the_panel_drawn_while_the_group_talked_the_same_as_drawn_then(client, login, coding, make, app):
    ahead._kept.clear()
    base, version, first, token = begin(client, login, coding, make, app)
    [(key, kept)] = ahead._kept.items()
    ahead._kept[key] = dataclasses.replace(kept, html=kept.html + "<!-- drawn ahead -->")   # to see it sent
    moved, sent = tap(client, base, "move", version, token, answer_id=first, to="next")
    assert sent == kept.html.replace(panel._TOKEN, token) + "<!-- drawn ahead -->"
    assert "Answer 2 of" in sent and moved == version + 1 and panel._TOKEN not in sent

    # Back, and Next again with nothing drawn ahead (the replies not closed): the same panel.
    version, _html = tap(client, base, "move", moved, token, close=False, answer_id="", to="previous")
    ahead._kept.clear()
    _again, drawn = tap(client, base, "move", version, token, close=False, answer_id=first, to="next")
    assert VERSION.sub("", drawn) == VERSION.sub("", sent.removesuffix("<!-- drawn ahead -->"))


def test_next_draws_afresh_once_anything_was_written_by_anyone(client, login, coding, make, app):
    ahead._kept.clear()
    base, version, first, token = begin(client, login, coding, make, app)
    assert ahead._kept
    # Another program changes a theme's words in the file (the session's version stays): seen.
    other = sqlite3.connect(app.config["DATABASE"])
    other.execute("update themes set words = ? where project_id = ?", ['{"en": "Cash"}', coding["project"]])
    other.commit()
    other.close()
    version, sent = tap(client, base, "move", version, token, answer_id=first, to="next")
    assert "Cash" in sent and "Money" not in sent

    version, _html = tap(client, base, "move", version, token, answer_id="", to="previous")
    money = re.search(r'name="theme_id" value="(\d+)"', sent).group(1)
    version, _html = tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=0)
    assert ahead._kept
    with app.app_context():      # the next answer's participant withdraws (the app's own connection)
        assert interview_queries.withdraw(coding["project"], "CODE01") == 1
    _version, sent = tap(client, base, "move", version + 1, token, answer_id=first, to="next")
    assert "This answer was taken out because the person who gave it asked" in sent


def test_a_panel_drawn_for_one_screen_is_not_sent_to_another(client, login, coding, make, app):
    """Drawn for the big-screen view in Welsh, as the whole panel would be: Next from the
    normal view, in English, or from a screen that missed a change, draws its own."""
    ahead._kept.clear()
    client.get("/language/cy")
    base, version, first, token = begin(client, login, coding, make, app)
    client.get("/language/en")
    version, sent = tap(client, base, "move", version, token, answer_id=first, to="next")
    assert "Money" in sent and "Arian" not in sent

    tap(client, base, "move", version, token, answer_id="", to="previous")
    version, sent = tap(client, base, "move", version + 1, token, big=False, answer_id=first, to="next")
    assert 'name="big"' not in sent

    other = new_client(app)
    Login(other).as_lead(coding["lead"])
    missed, _answer, other_token = shown(other, base)
    version, _html = tap(client, base, "move", version, token, answer_id="", to="previous")
    _version, sent = tap(other, base, "move", missed, other_token, answer_id=first, to="next")
    assert "data-parts" not in sent, "a screen that missed a change gets the whole panel"

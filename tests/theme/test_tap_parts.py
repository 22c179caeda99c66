"""A tap's reply sends only the parts of the panel it changed, when the screen showed the
version just before it (live.js sends X-Shown-Version); in every other case, the whole
panel, so a screen that missed a change is never left half right."""
import re
import time

from flask import g

from peersurvey.collect import queries as interview_queries
from peersurvey.theme import sessions as session_store
from peersurvey.theme import themes
from peersurvey.theme.session_views import panel_context

from ..conftest import Login
from ..pages import csrf_token
from .session_helpers import group_codings, new_client, sessions_code, start

STAND_IN = re.compile(r'value="(csrf|answer)-[0-9a-f]{32}"')     # theme/panel.py's
PANEL = re.compile(r'<div class="panel" data-version="(\d+)" data-answer="([^"]*)"( data-parts="([^"]*)")?')


def shown(client, base):
    """(version, answer id, form token) of the big screen as it opens."""
    page = client.get(f"{base}/big").get_data(as_text=True)
    found = PANEL.search(page)
    return int(found.group(1)), found.group(2), csrf_token(page)


def tap(client, base, button, version, token, **fields):
    """A button as live.js sends it from a screen showing `version`: (version, answer id,
    the parts sent alone or None for the whole panel, the reply's HTML)."""
    headers = {"X-Live": "1"} if version is None else {"X-Live": "1", "X-Shown-Version": str(version)}
    response = client.post(f"{base}/{button}", data={"csrf_token": token, "big": "1", **fields}, headers=headers)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not STAND_IN.search(html), "a kept drawing's stand-in was left in"
    found = PANEL.search(html)
    return int(found.group(1)), found.group(2), found.group(4), html


def test_a_tag_and_next_send_only_what_they_changed(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    make.theme(coding["project"], coding["lead"], {"en": "Friends"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)

    version, answer, parts, html = tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=1)
    assert (answer, parts) == (first, "theme confirm later")
    assert "answer-view" not in html and "session-controls" not in html and "new-theme" not in html
    # The tapped theme's button alone, not the grid with Friends in it.
    assert 'data-part="themes"' not in html and html.count("theme-card--button") == 1
    assert html.count(f'data-part="theme-{money}"') == 1 and html.count('data-part="confirm"') == 1
    money_card = html[html.index(f'name="theme_id" value="{money}"'):]
    assert "theme-card--chosen" in money_card[:money_card.index("</form>")]
    assert f'name="answer_id" value="{first}"' in html and 'name="csrf_token" value="' in html
    assert group_codings(app, first) == {money}

    version, second, parts, html = tap(client, base, "move", version, token, answer_id=first, to="next")
    assert second != first and parts == "progress answer themes later"
    assert "Answer 2 of" in html and "theme-card--chosen" not in html
    assert f'name="answer_id" value="{second}"' in html

    # The buttons a part does not hold still send the whole panel.
    _version, _answer, parts, html = tap(client, base, "quote", version, token, answer_id=second, marked=1)
    assert parts is None and "session-controls" in html


def test_the_whole_panel_when_the_screen_missed_a_change_or_did_not_say(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    friends = make.theme(coding["project"], coding["lead"], {"en": "Friends"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=1)

    # This screen still shows the version before that tap (another screen made it).
    later, _answer, parts, html = tap(client, base, "tag", version, token, answer_id=first, theme_id=friends, given=1)
    assert parts is None and "session-controls" in html and later == version + 2
    # A screen that says nothing of what it shows (an older live.js) gets the whole panel.
    _v, _a, parts, _html = tap(client, base, "tag", None, token, answer_id=first, theme_id=friends, given=0)
    assert parts is None
    # A tap that changed nothing (Money is given already) moves no version: the whole panel.
    again, _a, parts, _html = tap(client, base, "tag", later + 1, token, answer_id=first, theme_id=money, given=1)
    assert parts is None and again == later + 1
    # What the screen says it shows, if it is not a plain number, is as if it said nothing.
    for said in ("seven", "-1", "9" * 5000, ""):
        response = client.post(f"{base}/tag", data={"csrf_token": token, "big": "1", "answer_id": first,
                                                     "theme_id": friends, "given": 1},
                               headers={"X-Live": "1", "X-Shown-Version": said})
        assert response.status_code == 200 and "data-parts" not in response.get_data(as_text=True)


def test_next_onto_a_withdrawn_answer_sends_the_whole_panel_that_says_so(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    with app.app_context():
        assert interview_queries.withdraw(coding["project"], "CODE01") == 1     # the second answer's
    _version, _answer, parts, html = tap(client, base, "move", version, token, answer_id=first, to="next")
    assert parts is None
    assert "taken out because the person who gave it asked" in html


def test_theme_words_that_look_like_html_stay_words_in_kept_buttons(client, login, coding, make, app):
    odd = make.theme(coding["project"], coding["lead"], {"en": "<b>Bus</b> & train"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    for _round in range(2):         # drawn, then taken from the kept buttons
        version, _answer, parts, html = tap(client, base, "tag", version, token, answer_id=first, theme_id=odd,
                                            given=1 - _round)
        assert parts == "theme confirm later"
        assert "&lt;b&gt;Bus&lt;/b&gt; &amp; train" in html and "<b>Bus" not in html


def test_a_tap_that_changed_nothing_gets_the_whole_panel_after_another_screens_next(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    other, session_id = start(app, coding), start(app, coding)     # two group sessions, the same answers
    login.as_lead(coding["lead"])
    base_other = f"/projects/{coding['project']}/coding/sessions/{other}"
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    v_other, first, token = shown(client, base_other)
    version, _first, token = shown(client, base)
    tap(client, base_other, "tag", v_other, token, answer_id=first, theme_id=money, given=1)   # the group's coding
    _v, second, _parts, _html = tap(client, base, "move", version, token, answer_id=first, to="next")  # another screen
    # This screen, still on the first answer, gives Money there: it has it already.
    _v, answer, parts, html = tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=1)
    assert (answer, parts) == (second, None), "the whole panel, showing the answer the session is on"
    assert "answer-view" in html


def test_a_taps_reply_carries_the_form_token_it_was_sent_and_it_works_again(client, login, coding, make, app,
                                                                           monkeypatch):
    """The reply's forms carry the token the tap sent (checked, and tokens never expire here):
    signing a new one for every reply was a twentieth of a tap. With a time limit on tokens,
    each reply gets a fresh one, as before. (The taps come a minute after the page opened, so
    a token signed for a reply would differ from the page's.)"""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    version, _answer, _parts, html = tap(client, base, "tag", version, token, answer_id=first, theme_id=money, given=1)
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', html)) == {token}
    version, second, _parts, html = tap(client, base, "move", version, csrf_token(html), answer_id=first, to="next")
    assert second != first

    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    _version, _answer, _parts, html = tap(client, base, "tag", version, token, answer_id=second, theme_id=money,
                                          given=1)
    assert token not in html and csrf_token(html)


def test_a_tap_whose_form_token_came_another_way_gets_a_fresh_one(client, login, coding, make, app):
    """CSRFProtect passes a request whose form token is empty when a good one comes in the
    X-CSRFToken header or another ...csrf_token field: the reply must not carry the empty one."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    version, first, token = shown(client, base)
    for fields, headers in (({}, {"X-CSRFToken": token}), ({"filter-csrf_token": token}, {})):
        reply = client.post(f"{base}/tag", data={"csrf_token": "", "big": "1", "answer_id": first, "theme_id": money,
                                                 "given": 1, **fields}, headers={"X-Live": "1", **headers})
        tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', reply.get_data(as_text=True)))
        assert reply.status_code == 200 and len(tokens) == 1 and "" not in tokens
        again = client.post(f"{base}/move", data={"csrf_token": tokens.pop(), "big": "1", "answer_id": first,
                                                  "to": "next"}, headers={"X-Live": "1"})
        assert again.status_code == 200 and "notice--error" not in again.get_data(as_text=True)


def test_a_vote_or_a_tag_sends_its_button_alone_and_whether_votes_are_left_to_choose(app, coding, make):
    """A tap on a theme changes that theme's button and, on the big screen, whether the
    "Choose every theme people voted for" button shows: the reply sends those two alone."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    friends = make.theme(coding["project"], coding["lead"], {"en": "Friends"})
    session_id = start(app, coding)
    big, tablet = new_client(app), new_client(app)
    Login(big).as_lead(coding["lead"])
    Login(tablet).as_tablet_person(coding["tablet"], coding["coders"][0])
    tablet.submit("/coding/join", {"code": sessions_code(app, coding, session_id)})
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    first = coding["answers"][0]
    for theme_id in (money, friends):
        page = tablet.get(f"{base}?fragment=1").get_data(as_text=True)
        reply = tablet.post(f"{base}/vote", data={"csrf_token": csrf_token(page), "answer_id": first,
                                                  "theme_id": theme_id, "given": 1},
                            headers={"X-Live": "1", "X-Shown-Version": PANEL.search(page).group(1)})
        html = reply.get_data(as_text=True)
        assert PANEL.search(html).group(4) == "theme confirm"
        assert html.count("theme-card--button") == 1 and f'data-part="theme-{theme_id}"' in html
        assert "You chose this" in html and 'data-key="confirm"' not in html, "only the big screen confirms"

    version, _first, token = shown(big, base)
    version, _answer, parts, html = tap(big, base, "tag", version, token, answer_id=first, theme_id=money, given=1)
    assert parts == "theme confirm later" and f'data-part="theme-{money}"' in html
    assert 'data-key="confirm"' in html, "Friends has a vote and is not chosen yet"
    _version, _answer, parts, html = tap(big, base, "tag", version, token, answer_id=first, theme_id=friends, given=1)
    assert parts == "theme confirm later" and f'data-part="theme-{friends}"' in html
    assert 'data-part="confirm"' in html and 'data-key="confirm"' not in html, "every voted theme is chosen"
    assert group_codings(app, first) == {money, friends}


def test_a_tapped_theme_merged_away_before_the_reply_is_drawn_gets_the_whole_panel(app, coding, make):
    """Between a tap's write and its reply another screen can merge the theme it tapped: its
    button has no place any more, so the reply is the whole panel, not a part with nowhere to go."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    cash = make.theme(coding["project"], coding["lead"], {"en": "Cash"})
    session_id = start(app, coding)
    with app.test_request_context():
        themes.merge(coding["project"], coding["lead"]["id"], money, cash)
    with app.test_request_context(method="POST", data={"theme_id": str(money)}):
        g.person, g.signed_in_with = coding["lead"], "password"
        session = session_store.get(coding["project"], session_id)
        assert panel_context(session, parts=("theme", "confirm", "later"))["parts"] is None
    with app.test_request_context(method="POST", data={"theme_id": str(cash)}):
        g.person, g.signed_in_with = coding["lead"], "password"
        assert panel_context(session, parts=("theme", "confirm", "later"))["parts"] == ("theme", "confirm", "later")

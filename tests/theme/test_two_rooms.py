"""Two group sessions on the same answers (two rooms, or a laptop and a projector): the
group's themes, a quote and an answer's words belong to the answer, so a change in one
room reaches the other room's screens when it shows that answer, and a tap there is never
answered with only the parts it changed over a screen that missed the change."""
from peersurvey.theme import sessions

from ..conftest import Login
from ..pages import text
from .session_helpers import group_codings, new_client, press, sessions_code, start
from .test_tap_parts import shown, tap
from .test_typing_up import type_words


def version(app, coding, session_id):
    with app.app_context():
        return sessions.get(coding["project"], session_id)["version"]


def test_a_tag_in_one_room_is_not_left_out_of_the_other_rooms_next_tap(app, coding, make):
    """The other room's screen shows Friends voted for and not chosen, with the button to
    choose it; this room gives Friends. The other room's next tap (Money) must bring
    Friends chosen and the button gone, not only the Money button."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    friends = make.theme(coding["project"], coding["lead"], {"en": "Friends"})
    here, there = start(app, coding), start(app, coding)
    lead, tablet = new_client(app), new_client(app)
    Login(lead).as_lead(coding["lead"])
    Login(tablet).as_tablet_person(coding["tablet"], coding["coders"][0])
    tablet.submit("/coding/join", {"code": sessions_code(app, coding, there)})
    first = coding["answers"][0]
    press(tablet, coding, there, "vote", answer_id=first, theme_id=friends, given=1)
    base_here = f"/projects/{coding['project']}/coding/sessions/{here}"
    base_there = f"/projects/{coding['project']}/coding/sessions/{there}"
    showing, _answer, token = shown(lead, base_there)
    assert 'data-key="confirm"' in lead.get(f"{base_there}/big").get_data(as_text=True)

    version_here, _answer, _token = shown(lead, base_here)
    tap(lead, base_here, "tag", version_here, token, answer_id=first, theme_id=friends, given=1)
    assert version(app, coding, there) == showing + 1, "the other room heard it"

    _version, _answer, parts, html = tap(lead, base_there, "tag", showing, token, answer_id=first, theme_id=money,
                                         given=1)
    assert parts is None, "the whole panel: this screen missed the other room's change"
    friends_card = html[html.index(f'name="theme_id" value="{friends}"'):]
    assert "theme-card--chosen" in friends_card[:friends_card.index("</form>")]
    assert 'data-key="confirm"' not in html
    assert group_codings(app, first) == {money, friends}


def test_the_other_room_hears_changes_to_the_answer_it_shows_and_only_to_that_one(app, coding, make, client, login):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    here, there = start(app, coding), start(app, coding)
    login.as_lead(coding["lead"])
    first, second = coding["answers"][:2]
    base_here = f"/projects/{coding['project']}/coding/sessions/{here}"

    def heard(change):
        before = version(app, coding, there)
        change()
        return version(app, coding, there) - before

    assert heard(lambda: press(client, coding, here, "tag", answer_id=first, theme_id=money, given=1)) == 1
    assert heard(lambda: press(client, coding, here, "quote", answer_id=first, marked=1)) == 1
    assert heard(lambda: press(client, coding, here, "undo")) == 1, "undone: the quote comes off"
    words = client.get(base_here).soup.select_one(".answer-view .words-tools__change")["href"]
    assert heard(lambda: type_words(client, words, "I never have money for a cup of coffee.")) == 1
    screen = client.get(f"/projects/{coding['project']}/coding/sessions/{there}")
    assert "a cup of coffee" in text(screen)
    # A vote is the room's own; an answer the other room does not show now is not its business.
    assert heard(lambda: press(client, coding, here, "vote", answer_id=first, theme_id=money, given=1)) == 0
    assert heard(lambda: press(client, coding, here, "undo")) == 0, "undone: the vote, this room's own"
    press(client, coding, there, "move", to="next")
    assert heard(lambda: press(client, coding, here, "tag", answer_id=first, theme_id=money, given=0)) == 0
    assert heard(lambda: press(client, coding, here, "move", to="next")) == 0
    assert heard(lambda: press(client, coding, here, "tag", answer_id=second, theme_id=money, given=1)) == 1
    # A finished session is not drawn again.
    with app.test_request_context():
        sessions.end(sessions.get(coding["project"], there))
    assert heard(lambda: press(client, coding, here, "tag", answer_id=second, theme_id=money, given=0)) == 0

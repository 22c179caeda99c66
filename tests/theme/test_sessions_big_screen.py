"""Coding sessions through the real app and database, on the big screen and the tablets
that join it: the big screen tags, joined screens vote, undo, new themes on the spot,
quotes, filters, answers to come back to, plain answers to bad input and stale codes, and
every coding page checked for each kind of visitor."""
from peersurvey.collect import queries as interview_queries
from peersurvey.db import get_db
from peersurvey.theme import sessions

from ..conftest import Login
from ..pages import text
from .session_helpers import group_codings, new_client, press, sessions_code, start


def test_a_lead_starts_a_session_and_sees_one_answer_big_without_who_said_it(client, login, coding):
    login.as_lead(coding["lead"])
    index = client.get(f"/projects/{coding['project']}/coding/")
    ticked = {i["value"] for i in index.soup.select("#group-questions input[checked]")}
    assert ticked == {"money_not_good", "job_good", "going_out_stops", "dreams", "dream_other",
                      "anything_else"}
    response = client.submit(f"/projects/{coding['project']}/coding/start?questionnaire={coding['questionnaire']}",
                             {"mode": "group", "questions": ["money_not_good"], "heading": ""},
                             page=f"/projects/{coding['project']}/coding/")
    assert response.status_code == 302
    screen = client.get(response.headers["Location"])
    words = text(screen)
    assert "Answer 1 of 5" in words
    assert "What is not good about your money?" in words and "I never have money for a cup of tea." in words
    assert "What is not working" in words, "the Working Together for Change heading shows"
    code = screen.soup.select_one(".join-code__code").get_text()
    assert len(code) == 6
    for hidden in ("CODE00", "Dewi"):  # participant codes and interviewers never show
        assert hidden not in screen.get_data(as_text=True)


def test_tagging_on_the_big_screen_is_recorded_with_who_and_when_and_a_second_tap_takes_it_off(client, login, coding, make, app):
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    answer = coding["answers"][0]
    fragment = press(client, coding, session_id, "tag", answer_id=answer, theme_id=theme_id, given="1")
    assert fragment.status_code == 200 and fragment.headers["X-Fragment"] == "1"
    assert fragment.soup.select_one(f'[data-key="theme-{theme_id}"]')["aria-pressed"] == "true"
    assert group_codings(app, answer) == {theme_id}
    with app.app_context():
        row = get_db().execute("select created_by, created_at, session_id from codings").fetchone()
        log = get_db().execute("select person_id, action, at from coding_log").fetchall()
    assert row[0] == coding["lead"]["id"] and row[1] and row[2] == session_id
    assert log[0][:2] == (coding["lead"]["id"], "tag") and log[0][2]
    assert fragment.soup.select_one(f'[data-key="theme-{theme_id}"]').find_parent("form").select_one(
        "[name=given]")["value"] == "0", "the chosen card now offers to take it off"
    press(client, coding, session_id, "tag", answer_id=answer, theme_id=theme_id, given="0")
    assert group_codings(app, answer) == set()


def test_a_joined_tablet_votes_the_big_screen_sees_it_and_the_confirmed_theme_reaches_the_tablet(app, coding, make):
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    big, tablet = new_client(app), new_client(app)
    Login(big).as_lead(coding["lead"])
    Login(tablet).as_tablet_person(coding["tablet"], coding["coders"][0])
    code = sessions_code(app, coding, session_id)
    joined = tablet.submit("/coding/join", {"code": code.lower()[:3] + " " + code.lower()[3:]})
    assert joined.headers["Location"].endswith(f"/coding/sessions/{session_id}")
    follow = tablet.get(joined.headers["Location"])
    assert "Your screen follows the big screen." in text(follow)
    assert follow.soup.select_one(".session-controls") is None, "only the big screen moves on"
    answer = coding["answers"][0]
    press(tablet, coding, session_id, "vote", answer_id=answer, theme_id=theme_id, given="1")
    seen = big.get(f"/projects/{coding['project']}/coding/sessions/{session_id}?fragment=1")
    assert "1 vote: Sam" in text(seen)
    assert group_codings(app, answer) == set(), "a vote is not the group's choice yet"
    press(big, coding, session_id, "confirm", answer_id=answer)
    assert group_codings(app, answer) == {theme_id}
    back = tablet.get(f"/projects/{coding['project']}/coding/sessions/{session_id}?fragment=1")
    assert "The group chose this" in text(back)
    refused = press(tablet, coding, session_id, "tag", answer_id=answer, theme_id=theme_id, given="0")
    assert refused.status_code == 403 and "Only the big screen can do that." in text(refused)
    assert group_codings(app, answer) == {theme_id}


def test_undo_takes_back_the_last_changes_in_order(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    shops = make.theme(coding["project"], coding["lead"], {"en": "Shops"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    first, second = coding["answers"][:2]
    press(client, coding, session_id, "tag", answer_id=first, theme_id=money, given="1")
    press(client, coding, session_id, "move", to="next")
    press(client, coding, session_id, "tag", answer_id=second, theme_id=shops, given="1")
    undone = press(client, coding, session_id, "undo")
    assert "Undone: the theme ‘Shops’ given to answer 2." in text(undone) and group_codings(app, second) == set()
    undone = press(client, coding, session_id, "undo")
    assert group_codings(app, first) == set()
    assert "Answer 1 of 5" in text(undone), "undo shows the answer it changed"
    assert "There is nothing to undo yet." in text(press(client, coding, session_id, "undo"))


def test_a_theme_made_mid_session_is_given_at_once_and_usable_on_the_next_answer(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    first, second = coding["answers"][:2]
    made = press(client, coding, session_id, "new-theme", answer_id=first, words="Cups of tea")
    assert "The theme Cups of tea is made." in text(made)
    theme_id = int(made.soup.select_one(".theme-card[aria-pressed=true]")["data-key"].split("-")[1])
    assert group_codings(app, first) == {theme_id}
    press(client, coding, session_id, "move", to="next")
    press(client, coding, session_id, "tag", answer_id=second, theme_id=theme_id, given="1")
    assert group_codings(app, second) == {theme_id}
    empty = press(client, coding, session_id, "new-theme", answer_id=second, words="  ")
    assert empty.status_code == 400 and "Type a few words for the new theme." in text(empty)


def test_bad_buttons_get_a_plain_answer_and_lose_nothing(client, login, coding, make, app):
    project = coding["project"]
    theme_id = make.theme(project, coding["lead"], {"en": "Money"})
    other_lead = make.lead(name="Other", email="other@example.org")
    foreign = make.theme(make.project(other_lead, "Elsewhere"), other_lead, {"en": "Theirs"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    kept, erased = coding["answers"][0], coding["answers"][1]
    press(client, coding, session_id, "tag", answer_id=kept, theme_id=theme_id, given="1")
    with app.app_context():
        assert interview_queries.withdraw(project, "CODE01") == 1
    response = press(client, coding, session_id, "tag", answer_id=erased, theme_id=theme_id)
    assert response.status_code == 409
    assert "That answer is not here any more" in text(response)
    response = press(client, coding, session_id, "tag", answer_id=kept, theme_id=foreign)
    assert response.status_code == 400 and "That theme is not in this project's codebook any more." in text(response)
    response = press(client, coding, session_id, "tag", answer_id=kept, theme_id="nonsense")
    assert response.status_code == 400
    for bad in ("²", "9" * 25):       # used to give a 500
        assert press(client, coding, session_id, "tag", answer_id=kept, theme_id=bad).status_code == 400
        assert press(client, coding, session_id, "vote", answer_id=kept, theme_id=bad).status_code == 400
    assert group_codings(app, kept) == {theme_id}, "the good coding is still there"
    # Without JavaScript the same refusal comes back as a message on the page.
    plain = press(client, coding, session_id, "tag", live_request=False, answer_id=erased, theme_id=theme_id)
    assert plain.status_code == 302
    assert "That answer is not here any more" in text(client.get(plain.headers["Location"]))
    # The erased answer's place in the session says what happened.
    press(client, coding, session_id, "move", to="next")
    assert "This answer was taken out because the person who gave it asked." in text(
        client.get(f"/projects/{project}/coding/sessions/{session_id}"))


def test_a_finished_session_code_is_stale(client, login, coding, app):
    session_id = start(app, coding)
    code = sessions_code(app, coding, session_id)
    login.as_lead(coding["lead"])
    press(client, coding, session_id, "end", confirmed="1")
    response = client.submit("/coding/join", {"code": code})
    assert response.status_code == 400
    assert "There is no session with this code now. It may have finished." in text(response)
    response = client.submit("/coding/join", {"code": "O0I1!"})
    assert "The code is 6 letters and numbers, like KX4PQR." in text(response)
    refused = press(client, coding, session_id, "move", to="next")
    assert "This session has finished." in text(refused)


def test_a_coder_cannot_join_a_session_of_another_project(client, login, coding, make, app):
    other_lead = make.lead(name="Other", email="other@example.org")
    other_project = make.project(other_lead, "Elsewhere")
    other_session = make.coding_session(other_project, other_lead)
    with app.app_context():
        code = sessions.get(other_project, other_session)["join_code"]
    login.as_tablet_person(coding["tablet"], coding["coders"][0])
    response = client.submit("/coding/join", {"code": code})
    assert "There is no session with this code now." in text(response)
    assert client.get(f"/projects/{other_project}/coding/sessions/{other_session}").status_code == 404


def test_quotes_only_for_people_who_agreed_their_words_could_be_shared(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    shared, private = coding["answers"][0], coding["answers"][3]
    marked = press(client, coding, session_id, "quote", answer_id=shared, marked="1")
    assert marked.soup.select_one('[data-key="quote"]')["aria-pressed"] == "true"
    refused = press(client, coding, session_id, "quote", answer_id=private, marked="1")
    assert refused.status_code == 400
    assert "This person did not say we can share their words" in text(refused)
    with app.app_context():
        assert [row[0] for row in get_db().execute("select answer_id from quotes")] == [shared]
        interview_queries.withdraw(coding["project"], "CODE00")
        assert get_db().execute("select count(*) from quotes").fetchone()[0] == 0, "withdrawal takes quotes too"


def test_filters_by_site_and_only_answers_with_no_theme(client, login, coding, make, app):
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    with app.app_context():
        assert sessions.sites(coding["project"]) == ["Newport", "Torfaen"]
    torfaen = start(app, coding, site="Torfaen")
    login.as_lead(coding["lead"])
    assert "Answer 1 of 2" in text(client.get(f"/projects/{coding['project']}/coding/sessions/{torfaen}"))
    press(client, coding, torfaen, "tag", answer_id=coding["answers"][1], theme_id=theme_id, given="1")
    uncoded = start(app, coding, uncoded=True)
    assert "Answer 1 of 4" in text(client.get(f"/projects/{coding['project']}/coding/sessions/{uncoded}"))
    refiltered = press(client, coding, uncoded, "filters", questions=["money_feel"], heading="not_working")
    assert refiltered.status_code == 400, "no ticked question sits under that heading"
    refiltered = press(client, coding, uncoded, "filters", questions=["money_feel", "money_not_good"])
    assert "Answer 1 of 10" in text(refiltered)


def test_not_sure_answers_can_be_come_back_to(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    later = press(client, coding, session_id, "move", answer_id=coding["answers"][0], to="later")
    assert "Answer 2 of 5" in text(later)
    back = press(client, coding, session_id, "move", to="back_later")
    assert "Answer 1 of 5" in text(back)


def test_pages_are_checked_for_each_kind_of_visitor(coding, app, make):
    """Every coding page, as the lead and as a coder on a tablet, in both languages."""
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Money", "cy": "Arian"})
    session_id = start(app, coding)
    project = coding["project"]
    for who in ("lead", "coder"):
        client = new_client(app)
        login = Login(client)
        login.as_lead(coding["lead"]) if who == "lead" else login.as_tablet_person(coding["tablet"], coding["coders"][0])
        for language in ("en", "cy"):
            client.get(f"/language/{language}").close()
            for url in (f"/projects/{project}/coding/", f"/projects/{project}/themes/",
                        f"/projects/{project}/themes/new", f"/projects/{project}/themes/{theme_id}/",
                        f"/projects/{project}/themes/{theme_id}/edit", f"/projects/{project}/themes/{theme_id}/merge",
                        f"/projects/{project}/themes/{theme_id}/split", f"/projects/{project}/coding/sessions/{session_id}",
                        f"/projects/{project}/coding/agreement/", "/coding/join"):
                response = client.get(url)
                assert response.status_code == 200, url
                assert response.soup.html["lang"] == language
                for card in response.soup.select(".theme-card"):
                    # Readable without colour: words, and a picture or the words' first letter.
                    assert card.select_one(".theme-card__words").get_text(strip=True), url
                    assert card.select_one("img, .theme-card__initial"), url

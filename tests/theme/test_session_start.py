"""Starting a session with something wrong in it: a plain message, the person's choices
kept, and no session started on the wrong questionnaire or left behind empty."""
import pytest

from peersurvey.db import get_db

from ..pages import text


def sessions_made(app):
    with app.app_context():
        return get_db().execute("select count(*) from coding_sessions").fetchone()[0]


def start_with(client, coding, questionnaire, **fields):
    index = f"/projects/{coding['project']}/coding/"
    return client.submit(f"{index}start?questionnaire={questionnaire}",
                         {"mode": "group", "heading": "", **fields}, page=index)


@pytest.mark.parametrize("questionnaire", ["99999", "abc", "9" * 25, "²"])
def test_an_unknown_questionnaire_is_refused_and_the_choices_are_kept(client, login, coding, app, questionnaire):
    login.as_lead(coding["lead"])
    refused = start_with(client, coding, questionnaire, questions=["money_feel"], site="Torfaen", uncoded="y")
    assert refused.status_code == 400
    assert "Choose a questionnaire from the list." in text(refused)
    assert refused.soup.select_one(".error-summary a")["href"] == "#questionnaire"
    assert refused.soup.select_one("#questionnaire"), "the error summary's link goes somewhere"
    assert {i["value"] for i in refused.soup.select("#group-questions input[checked]")} == {"money_feel"}
    assert refused.soup.select_one("#group-site option[selected]")["value"] == "Torfaen"
    assert refused.soup.select_one("#group-uncoded").has_attr("checked")
    assert sessions_made(app) == 0, "no session was started on another questionnaire"


def test_a_question_that_does_not_exist_gets_a_message_about_questions(client, login, coding, app):
    login.as_lead(coding["lead"])
    refused = start_with(client, coding, coding["questionnaire"], questions=["no_such_question"])
    assert refused.status_code == 400
    words = text(refused)
    assert "Tick at least one of the questions in the list." in words
    assert "heading" not in refused.soup.select_one(".error-summary").get_text()
    assert sessions_made(app) == 0


def test_a_heading_with_none_of_the_ticked_questions_still_says_so(client, login, coding, app):
    login.as_lead(coding["lead"])
    refused = start_with(client, coding, coding["questionnaire"], questions=["money_feel"], heading="not_working")
    assert refused.status_code == 400
    assert "None of the questions you ticked sit under that heading." in text(refused)


def test_choices_that_match_no_answers_leave_no_empty_session_behind(client, login, coding, app):
    login.as_lead(coding["lead"])
    refused = start_with(client, coding, coding["questionnaire"], questions=["money_not_good"], site="Nowhere")
    assert refused.status_code == 400
    assert "There are no answers to sort with these choices." in text(refused)
    assert refused.soup.select_one("#group-questions input[checked]")["value"] == "money_not_good"
    assert sessions_made(app) == 0
    assert "Sessions going on now" not in text(client.get(f"/projects/{coding['project']}/coding/"))
    started = start_with(client, coding, coding["questionnaire"], questions=["money_not_good"])
    assert started.status_code == 302 and sessions_made(app) == 1


def test_changing_a_sessions_answers_to_a_question_that_does_not_exist_says_so(client, login, coding, app):
    from .session_helpers import press, start
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    refused = press(client, coding, session_id, "filters", questions=["no_such_question"])
    assert refused.status_code == 400
    assert "Tick at least one of the questions in the list." in text(refused)

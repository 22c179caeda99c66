"""What the server says after a button is seen where the page opens (static/easyread/
messages-in-view.js): a lead who taps "Add this question" without choosing a kind comes
back at the add form, and the message is there, not out of sight at the top."""
import pytest
from playwright.sync_api import expect

from .conftest import click_and_wait, sign_in_lead, switch_language

SAID = {"en": "Choose what kind of question to add.", "cy": "Dewiswch pa fath o gwestiwn i'w ychwanegu."}


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_message_after_a_button_is_where_the_page_opens(live_server, page, language):
    lead = live_server.make.lead()
    project = live_server.make.project(lead, "Messages")
    questionnaire = live_server.make.questionnaire(project, lead)
    sign_in_lead(page, lead)
    if language == "cy":
        switch_language(page, "cy")
    page.goto(f"/projects/{project}/questionnaires/{questionnaire}")
    for _ in range(6):      # a questionnaire long enough that the add form is below the first screen
        page.locator("#add-question .choice__label").first.click()
        click_and_wait(page, "#add-question button[type=submit]")
        page.goto(f"/projects/{project}/questionnaires/{questionnaire}")
    click_and_wait(page, "#add-question button[type=submit]")       # no kind chosen
    assert page.url.endswith("#add-question")
    message = page.locator("#add-question [data-message]")
    expect(message).to_have_text(SAID[language])
    expect(message).to_have_attribute("role", "alert")
    assert in_view(page, message), "the message is on screen where the page opened"
    assert page.locator("main > [data-message]").count() == 0


def test_a_message_stays_at_the_top_when_the_page_opens_at_a_question_card(live_server, page):
    """A question's card is laid out in a row: a message inside it squeezed its words and
    buttons into a narrow column. There the message stays at the top of the page."""
    lead = live_server.make.lead()
    project = live_server.make.project(lead, "Messages")
    questionnaire = live_server.make.questionnaire(project, lead)
    sign_in_lead(page, lead)
    page.goto(f"/projects/{project}/questionnaires/{questionnaire}")
    card = page.locator(".question-card").first
    width = card.bounding_box()["width"]
    key = card.get_attribute("id").removeprefix("question-")
    page.goto(f"/projects/{project}/questionnaires/{questionnaire}/questions/{key}")
    click_and_wait(page, "form.form--wide button[type=submit]")
    assert page.url.endswith(f"#question-{key}")
    assert page.locator("main > [data-message]").count() == 1
    assert page.locator(".question-card [data-message]").count() == 0
    assert abs(page.locator(f"#question-{key}").bounding_box()["width"] - width) < 2

"""What the server says after a button is seen where the page opens (static/easyread/
messages-in-view.js): a lead who taps "Add this question" without choosing a kind comes
back at the add form, and the message is there, not out of sight at the top."""
import json

import pytest
from playwright.sync_api import expect

from ..collect.conftest import DEMO
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


CANNOT_MOVE = {"en": "This question cannot move there, because a question's condition must look at an earlier "
                      "question. Change the condition first.",
               "cy": "Does dim modd symud y cwestiwn hwn yno, achos rhaid i amod cwestiwn edrych ar gwestiwn "
                     "cynharach. Newidiwch yr amod yn gyntaf."}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_message_about_a_question_is_in_its_card_where_the_page_opens(live_server, page, language):
    """A question that cannot move comes back with the page opened at its card, far down a
    long questionnaire: the message is at the top of the card's words. The card is laid out
    in a row, so the message does not go beside its words, squeezing them."""
    lead = live_server.make.lead()
    project = live_server.make.project(lead, "Messages")
    questionnaire = live_server.make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    sign_in_lead(page, lead)
    if language == "cy":
        switch_language(page, "cy")
    page.goto(f"/projects/{project}/questionnaires/{questionnaire}")
    card = page.locator("#question-money_not_good")     # shown only after money_feel, just above it
    width = card.bounding_box()["width"]
    words_width = card.locator(".question-card__text").bounding_box()["width"]
    click_and_wait(page, "#question-money_not_good form[action$='/move/up'] button")
    assert page.url.endswith("#question-money_not_good")
    message = card.locator("[data-messages-here] > [data-message]")
    expect(message).to_have_text(CANNOT_MOVE[language])
    expect(message).to_have_attribute("role", "alert")
    assert in_view(page, message), "the message is on screen where the page opened"
    assert page.locator("main > [data-message]").count() == 0
    assert abs(card.bounding_box()["width"] - width) < 2
    assert abs(card.locator(".question-card__text").bounding_box()["width"] - words_width) < 2


def test_a_message_about_a_consent_point_is_in_its_row(live_server, page):
    lead = live_server.make.lead()
    project = live_server.make.project(lead, "Messages")
    questionnaire = live_server.make.questionnaire(project, lead)
    sign_in_lead(page, lead)
    consent = f"/projects/{project}/questionnaires/{questionnaire}/consent"
    page.goto(consent)
    last = page.locator(".consent-point-row[id^=point-]").last
    number = last.get_attribute("id").removeprefix("point-")
    page.goto(f"{consent}/points/{number}")
    click_and_wait(page, "form.form--consent-point button[type=submit]")
    assert page.url.endswith(f"#point-{number}")
    message = page.locator(f"#point-{number} [data-messages-here] > [data-message]")
    expect(message).to_have_text("The point is saved.")
    assert in_view(page, message)
    assert page.locator("main > [data-message]").count() == 0


def test_a_message_stays_at_the_top_after_the_skip_link(live_server, page):
    """The skip link leaves #main in the address, and a form with no action of its own sends
    it on: main holds the first question's card, but the message is not that question's."""
    lead = live_server.make.lead()
    project = live_server.make.project(lead, "Messages")
    questionnaire = live_server.make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    sign_in_lead(page, lead)
    page.goto(f"/projects/{project}/questionnaires/{questionnaire}/title")
    page.keyboard.press("Tab")          # the skip link is first
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    click_and_wait(page, "form.form--wide button[type=submit]")
    assert page.url.endswith(f"/questionnaires/{questionnaire}#main")
    assert page.locator("main > [data-message]").count() == 1
    assert page.locator(".question-card [data-message]").count() == 0

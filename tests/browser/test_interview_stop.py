"""Stopping an interview and the participant's card, in a real Chromium against the real
server: Stop is on every interview screen; "Keep it to finish later" leaves it under
"Interviews not finished" and "Carry on" comes back to the screen it stopped on with its
answers; "Delete it" asks first and then leaves nothing on the tablet; "Go back" returns
to the same screen. The interviewer types the code from the participant's card (forgiving
of case, spaces and dashes; a code that cannot be on a card is refused in plain words), and
the thank-you screen shows the code large and says what it is for."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible
from .interview_helpers import (
    answer_voice,
    read_consent,
    agree,
    db_rows,
    expect_screen,
    get_ready,
    heading,
    next_screen,
    open_app,
    published_demo,
    start_interview,
    stored,
    switch_app_language,
)

STOP_TITLE = {"en": "Do you want to stop?", "cy": "Ydych chi eisiau stopio?"}
HOME = {"en": "Interviews", "cy": "Cyfweliadau"}
KEPT = {"en": "kept on this tablet", "cy": "cael ei gadw ar y llechen hon"}
DELETE_TITLE = {"en": "Delete this interview?", "cy": "Dileu'r cyfweliad hwn?"}
DELETED = {"en": "The interview is deleted.", "cy": "Mae'r cyfweliad wedi'i ddileu."}


def stored_interviews(page):
    stored(page)
    return page.evaluate("() => PSDB.all('interviews')")


def ready_app(live_server, open_tab, name):
    world = published_demo(live_server, name)
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    return world, page


@pytest.mark.parametrize("language", ["en", "cy"])
def test_stop_keep_for_later_then_carry_on_at_the_same_screen(live_server, open_tab, language):
    world, page = ready_app(live_server, open_tab, f"Stop and keep {language}")
    switch_app_language(page, language)
    code = start_interview(page)
    expect(page.locator("#stop")).to_be_visible()              # on the consent screen too
    agree(page)
    page.fill("#answer-text", "60")
    next_screen(page)
    page.fill("#answer-text", "Blaenafon")
    question = heading(page).inner_text()
    page.click("#stop")
    expect_screen(page, STOP_TITLE[language])
    expect(page.locator("#stop")).to_have_count(0)             # not on the stop screen itself
    assert_accessible(page)
    page.click("#stop-keep")
    expect_screen(page, HOME[language])
    expect(page.locator("#status")).to_have_text(re.compile(KEPT[language]))
    row = page.locator(".interview-row", has_text=code)
    expect(row).to_be_visible()
    [kept] = stored_interviews(page)
    assert kept["state"] == "in_progress" and kept["answers"]
    row.locator(".carry-on").click()
    expect_screen(page, question)
    expect(page.locator("#answer-text")).to_have_value("Blaenafon")


def test_stop_then_go_back_returns_to_the_same_screen_with_its_answer(live_server, open_tab):
    world, page = ready_app(live_server, open_tab, "Stop and back")
    start_interview(page)
    agree(page)
    page.fill("#answer-text", "42")
    page.click("#stop")
    page.click("#stop-back")
    expect_screen(page, re.compile("old"))
    expect(page.locator("#answer-text")).to_have_value("42")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_delete_asks_first_and_then_leaves_nothing_on_the_tablet(live_server, open_tab, language):
    world, page = ready_app(live_server, open_tab, f"Stop and delete {language}")
    switch_app_language(page, language)
    code = start_interview(page)
    agree(page)
    page.click("#stop")
    page.click("#stop-delete")
    expect_screen(page, DELETE_TITLE[language])
    assert_accessible(page)
    page.click("#delete-no")                                   # asked first: nothing gone
    expect_screen(page, STOP_TITLE[language])
    assert len(stored_interviews(page)) == 1
    page.click("#stop-delete")
    page.click("#delete-yes")
    expect_screen(page, HOME[language])
    expect(page.locator("#status")).to_have_text(DELETED[language])
    expect(page.locator(".interview-row", has_text=code)).to_have_count(0)
    assert stored_interviews(page) == []
    page.reload()                                             # and it does not come back
    page.wait_for_selector("body[data-ready=true]")
    expect(heading(page)).to_have_text(HOME[language])
    assert stored_interviews(page) == []


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_stop_screen_in_each_language(live_server, open_tab, language):
    world, page = ready_app(live_server, open_tab, f"Stop {language}")
    switch_app_language(page, language)
    start_interview(page)
    page.click("#stop")
    expect_screen(page, STOP_TITLE[language])
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"interview-{language}-stop.png"))


def test_the_code_from_a_card_is_typed_forgivingly_and_shown_large_at_the_end(live_server, open_tab):
    world, page = ready_app(live_server, open_tab, "Cards")
    page.click(".start-button")
    expect_screen(page, "A new interview")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_have_text("Type the code from the card first.")
    expect(page.locator("#card-code")).to_be_focused()
    page.fill("#card-code", "AB0DEF")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_contain_text("never use the letters O, I or L")
    page.fill("#card-code", "ABC")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_contain_text("has 6 letters and numbers")
    assert_accessible(page)
    page.fill("#card-code", " hj k-mn7 ")
    page.keyboard.press("Enter")
    expect_screen(page, "Before we start")
    read_consent(page)
    page.click("#consent-no")                                 # the shortest whole interview
    expect_screen(page, "Thank you")
    expect(page.locator("#thanks-code")).to_have_count(0)     # no answers kept: no code to give
    page.click("#home")

    page.click(".start-button")
    page.fill("#card-code", "pqr stu")
    page.click("#use-card")
    read_consent(page)
    page.click("#consent-yes")
    page.click("#share-no")
    answer_voice(page)
    page.click("#stop")
    page.click("#stop-keep")
    page.locator(".carry-on").click()
    for _ in range(40):                                        # answer nothing: skip to the end
        if page.locator("#finish").count():
            break
        next_screen(page)
    page.click("#finish")
    expect_screen(page, "Thank you")
    expect(page.locator("#thanks-code")).to_have_text("PQRSTU")
    expect(page.locator(".thanks-code")).to_contain_text(
        "If you change your mind about your answers, tell Cards this code.")
    assert_accessible(page)
    page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text(re.compile("No interviews"), timeout=20000)
    codes = {r["participant_code"] for r in db_rows(
        live_server, "select participant_code from interviews where project_id = ?", [world["project"]])}
    assert codes == {"HJKMN7", "PQRSTU"}


def test_no_card_uses_the_code_the_tablet_made(live_server, open_tab):
    world, page = ready_app(live_server, open_tab, "No card")
    code = start_interview(page)                               # "Use this new code"
    page.get_by_role("button", name="Back", exact=True).click()
    expect_screen(page, "A new interview")
    expect(page.locator("#participant-code")).to_have_text(code)
    next_screen(page)
    [iv] = stored_interviews(page)
    assert iv["participant_code"] == code


def test_do_not_start_this_interview_leaves_nothing_on_the_tablet(live_server, open_tab):
    world, page = ready_app(live_server, open_tab, "Not started")
    page.click(".start-button")
    expect_screen(page, "A new interview")
    page.click("#cancel-start")
    expect_screen(page, "Interviews")
    assert stored_interviews(page) == []


def test_the_code_from_a_card_is_typed_in_welsh_too(live_server, open_tab):
    world, page = ready_app(live_server, open_tab, "Cardiau")
    switch_app_language(page, "cy")
    page.click(".start-button")
    expect_screen(page, "Cyfweliad newydd")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_have_text("Teipiwch y cod sydd ar y cerdyn yn gyntaf.")
    page.fill("#card-code", "AB0DEF")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_contain_text("Does dim O, I nac L, na 0 nac 1, mewn cod byth.")
    page.fill("#card-code", "ABC")
    page.click("#use-card")
    expect(page.locator("#card-code-error")).to_contain_text("Mae gan god ar gerdyn 6 llythyren a rhif.")
    assert_accessible(page)
    page.fill("#card-code", "wxy-z23")
    page.keyboard.press("Enter")
    expect_screen(page, "Cyn i ni ddechrau")
    read_consent(page)
    page.click("#consent-yes")
    page.click("#share-no")
    answer_voice(page)
    for _ in range(40):                                        # answer nothing: skip to the end
        if page.locator("#finish").count():
            break
        next_screen(page)
    page.click("#finish")
    expect_screen(page, "Diolch")
    expect(page.locator("#thanks-code")).to_have_text("WXYZ23")
    expect(page.locator(".thanks-code")).to_contain_text("Dyma eich cod. Os byddwch chi'n newid eich meddwl")
    expect(page.locator(".thanks-code")).to_contain_text("Cardiau")
    assert_accessible(page)

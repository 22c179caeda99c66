""""Can we use your words on posters?" in the offline interview app: its own page after a
yes to taking part, with two big buttons and read aloud; the answer is kept on the
tablet, shown on the check page, can be changed there, and reaches the server as
share_words. A questionnaire that does not ask goes straight to the first question. (A
person who says no to taking part is never asked: see test_interview_offline.py.)"""
import json

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, wait_until
from .interview_helpers import (
    answer_voice,
    read_consent,
    DEMO,
    SIZES,
    db_rows,
    expect_screen,
    get_ready,
    heading,
    next_screen,
    open_app,
    published_demo,
    reload_offline,
    start_interview,
    switch_app_language,
)

SHARE_TEXT = json.loads(DEMO.read_text())["share_consent"]

# A tablet voice that only writes down what it was asked to say.
FAKE_VOICE = """
window.spoken = [];
speechSynthesis.getVoices = () => [{lang: "en-GB", name: "Test voice"}];
speechSynthesis.cancel = () => {};
speechSynthesis.speak = (u) => { window.spoken.push(u.text); setTimeout(() => u.dispatchEvent(new Event("end"))); };
window.SpeechSynthesisUtterance = class extends EventTarget { constructor(text) { super(); this.text = text; } };
"""


# Whatever sticks out past the right edge, so the page would scroll sideways.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def to_the_check_page(page):
    answer_voice(page)
    while not page.locator("#finish").count():
        next_screen(page)


def test_the_sharing_answer_is_kept_shown_changed_on_the_check_page_and_sent(live_server, open_tab):
    world = published_demo(live_server, "Sharing words")
    page = open_tab()
    page.add_init_script(FAKE_VOICE)
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-yes")

    expect_screen(page, "Your words on posters")
    expect(page.locator("#share-words")).to_have_text(SHARE_TEXT["en"])
    for button in ("#share-yes", "#share-no"):
        expect(page.locator(button)).to_have_attribute("aria-pressed", "false")
    page.click(".read-aloud-button")
    wait_until(page, "window.spoken.length === 3")
    assert page.evaluate("window.spoken") == [SHARE_TEXT["en"], "Yes, you can use my words",
                                              "No, do not use my words"]
    page.click("#share-no")
    answer_voice(page)

    # Back from the first question comes to this page (through "Can we record your voice?"),
    # with the answer kept; back again is consent.
    expect_screen(page, "How old are you?")
    page.click("#back")
    expect_screen(page, "Recording your voice")
    page.click("#back")
    expect_screen(page, "Your words on posters")
    expect(page.locator("#share-no")).to_have_attribute("aria-pressed", "true")
    page.click("#back")
    expect_screen(page, "Before we start")
    read_consent(page)
    page.click("#consent-yes")
    expect(page.locator("#share-no")).to_have_attribute("aria-pressed", "true")
    page.click("#share-no")

    to_the_check_page(page)
    expect_screen(page, "Check your answers")
    share = page.locator("#check-share")
    expect(share.locator(".check-item__question")).to_have_text("Can we use your words on posters?")
    expect(share).to_contain_text("No, do not use my words")
    expect(share.locator(".take-out-button")).to_have_count(0)
    share.locator(".change-button").click()
    expect_screen(page, "Your words on posters")
    page.click("#share-yes")
    expect_screen(page, "Check your answers")
    expect(page.locator("#check-share")).to_contain_text("Yes, you can use my words")
    reload_offline(page)                   # kept on the tablet, not just on the screen
    expect(page.locator("#check-share")).to_contain_text("Yes, you can use my words")

    page.click("#finish")
    expect_screen(page, "Thank you")
    page.click("#home")
    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    [row] = db_rows(live_server, "select share_words, consent from interviews where participant_code = ?", [code])
    assert row == {"share_words": 1, "consent": 1}


def test_a_questionnaire_that_does_not_ask_goes_straight_to_the_questions(live_server, open_tab):
    document = dict(json.loads(DEMO.read_text()), share_consent=None)
    world = published_demo(live_server, "Not asking", document)
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-yes")
    answer_voice(page)
    expect_screen(page, "How old are you?")
    page.click("#back")
    expect_screen(page, "Recording your voice")
    page.click("#back")
    expect_screen(page, "Before we start")
    read_consent(page)
    page.click("#consent-yes")
    to_the_check_page(page)
    expect(page.locator("#check-share")).to_have_count(0)
    page.click("#finish")
    page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    [row] = db_rows(live_server, "select share_words from interviews where participant_code = ?", [code])
    assert row["share_words"] is None


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size, viewport", [("tablet", {"width": 1024, "height": 768}),
                                            ("phone", {"width": 390, "height": 844})])
def test_the_sharing_page_reads_well_on_a_tablet_and_a_phone(live_server, open_tab, language, size, viewport):
    world = published_demo(live_server, f"Sharing {size} {language}")
    page = open_tab(viewport)
    get_ready(page, world)
    open_app(page)
    switch_app_language(page, language)
    start_interview(page)
    read_consent(page)
    page.click("#consent-yes")
    expect(heading(page)).to_have_text("Your words on posters" if language == "en" else "Eich geiriau ar bosteri")
    expect(page.locator("#share-words")).to_have_text(SHARE_TEXT[language])
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"interview-{language}-share-{size}.png"), full_page=True)
    wide = page.evaluate(WIDE)
    assert wide == [], "; ".join(wide)
    assert page.evaluate(SIZES) == []
    assert_accessible(page)
    page.click("#share-yes")
    to_the_check_page(page)
    assert_accessible(page)
    page.locator("#check-share").screenshot(path=str(SCREENSHOTS / f"interview-{language}-share-check-{size}.png"))

"""Every screen of the offline interview app in a real Chromium against the real server:
everything works by keyboard alone, there are zero axe violations in English and in Welsh,
a language switch loses nothing, read aloud plays the group's own recording with no
network, changing an answer drops what its condition no longer allows, and text and
targets are big enough on a tablet and a phone."""
import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, wait_until
from .interview_helpers import (
    read_consent,
    DEMO,
    SIZES,
    agree,
    answer_button,
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

# (c) keyboard only ---------------------------------------------------------------------

def tab_to(page, selector, limit=80):
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press(page, selector, key="Enter"):
    tab_to(page, selector)
    page.keyboard.press(key)


def test_an_interview_can_be_done_with_the_keyboard_alone(live_server, open_tab):
    world = published_demo(live_server, "Keyboard")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    press(page, ".start-button")
    expect_screen(page, "A new interview")
    code = page.locator("#participant-code").inner_text()
    press(page, "#next")
    expect_screen(page, "Before we start")
    read_consent(page)
    press(page, "#consent-yes", "Space")
    expect_screen(page, "Your words on posters")
    press(page, "#share-no", "Enter")
    expect_screen(page, "Recording your voice")
    press(page, "#voice-no", "Enter")
    expect_screen(page, "How old are you?")
    tab_to(page, "#answer-text")
    page.keyboard.type("52")
    press(page, "#next")
    expect_screen(page, "Which town do you live in?")
    press(page, "[data-status=skipped]", "Space")
    press(page, "#next")
    screens = 0
    while page.locator("#screen-heading").inner_text() != "Check your answers":
        screens += 1
        assert screens < 30
        if page.locator("#answers .answer-button[data-key]").count():
            press(page, "#answers .answer-button[data-key]", "Space")   # the first picture
        elif page.locator("#answers").count():
            press(page, "[data-status=dont_know]", "Enter")
        else:
            tab_to(page, "#answer-text")                               # a dream follow-up
            page.keyboard.type("Yes please")
        press(page, "#next")
    expect(heading(page)).to_be_focused()
    press(page, "#check-town .take-out-button")
    expect(page.locator("#confirm-town")).to_be_focused()
    press(page, "#check-town .confirm-yes")
    press(page, "#finish")
    expect_screen(page, "Thank you")
    press(page, "#home")
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    rows = db_rows(live_server, "select * from interviews where participant_code = ?", [code])
    assert len(rows) == 1
    answers = {r["question"]: r for r in db_rows(live_server, "select * from answers where interview_id = ?", [rows[0]["id"]])}
    assert "town" not in answers and json.loads(answers["age"]["value"]) == 52
    assert rows[0]["share_words"] == 0


# (d) axe on every screen, in both languages --------------------------------------------

@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_interview_screen_has_no_accessibility_problems(live_server, open_tab, language):
    world = published_demo(live_server, f"Axe {language}")
    page = open_tab()
    get_ready(page, world)
    assert_accessible(page)                      # the tablet home page with the ready sign
    open_app(page)
    switch_app_language(page, language)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"interview-{language}-home.png"))
    page.click(".start-button")
    assert_accessible(page)
    page.click("#next")
    assert_accessible(page)                      # consent
    read_consent(page)
    page.click("#consent-yes")
    expect(heading(page)).to_have_text("Your words on posters" if language == "en" else "Eich geiriau ar bosteri")
    assert_accessible(page)                      # can we use your words on posters?
    page.click("#share-yes")
    expect(heading(page)).to_have_text("Recording your voice" if language == "en" else "Recordio eich llais")
    assert_accessible(page)                      # can we record your voice?
    page.click("#voice-yes")                     # so the recorder is on every screen it can be
    kinds_seen = set()
    document = world["document"]
    by_text = {q["text"][language]: q for q in document["questions"]}
    for _ in range(40):
        if page.locator("#finish").count():
            break
        title = heading(page).inner_text()
        question = by_text.get(title)
        kind = question["kind"] if question else "dream_follow_up"
        if kind not in kinds_seen:
            kinds_seen.add(kind)
            assert_accessible(page)
            page.screenshot(path=str(SCREENSHOTS / f"interview-{language}-{kind}.png"))
        if page.locator("#answers .answer-button[data-key]").count():
            page.locator("#answers .answer-button[data-key]").first.click()
            if kind == "dream_trigger":
                assert_accessible(page)          # with pictures chosen
        elif page.locator("#answers").count():
            page.fill("#answer-text", "20")
        else:
            page.fill("#answer-text", "Hwyl")
        page.click("#next")
    assert kinds_seen == {"picture_choice", "feelings", "yes_no", "free_text", "dream_trigger",
                          "short_answer", "spoken_answer", "dream_follow_up"}
    expect(heading(page)).to_have_text("Check your answers" if language == "en" else "Gwirio eich atebion")
    assert_accessible(page)                      # check your answers
    page.screenshot(path=str(SCREENSHOTS / f"interview-{language}-check.png"), full_page=True)
    page.locator(".take-out-button").first.click()
    assert_accessible(page)                      # the "take out?" question
    page.locator(".confirm-no").click()
    page.click("#finish")
    assert_accessible(page)                      # thank you
    page.click("#home")
    expect(heading(page)).to_be_focused()
    assert_accessible(page)


# (e) switching language mid-interview ---------------------------------------------------

def test_switching_language_mid_interview_keeps_everything(live_server, open_tab):
    world = published_demo(live_server, "Dwyieithog")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    start_interview(page)
    agree(page)
    page.fill("#answer-text", "60")
    next_screen(page)
    page.fill("#answer-text", "Blaenafon")
    switch_app_language(page, "cy")
    expect_screen(page, "Ym mha dref rydych chi'n byw?")
    expect(page.locator("#answer-text")).to_have_value("Blaenafon")
    expect(page.locator(".ask__progress")).to_have_text(re.compile(r"Cwestiwn 2 o \d+"))
    page.click("#back")
    expect(page.locator("#answer-text")).to_have_value("60")
    page.click("#next")
    page.click("#next")
    expect_screen(page, "Ydych chi'n dewis beth rydych chi'n ei wneud bob dydd?")
    answer_button(page, "Ydw").click()
    switch_app_language(page, "en")
    expect_screen(page, "Do you choose what you do each day?")
    expect(answer_button(page, "Yes")).to_have_attribute("aria-pressed", "true")
    switch_app_language(page, "cy")
    stored(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(answer_button(page, "Ydw")).to_have_attribute("aria-pressed", "true")


# Read aloud: the group's recording, kept on the tablet -------------------------------

def silent_wav(frames=2400):
    """A silent recording (give each its own length to have different files)."""
    import io
    import wave
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * frames)
    return out.getvalue()


def test_read_aloud_plays_the_groups_recording_offline_and_says_so_with_nothing_to_play(live_server, open_tab):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Voices offline")
    person = make.member(project, "Ivy Interviewer", pin="2580")
    tablet = make.tablet(project, lead)
    picture = make.picture(project, lead)
    with make.app.test_request_context():
        from peersurvey.prepare import media
        recording = media.store_recording(project, silent_wav(), lead["id"])
    document = json.loads(DEMO.read_text())
    document["questions"][0]["audio"]["cy"] = recording
    document["questions"][0]["picture"] = picture
    questionnaire = make.questionnaire(project, lead, document)
    with make.app.app_context():
        from peersurvey.prepare import questionnaires
        questionnaires.publish(questionnaires.draft(questionnaire), lead["id"])
    world = dict(tablet=tablet, person=person)
    page = open_tab()
    # A tablet with no speech voices at all: only the recording can read aloud.
    page.add_init_script("speechSynthesis.getVoices = function () { return []; };")
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    start_interview(page)
    agree(page)
    expect_screen(page, "How old are you?")
    # No English recording and no voice: the button stays, switched off, and says why.
    silent = page.locator(".read-aloud-button")
    expect(silent).to_be_visible()
    expect(silent).to_have_attribute("aria-disabled", "true")
    expect(page.locator(".read-aloud__none")).to_have_text(re.compile("no voice for this language"))
    silent.click(force=True)                                   # a tap does nothing
    expect(silent).not_to_have_attribute("data-played", "true")
    assert_accessible(page)
    # The lead's own picture, kept on the tablet, shows with no network.
    image = page.locator(".ask__picture img")
    expect(image).to_have_attribute("src", "/api/v1/media/" + picture.split(":", 1)[1])
    wait_until(page, "document.querySelector('.ask__picture img').naturalWidth > 0")
    switch_app_language(page, "cy")
    button = page.locator(".read-aloud-button")
    expect(button).to_be_visible()
    expect(button).not_to_have_attribute("aria-disabled", "true")
    button.click()
    expect(button).to_have_attribute("data-played", "true")
    assert_accessible(page)
    page.fill("#answer-text", "60")
    for _ in range(40):                   # on to "Check your answers": it reads aloud too
        if page.locator("#finish").count():
            break
        page.click("#next")
    check_button = page.locator(".read-aloud-button")
    expect(check_button).to_be_visible()
    expect(check_button).not_to_have_attribute("aria-disabled", "true")   # the first question's recording
    check_button.click()
    expect(check_button).to_have_attribute("data-played", "true")


# Conditions and sizes -------------------------------------------------------------------

def test_changing_an_earlier_answer_drops_the_answer_its_condition_no_longer_allows(live_server, open_tab):
    world = published_demo(live_server, "Conditions")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    start_interview(page)
    agree(page)
    for _ in range(4):                                     # to "How do you feel about your money?"
        next_screen(page)
    expect_screen(page, "How do you feel about your money?")
    answer_button(page, "Unhappy").click()
    next_screen(page)
    expect_screen(page, "What is not good about your money?")
    page.fill("#answer-text", "Not enough of it.")
    page.click("#back")
    answer_button(page, "Happy").click()
    next_screen(page)
    expect_screen(page, "Do you have a job?")              # the free-text question is not asked now
    answer_button(page, "No").click()
    next_screen(page)
    expect_screen(page, "Would you like a paid job?")      # "no" opens this one instead
    while not page.locator("#finish").count():
        next_screen(page)
    expect(page.locator("#check-money_not_good")).to_have_count(0)
    # Changing "has a job" on the check page asks the question it newly opens, then comes back.
    page.locator("#check-has_job .change-button").click()
    answer_button(page, "Yes").click()
    next_screen(page)
    expect_screen(page, "What is good about your job?")
    page.fill("#answer-text", "The people.")
    next_screen(page)
    expect_screen(page, "Check your answers")
    expect(page.locator("#check-job_good")).to_contain_text("The people.")
    expect(page.locator("#check-job_want")).to_have_count(0)


@pytest.mark.parametrize("viewport", [{"width": 1024, "height": 768}, {"width": 400, "height": 800}])
def test_text_and_targets_are_big_enough_on_a_tablet_and_a_phone(live_server, open_tab, viewport):
    world = published_demo(live_server, f"Sizes {viewport['width']}")
    page = open_tab(viewport)
    get_ready(page, world)
    open_app(page)
    assert page.evaluate(SIZES) == []
    start_interview(page)
    assert page.evaluate(SIZES) == []
    agree(page)
    while not page.locator("#finish").count():
        assert page.evaluate(SIZES) == [], heading(page).inner_text()
        if page.locator("#answers .answer-button[data-key]").count():
            page.locator("#answers .answer-button[data-key]").first.click()
            assert page.evaluate(SIZES) == []
        next_screen(page)
    assert page.evaluate(SIZES) == []
    if viewport["width"] < 600:      # the picture goes above the question on a narrow screen
        page.locator(".check-list .change-button").first.click()
        picture = page.locator(".ask__picture").bounding_box()
        question = heading(page).bounding_box()
        assert picture["y"] + picture["height"] <= question["y"] + 1

"""The offline interview app in a real Chromium against the real server: an interviewer
gets the tablet ready while online, then runs whole interviews with the network cut off,
and they reach the server's database when it comes back. Every screen has zero axe
violations in English and in Welsh, everything works by keyboard alone, a reload or a
language switch loses nothing, and the outbox can be saved to a file in the sync format."""
import json
import re
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from peersurvey.db import connect

from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, wait_until

DEMO = Path(__file__).resolve().parents[2] / "peersurvey/prepare/demo_questionnaire.json"
APP = "/tablet/interview/"


# Helpers ---------------------------------------------------------------------------------

def published_demo(live_server, name, document=None):
    """A project with an interviewer, a tablet and the demo questionnaire (or `document`), published."""
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, name)
    person = make.member(project, "Ivy Interviewer", pin="2580")
    tablet = make.tablet(project, lead)
    document = document or json.loads(DEMO.read_text())
    questionnaire = make.questionnaire(project, lead, document)
    with make.app.app_context():
        from peersurvey.prepare import questionnaires
        draft = questionnaires.draft(questionnaire)
        questionnaires.publish(draft, lead["id"])
        version_id = draft["id"]
    return dict(lead=lead, project=project, person=person, tablet=tablet, version=version_id,
                document=document)


def sign_in_on_tablet(page, world):
    page.goto("/tablet/setup")
    page.fill("#token", world["tablet"]["token"])
    click_and_wait(page)
    click_and_wait(page, ".person-button")
    page.fill("#pin", world["person"]["pin"])
    click_and_wait(page)
    page.wait_for_url("**/tablet/home")


def get_ready(page, world):
    sign_in_on_tablet(page, world)
    page.click("#get-ready-button")
    expect(page.locator("#get-ready-done")).to_be_visible(timeout=30000)
    expect(page.locator("#get-ready-error")).to_be_hidden()


def open_app(page):
    stored(page)
    page.goto(APP)
    page.wait_for_selector("body[data-ready=true]")


def stored(page):
    """Wait until the app's last tap is written to the tablet's storage (no-op elsewhere)."""
    page.wait_for_selector("body:not([data-saving])", state="attached")


def heading(page):
    return page.locator("#screen-heading")


def reload_offline(page):
    """Reload with the network off, as a tablet opened again with no signal. Playwright 1.65
    with Chromium 150 forgets across a reload that the network is off (navigator.onLine is
    true again, and no `online` event ever comes), so switch it on and off again: the page
    then knows, as a real tablet does."""
    stored(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.context.set_offline(False)
    page.context.set_offline(True)
    page.wait_for_function("navigator.onLine === false")


def expect_screen(page, text):
    """The new screen's heading has the words and has the focus."""
    expect(heading(page)).to_have_text(text)
    expect(heading(page)).to_be_focused()


def answer_button(page, words):
    return page.locator("#answers .answer-button", has=page.locator("span", has_text=re.compile(f"^{re.escape(words)}$")))


def next_screen(page):
    page.click("#next")


def start_interview(page):
    page.click(".start-button")
    expect_screen(page, re.compile("A new interview|Cyfweliad newydd"))
    code = page.locator("#participant-code").inner_text()
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}", code)
    next_screen(page)
    expect_screen(page, re.compile("Before we start|Cyn i ni ddechrau"))
    return code


def agree(page, share=True):
    """Yes to taking part, then yes (or no) to "can we use your words on posters?"."""
    page.click("#consent-yes")
    expect_screen(page, re.compile("Your words on posters|Eich geiriau ar bosteri"))
    page.click("#share-yes" if share else "#share-no")


def db_rows(live_server, sql, params=()):
    return list(connect(live_server.database).query(sql, params))


# (a) the whole journey, offline --------------------------------------------------------

def test_an_interview_of_every_kind_offline_reaches_the_server(live_server, open_tab):
    world = published_demo(live_server, "Offline journey")
    page = open_tab()
    get_ready(page, world)
    page.click(".ready-sign__start")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator(".person-banner__name")).to_have_text("Ivy Interviewer")

    page.context.set_offline(True)
    reload_offline(page)
    expect(heading(page)).to_have_text("Interviews")
    code = start_interview(page)
    agree(page)

    # short_answer, numeric, with min/max checked in plain words
    expect_screen(page, "How old are you?")
    expect(page.locator(".ask__progress")).to_have_text(re.compile(r"Question 1 of \d+"))
    assert page.get_attribute("#answer-text", "inputmode") == "numeric"
    expect(page.locator(".ask__note")).to_contain_text("Type their age as a number.")
    page.fill("#answer-text", "7")
    next_screen(page)
    expect(page.locator("#answer-error")).to_have_text("Type a whole number from 16 to 110.")
    expect(heading(page)).to_have_text("How old are you?")
    page.fill("#answer-text", "34")
    next_screen(page)
    # short_answer, text
    expect_screen(page, "Which town do you live in?")
    page.fill("#answer-text", "Pontypool")
    next_screen(page)
    # yes_no: "I don't know"
    expect_screen(page, "Do you choose what you do each day?")
    page.click("#answers [data-status=dont_know]")
    expect(page.locator("#answers [data-status=dont_know]")).to_have_attribute("aria-pressed", "true")
    next_screen(page)
    # picture_choice, one
    expect_screen(page, "Who looks after your money?")
    answer_button(page, "My family").click()
    expect(answer_button(page, "My family")).to_have_attribute("aria-pressed", "true")
    answer_button(page, "Me, with some help").click()
    expect(answer_button(page, "My family")).to_have_attribute("aria-pressed", "false")
    next_screen(page)
    # feelings: unhappy opens the free-text question that depends on it
    expect_screen(page, "How do you feel about your money?")
    answer_button(page, "Unhappy").click()
    next_screen(page)
    expect_screen(page, "What is not good about your money?")
    page.fill("#answer-text", "It runs out before the end of the week.")
    next_screen(page)
    # yes_no: yes opens "what is good about your job", not "would you like a job"
    expect_screen(page, "Do you have a job?")
    answer_button(page, "Yes").click()
    next_screen(page)
    expect_screen(page, "What is good about your job?")
    page.click("#answers [data-status=skipped]")
    next_screen(page)
    # picture_choice, several
    expect_screen(page, "Who do you go out with?")
    answer_button(page, "My friends").click()
    answer_button(page, "My partner").click()
    expect(answer_button(page, "My friends")).to_have_attribute("aria-pressed", "true")
    expect(answer_button(page, "My partner")).to_have_attribute("aria-pressed", "true")
    next_screen(page)
    expect_screen(page, "How do you feel about how often you see your friends?")
    answer_button(page, "Happy").click()
    next_screen(page)
    expect_screen(page, "Do you feel safe when you go out?")
    answer_button(page, "No").click()
    next_screen(page)
    expect_screen(page, "Where is your favourite place to be on your own?")
    answer_button(page, "The park").click()
    next_screen(page)
    # dream_trigger: two pictures, a follow-up for each
    expect_screen(page, "Look at the pictures. What would you like to do?")
    answer_button(page, "Go bowling").click()
    answer_button(page, "Go on holiday").click()
    next_screen(page)
    expect_screen(page, "Tell me more about going bowling.")
    page.fill("#answer-text", "With my brother on Fridays.")
    next_screen(page)
    expect_screen(page, "Tell me more about going on holiday.")
    page.fill("#answer-text", "To the seaside in Tenby.")
    next_screen(page)
    # free_text
    expect_screen(page, "Is there anything else you would like to do in the future?")
    page.fill("#answer-text", "Learn to drive.")
    next_screen(page)

    expect_screen(page, "Check your answers")
    expect(page.locator("#check-share")).to_contain_text("Yes, you can use my words")
    items = page.locator(".check-list .check-item")
    expect(items).to_have_count(14)
    expect(page.locator("#check-dreams")).to_contain_text("To the seaside in Tenby.")
    expect(page.locator("#check-age")).to_contain_text("34")
    # Take the town out: say so plainly, then it is simply not sent.
    page.locator("#check-town .take-out-button").click()
    expect(page.locator("#confirm-town")).to_be_focused()
    expect(page.locator("#confirm-town")).to_contain_text("It will not be sent.")
    page.locator("#check-town .confirm-yes").click()
    expect(page.locator("#check-town")).to_have_count(0)
    expect(items).to_have_count(13)
    # Change an answer, then come back to the check page.
    page.locator("#check-safe_out .change-button").click()
    expect_screen(page, "Do you feel safe when you go out?")
    answer_button(page, "Yes").click()
    next_screen(page)
    expect_screen(page, "Check your answers")
    page.click("#finish")
    expect_screen(page, "Thank you")
    page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text("1 interview is waiting to send.")

    page.context.set_offline(False)     # the `online` event sends it
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)

    interviews = db_rows(live_server, "select * from interviews where participant_code = ?", [code])
    assert len(interviews) == 1
    interview = interviews[0]
    assert interview["consent"] == 1 and interview["language"] == "en" and interview["share_words"] == 1
    assert interview["questionnaire_version_id"] == world["version"]
    assert interview["interviewer_id"] == world["person"]["id"]
    uuid.UUID(interview["id"])
    answers = {row["question"]: (row["status"], json.loads(row["value"]))
               for row in db_rows(live_server, "select * from answers where interview_id = ?", [interview["id"]])}
    assert answers == {
        "age": ("answered", 34),
        "my_choices": ("dont_know", None),
        "money_who": ("answered", "me_with_help"),
        "money_feel": ("answered", "unhappy"),
        "money_not_good": ("answered", "It runs out before the end of the week."),
        "has_job": ("answered", "yes"),
        "job_good": ("skipped", None),
        "go_out_with": ("answered", ["friends", "partner"]),
        "friends_feel": ("answered", "happy"),
        "safe_out": ("answered", "yes"),
        "alone_place": ("answered", "park"),
        "dreams": ("answered", [{"option": "bowling", "text": "With my brother on Fridays."},
                                {"option": "holiday", "text": "To the seaside in Tenby."}]),
        "dream_other": ("answered", "Learn to drive."),
    }


def test_a_person_who_says_no_is_recorded_with_no_answers_and_sent_now(live_server, open_tab):
    world = published_demo(live_server, "No thanks")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    code = start_interview(page)
    page.click("#consent-no")
    expect_screen(page, "Thank you")
    page.click("#home")                 # online: sent as soon as it is finished
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    rows = db_rows(live_server, "select * from interviews where participant_code = ?", [code])
    assert len(rows) == 1 and rows[0]["consent"] == 0
    assert rows[0]["share_words"] is None, "not asked about their words"
    assert db_rows(live_server, "select * from answers where interview_id = ?", [rows[0]["id"]]) == []


# (b) a reload resumes ------------------------------------------------------------------

def test_a_reload_mid_interview_comes_back_to_the_same_question_with_the_answers(live_server, open_tab):
    world = published_demo(live_server, "Reload")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    code = start_interview(page)
    agree(page)
    page.fill("#answer-text", "41")
    next_screen(page)
    page.fill("#answer-text", "Cwmbran")          # typed, then the power goes straight away
    page.wait_for_timeout(400)
    stored(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(heading(page)).to_have_text("Which town do you live in?")
    expect(page.locator("#answer-text")).to_have_value("Cwmbran")
    page.click("#back")
    expect(page.locator("#answer-text")).to_have_value("41")

    # Closing the browser and opening the app again: home, with "Carry on".
    stored(page)
    page.context.set_offline(False)
    page.evaluate("sessionStorage.clear()")
    open_app(page)
    expect(heading(page)).to_have_text("Interviews")
    row = page.locator(".interview-row", has_text=code)
    expect(row).to_have_count(1)
    row.locator(".carry-on").click()
    expect_screen(page, "How old are you?")
    expect(page.locator("#answer-text")).to_have_value("41")


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
    press(page, "#consent-yes", "Space")
    expect_screen(page, "Your words on posters")
    press(page, "#share-no", "Enter")
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

def switch_app_language(page, code):
    page.click(f".language-button[data-lang={code}]")
    page.wait_for_selector(f"html[lang={code}]", state="attached")
    expect(page.locator(f".language-button[data-lang={code}]")).to_have_attribute("aria-pressed", "true")


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
    page.click("#consent-yes")
    expect(heading(page)).to_have_text("Your words on posters" if language == "en" else "Eich geiriau ar bosteri")
    assert_accessible(page)                      # can we use your words on posters?
    page.click("#share-yes")
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
                          "short_answer", "dream_follow_up"}
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
    answer_button(page, "Ie").click()
    switch_app_language(page, "en")
    expect_screen(page, "Do you choose what you do each day?")
    expect(answer_button(page, "Yes")).to_have_attribute("aria-pressed", "true")
    switch_app_language(page, "cy")
    stored(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(answer_button(page, "Ie")).to_have_attribute("aria-pressed", "true")


# (f) the outbox saved to a file ---------------------------------------------------------

def test_what_is_waiting_can_be_saved_to_a_file_in_the_sync_format(live_server, open_tab, tmp_path):
    world = published_demo(live_server, "To a file")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    codes = []
    for age in ("23", "35"):
        codes.append(start_interview(page))
        agree(page)
        page.fill("#answer-text", age)
        next_screen(page)
        page.click("#answers [data-status=skipped]")
        next_screen(page)
        # straight to the check page: Back from check is the last question; use "Finish" there
        while heading(page).inner_text() != "Check your answers":
            next_screen(page)
        page.click("#finish")
        page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text("2 interviews are waiting to send.")
    page.click("#send-now")
    expect(page.locator("#sync-status")).to_have_text("No internet. We will send them when there is a connection.")
    expect(page.locator("#outbox-count")).to_have_text("2 interviews are waiting to send.")
    with page.expect_download() as download_info:
        page.click("#save-file")
    path = tmp_path / "waiting.json"
    download_info.value.save_as(path)
    body = json.loads(path.read_text())
    assert set(body) == {"interviews"}
    assert sorted(i["participant_code"] for i in body["interviews"]) == sorted(codes)
    for item in body["interviews"]:
        assert set(item) == {"id", "questionnaire_version", "interviewer", "participant_code", "language",
                             "started_at", "finished_at", "consent", "share_words", "answers"}
        assert item["share_words"] is True
        assert item["questionnaire_version"] == world["version"]
        assert item["interviewer"] == world["person"]["id"]
        assert item["consent"] is True and item["language"] == "en"
        assert [(a["question"], a["status"]) for a in item["answers"]] == [("age", "answered"), ("town", "skipped")]
        assert {a["question"]: a["value"] for a in item["answers"]} == {"age": int(item["answers"][0]["value"]), "town": None}
        assert all(set(a) == {"id", "question", "status", "value", "answered_at"} for a in item["answers"])
    # The file is exactly what the server takes (as a lead's upload would send it).
    request = urllib.request.Request(live_server.url + "/api/v1/sync", data=json.dumps(body).encode(), headers={
        "Authorization": f"Bearer {world['tablet']['token']}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert [r["result"] for r in json.load(response)["results"]] == ["stored", "stored"]
    # Back online, the tablet sends them itself; the server has them already, so stores nothing twice.
    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    rows = db_rows(live_server, "select id from interviews where participant_code in (?, ?)", codes)
    assert len(rows) == 2
    assert len(db_rows(live_server, "select a.id from answers a join interviews i on i.id = a.interview_id "
                                    "where i.participant_code in (?, ?)", codes)) == 4


# Read aloud: the group's recording, kept on the tablet -------------------------------

def silent_wav():
    import io
    import wave
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 2400)
    return out.getvalue()


def test_read_aloud_plays_the_groups_recording_offline_and_hides_with_nothing_to_play(live_server, open_tab):
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
    expect(page.locator(".read-aloud-button")).to_be_hidden()     # no English recording, no voice
    # The lead's own picture, kept on the tablet, shows with no network.
    image = page.locator(".ask__picture img")
    expect(image).to_have_attribute("src", "/api/v1/media/" + picture.split(":", 1)[1])
    wait_until(page, "document.querySelector('.ask__picture img').naturalWidth > 0")
    switch_app_language(page, "cy")
    button = page.locator(".read-aloud-button")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_attribute("data-played", "true")
    assert_accessible(page)


# Get ready: plain words when it cannot ---------------------------------------------------

def test_get_ready_says_plainly_when_there_is_no_internet_or_nothing_to_get(live_server, open_tab):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Nothing yet")
    world = dict(person=make.member(project, "Ivy Interviewer", pin="2580"), tablet=make.tablet(project, lead))
    page = open_tab()
    sign_in_on_tablet(page, world)
    assert_accessible(page)
    page.context.set_offline(True)
    page.click("#get-ready-button")
    expect(page.locator("#get-ready-error")).to_have_text(re.compile("^There is no internet. Connect the tablet to Wi-Fi."))
    expect(page.locator("#get-ready-button")).to_be_enabled()
    page.context.set_offline(False)
    page.click("#get-ready-button")
    expect(page.locator("#get-ready-error")).to_have_text(re.compile("^There is no questionnaire ready yet."))
    expect(page.locator("#get-ready-done")).to_be_hidden()
    assert_accessible(page)


def test_get_ready_shows_the_servers_own_words_when_it_refuses(live_server, browser):
    from .conftest import Tab
    world = published_demo(live_server, "Switched off")
    tab = Tab(browser, live_server.url)
    try:
        page = tab.page
        sign_in_on_tablet(page, world)
        with live_server.make.app.app_context():
            from peersurvey.people import devices
            devices.revoke(world["tablet"]["id"], world["lead"]["id"])
        page.click("#get-ready-button")
        expect(page.locator("#get-ready-error")).to_contain_text("switched it off")
        expect(page.locator("#get-ready-done")).to_be_hidden()
        assert_accessible(page)
        # The only thing the console may show is the server's refusal itself.
        assert tab.errors and all("401" in error for error in tab.errors), tab.errors
    finally:
        tab.context.close()


# Conditions, sizes, refusals ---------------------------------------------------------------

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


SIZES = """() => {
  const problems = [];
  const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
  for (const el of document.querySelectorAll('#main *')) {
    if (!shown(el)) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && parseFloat(getComputedStyle(el).fontSize) < 18) problems.push('small text: ' + el.textContent.trim().slice(0, 40));
  }
  for (const el of document.querySelectorAll('#main button, #main a, #main input, #main textarea, header button, header a:not(.skip-link)')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 48 || r.height < 48) problems.push('small target: ' + (el.textContent.trim() || el.id));
  }
  const h1 = document.querySelector('h1.ask__question');
  if (h1 && parseFloat(getComputedStyle(h1).fontSize) < 24) problems.push('small question');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not one h1');
  return problems;
}"""


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


def test_an_interview_the_server_refuses_stays_on_the_tablet_with_the_reason(live_server, open_tab):
    world = published_demo(live_server, "Refused")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    code = start_interview(page)
    page.click("#consent-no")
    page.click("#home")
    # Someone else's copy of the same interview id, with different content, got there first.
    waiting = page.evaluate("PSDB.all('interviews')")
    first = dict(waiting[0]["payload"], participant_code="OTHER1")
    request = urllib.request.Request(live_server.url + "/api/v1/sync", data=json.dumps({"interviews": [first]}).encode(),
                                     headers={"Authorization": f"Bearer {world['tablet']['token']}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert json.load(response)["results"][0]["result"] == "stored"
    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    refused = page.locator(".interview-row--refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(code)
    expect(refused.locator(".refused-reason")).to_contain_text("sent before with different answers")
    assert_accessible(page)
    assert db_rows(live_server, "select * from interviews where participant_code = ?", [code]) == []

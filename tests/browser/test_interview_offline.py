"""The offline interview app in a real Chromium against the real server, from getting
ready to the server's database: an interviewer gets the tablet ready while online (and is
told plainly when it cannot), then runs whole interviews with the network cut off, and they
reach the server's database when it comes back; a reload loses nothing, the outbox can be
saved to a file in the sync format, and an interview the server refuses stays on the
tablet with the reason."""
import json
import re
import urllib.request
import uuid

from playwright.sync_api import expect

from .conftest import assert_accessible
from .interview_helpers import (
    read_consent,
    agree,
    answer_button,
    db_rows,
    expect_screen,
    get_ready,
    heading,
    next_screen,
    open_app,
    published_demo,
    reload_offline,
    sign_in_on_tablet,
    start_interview,
    stored,
)

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
    # spoken_answer (no to recording here: typed, as a spoken answer may be)
    expect_screen(page, "Is there anything else you want to tell us?")
    page.fill("#answer-text", "Thank you for asking me.")
    next_screen(page)

    expect_screen(page, "Check your answers")
    expect(page.locator("#check-share")).to_contain_text("Yes, you can use my words")
    items = page.locator(".check-list .check-item")
    expect(items).to_have_count(15)
    expect(page.locator("#check-dreams")).to_contain_text("To the seaside in Tenby.")
    expect(page.locator("#check-age")).to_contain_text("34")
    # Take the town out: say so plainly, then it is simply not sent.
    page.locator("#check-town .take-out-button").click()
    expect(page.locator("#confirm-town")).to_be_focused()
    expect(page.locator("#confirm-town")).to_contain_text("It will not be sent.")
    page.locator("#check-town .confirm-yes").click()
    expect(page.locator("#check-town")).to_have_count(0)
    expect(items).to_have_count(14)
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
        "anything_else": ("answered", "Thank you for asking me."),
    }


def test_a_person_who_says_no_is_recorded_with_no_answers_and_sent_now(live_server, open_tab):
    world = published_demo(live_server, "No thanks")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    code = start_interview(page)
    read_consent(page)
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
                             "started_at", "finished_at", "consent", "share_words", "record_voice", "answers"}
        assert item["share_words"] is True and item["record_voice"] is False
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


# The server refuses ---------------------------------------------------------------------

def test_an_interview_the_server_refuses_stays_on_the_tablet_with_the_reason(live_server, open_tab):
    world = published_demo(live_server, "Refused")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    code = start_interview(page)
    read_consent(page)
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

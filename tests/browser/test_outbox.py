"""Nothing is stranded on a tablet, and a withdrawal lasts, in a real Chromium against the
real server: an interview whose person was withdrawn while it waited is deleted from the
tablet with plain words; one the server refuses stays, with the server's reason, goes in
the saved file, and "Try again" sends it once the lead has fixed the cause; a batch that
is too big is sent in smaller ones; a busy server keeps everything waiting."""
import json
import re

import pytest
from playwright.sync_api import expect

from peersurvey.collect import queries
from peersurvey.people.queries import set_roles

from .conftest import SCREENSHOTS, Tab, assert_accessible
from .interview_helpers import (
    answer_voice,
    read_consent,
    SIZES,
    db_rows,
    expect_screen,
    get_ready,
    heading,
    open_app,
    published_demo,
    start_interview,
    stored,
    switch_app_language,
)

WITHDRAWN_1 = ("1 interview was deleted from this tablet, because the person asked to be taken "
               "out of the research.")
NO_ROLE = "The interviewer of this interview is not an interviewer in this project."
TOO_BIG = "This interview is too big to send over the network."


# Helpers ---------------------------------------------------------------------------------

def interview_said_no(page):
    """A whole (short) interview: the person says no to taking part. Back home, its code."""
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-no")
    expect_screen(page, "Thank you")
    page.click("#home")
    expect(heading(page)).to_have_text("Interviews")
    return code


@pytest.fixture
def network_tab(browser, live_server):
    """Like open_tab, for a network that answers some requests with an HTTP error: the
    console may show those (Chromium logs every failed load), and nothing else."""
    tabs = []

    def open_tab(allowed):
        tab = Tab(browser, live_server.url)
        tabs.append((tab, allowed))
        return tab.page
    yield open_tab
    errors = [e for tab, allowed in tabs for e in tab.errors if not re.search(allowed, e)]
    for tab, _allowed in tabs:
        tab.context.close()
    assert not errors, f"the browser console showed errors: {errors}"


def ready_offline(live_server, open_tab, name):
    world = published_demo(live_server, name)
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    return world, page


def on_tablet(page):
    """Every interview kept on the tablet: {participant code: state}."""
    stored(page)
    return {i["participant_code"]: i["state"] for i in page.evaluate("PSDB.all('interviews')")}


def tap(page, selector):
    """Tap "Send now" or "Try again" and wait until the tablet has shown what happened."""
    page.click(selector)
    page.wait_for_selector("body:not([data-sending])", state="attached", timeout=20000)


def withdraw(live_server, world, code):
    with live_server.make.app.test_request_context():
        return queries.withdraw(world["project"], code, world["lead"]["id"])


def set_interviewer_role(live_server, world, on):
    with live_server.make.app.app_context():
        set_roles(world["project"], world["person"]["id"], ("interviewer",) if on else ())


def saved_file(page, tmp_path):
    with page.expect_download() as download_info:
        page.click("#save-file")
    path = tmp_path / "waiting.json"
    download_info.value.save_as(path)
    return json.loads(path.read_text())["interviews"]


def stored_codes(live_server, codes):
    rows = db_rows(live_server, f"select participant_code from interviews where participant_code in "
                                f"({','.join('?' * len(codes))})", codes)
    return sorted(row["participant_code"] for row in rows)


# A withdrawal lasts ----------------------------------------------------------------------

def test_an_interview_whose_person_was_withdrawn_while_it_waited_is_deleted_with_plain_words(live_server, open_tab):
    world, page = ready_offline(live_server, open_tab, "Withdrawn while waiting")
    gone = interview_said_no(page)
    kept = interview_said_no(page)
    expect(page.locator("#outbox-count")).to_have_text("2 interviews are waiting to send.")
    # The person changes their mind; the lead takes their code out before the tablet sends.
    assert withdraw(live_server, world, gone) == 0

    page.context.set_offline(False)     # the `online` event sends them
    notice = page.locator("#withdrawn-notice")
    expect(notice).to_contain_text(WITHDRAWN_1, timeout=15000)
    expect(notice).to_contain_text("You do not need to do anything.")
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.")
    expect(page.locator(".refused-list")).to_have_count(0)
    assert on_tablet(page) == {}
    assert stored_codes(live_server, [gone, kept]) == [kept]
    assert_accessible(page)

    # The news stays (a reload, another visit) until the interviewer taps OK.
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(notice).to_contain_text(WITHDRAWN_1)
    page.click("#withdrawn-ok")
    expect(notice).to_have_count(0)
    expect(heading(page)).to_be_focused()
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#outbox-count")).to_be_visible()
    expect(notice).to_have_count(0)


def test_two_withdrawn_interviews_are_counted_in_one_notice_in_welsh_too(live_server, open_tab):
    world, page = ready_offline(live_server, open_tab, "Two withdrawn")
    codes = [interview_said_no(page), interview_said_no(page)]
    for code in codes:
        withdraw(live_server, world, code)
    switch_app_language(page, "cy")
    page.context.set_offline(False)
    notice = page.locator("#withdrawn-notice")
    expect(notice).to_be_visible(timeout=15000)
    expect(notice.locator("p").first).to_have_text(
        "Cafodd 2 gyfweliad eu dileu o'r llechen hon, oherwydd bod y bobl wedi gofyn i ni dynnu eu "
        "hatebion allan o'r ymchwil." if welsh_is_merged(page) else
        "2 interviews were deleted from this tablet, because the people asked to be taken out of the research.")
    assert on_tablet(page) == {}
    assert stored_codes(live_server, codes) == []
    assert_accessible(page)


def welsh_is_merged(page):
    """Until the Welsh catalogue has the new words, the app falls back to English."""
    return page.evaluate("fetch('/tablet/interview/messages.json').then(r => r.json())"
                         ".then(m => m.cy.try_again !== m.en.try_again)")


# Nothing is stranded -----------------------------------------------------------------------

def test_a_refused_interview_stays_goes_in_the_file_and_try_again_sends_it_once_fixed(live_server, open_tab, tmp_path):
    world, page = ready_offline(live_server, open_tab, "Role taken away")
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-yes")
    page.click("#share-no")
    answer_voice(page)
    page.fill("#answer-text", "44")
    while not page.locator("#finish").count():
        page.click("#next")
    page.click("#finish")
    page.click("#home")
    # Meanwhile the lead takes away the interviewer's role (by mistake).
    set_interviewer_role(live_server, world, False)

    page.context.set_offline(False)
    refused = page.locator(".refused-list .interview-row--refused")
    expect(refused).to_have_count(1, timeout=15000)
    expect(refused).to_contain_text(f"Interview {code}")
    expect(refused.locator(".refused-reason")).to_contain_text(NO_ROLE)
    expect(page.locator("#sync-status")).to_have_text("The server did not take some interviews. They are listed below.")
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.")
    expect(page.locator("#try-again")).to_be_visible()
    assert on_tablet(page) == {code: "refused"}
    assert stored_codes(live_server, [code]) == []
    assert_accessible(page)

    # Sending on its own (the timer, the `online` event) leaves refused ones alone.
    report = page.evaluate("PSSync.run({})")
    assert (report["sent"], report["refused"], report["remaining"]) == (0, 0, 0), "nothing was even tried"
    assert on_tablet(page) == {code: "refused"}

    # "Save what is waiting to a file" takes it, exactly as it would be sent.
    interviews = saved_file(page, tmp_path)
    assert [i["participant_code"] for i in interviews] == [code]
    assert interviews[0]["interviewer"] == world["person"]["id"]
    assert {a["question"]: a["value"] for a in interviews[0]["answers"]}["age"] == 44
    expect(page.locator("#sync-status")).to_have_text("The file is saved in the tablet’s Downloads.")

    # A reload keeps it, with its reason.
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(refused.locator(".refused-reason")).to_contain_text(NO_ROLE)

    # The lead gives the role back; the interviewer taps "Try again".
    set_interviewer_role(live_server, world, True)
    tap(page, "#try-again")
    expect(page.locator("#sync-status")).to_have_text("Everything is sent.")
    expect(page.locator(".refused-list")).to_have_count(0)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.")
    assert on_tablet(page) == {}
    assert stored_codes(live_server, [code]) == [code]
    # The server forgot the refusal once the interview was in.
    assert db_rows(live_server, "select * from sync_refusals where participant_code = ?", [code]) == []


def test_try_again_when_still_refused_keeps_it_with_the_reason(live_server, open_tab):
    world, page = ready_offline(live_server, open_tab, "Still no role")
    code = interview_said_no(page)
    set_interviewer_role(live_server, world, False)
    page.context.set_offline(False)
    refused = page.locator(".refused-list .interview-row--refused")
    expect(refused).to_have_count(1, timeout=15000)
    tap(page, "#try-again")
    expect(page.locator("#sync-status")).to_have_text("The server did not take some interviews. They are listed below.")
    expect(refused).to_have_count(1)
    expect(refused.locator(".refused-reason")).to_contain_text(NO_ROLE)
    assert on_tablet(page) == {code: "refused"}
    switch_app_language(page, "cy")     # the server's reason follows the language on screen
    expect(refused.locator(".refused-reason")).to_contain_text("roi rôl cyfwelydd iddyn nhw")
    switch_app_language(page, "en")
    # Offline, "Try again" puts it back in the outbox, to go when there is internet.
    page.context.set_offline(True)
    tap(page, "#try-again")
    expect(page.locator("#sync-status")).to_have_text("No internet. We will send them when there is a connection.")
    expect(page.locator("#outbox-count")).to_have_text("1 interview is waiting to send.")
    assert on_tablet(page) == {code: "waiting"}


# Too big, busy --------------------------------------------------------------------------------

def sync_sizes(page, too_big=lambda interviews: len(interviews) > 1):
    """A network between tablet and server that takes at most one interview at a time (as
    a proxy with a small size limit would): a bigger body is answered 413, the rest pass
    through to the real server. Returns the list of batch sizes the tablet sent."""
    sizes = []

    def handle(route):
        interviews = json.loads(route.request.post_data)["interviews"]
        sizes.append(len(interviews))
        if too_big(interviews):
            route.fulfill(status=413, content_type="application/json",
                          body=json.dumps({"error": "What the tablet sent is too big."}))
        else:
            route.continue_()
    page.route("**/api/v1/sync", handle)
    return sizes


def test_a_batch_too_big_for_the_network_is_sent_in_smaller_ones_down_to_one(live_server, network_tab):
    _world, page = ready_offline(live_server, lambda: network_tab("status of 413"), "Small pipe")
    codes = [interview_said_no(page) for _ in range(5)]
    sizes = sync_sizes(page)
    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=20000)
    expect(page.locator("#sync-status")).to_have_text("Everything is sent.")
    assert sizes == [5, 2, 1, 1, 1, 1, 1]            # halved until one goes through
    assert stored_codes(live_server, codes) == sorted(codes)
    assert on_tablet(page) == {}


def test_one_interview_too_big_to_send_is_kept_explained_and_goes_in_the_file(live_server, network_tab, tmp_path):
    _world, page = ready_offline(live_server, lambda: network_tab("status of 413"), "Too big")
    codes = [interview_said_no(page) for _ in range(3)]
    big = codes[1]
    sync_sizes(page, lambda interviews: len(interviews) > 1 or interviews[0]["participant_code"] == big)
    page.context.set_offline(False)
    refused = page.locator(".refused-list .interview-row--refused")
    expect(refused).to_have_count(1, timeout=20000)
    expect(refused).to_contain_text(f"Interview {big}")
    expect(refused.locator(".refused-reason")).to_have_text(
        "This interview is too big to send over the network. Tap ‘Save what is waiting to a file’ "
        "and give the file to your project lead.")
    assert stored_codes(live_server, codes) == sorted(c for c in codes if c != big)
    assert on_tablet(page) == {big: "refused"}
    assert [i["participant_code"] for i in saved_file(page, tmp_path)] == [big]
    # The reason is the tablet's own, so it follows the app's language.
    switch_app_language(page, "cy")
    if welsh_is_merged(page):
        expect(refused.locator(".refused-reason")).to_contain_text("rhy fawr i'w anfon")
    assert_accessible(page)


def test_a_busy_server_keeps_everything_waiting_and_says_it_will_send_later(live_server, network_tab):
    _world, page = ready_offline(live_server, lambda: network_tab("status of 503"), "Busy")
    code = interview_said_no(page)
    busy = []

    def handle(route):
        busy.append(1)
        route.fulfill(status=503, headers={"Retry-After": "30"}, content_type="application/json",
                      body=json.dumps({"error": "The server is very busy."}))
    page.route("**/api/v1/sync", handle)
    page.context.set_offline(False)     # the `online` event sends: the server is busy
    status = page.locator("#sync-status")
    expect(status).to_have_text(
        "The server is very busy just now. Your interviews are safe on this tablet. We will send them later.",
        timeout=15000)
    expect(page.locator("#outbox-count")).to_have_text("1 interview is waiting to send.")
    expect(page.locator(".refused-list")).to_have_count(0)
    assert on_tablet(page) == {code: "waiting"}
    # Sending on its own waits as long as the server asked (Retry-After) ...
    assert page.evaluate("window.dispatchEvent(new Event('online')); document.body.hasAttribute('data-sending')") is False
    tap(page, "#send-now")              # ... the button does not: still busy
    expect(status).to_have_text(re.compile("^The server is very busy"))
    assert busy == [1, 1]
    page.unroute("**/api/v1/sync")
    tap(page, "#send-now")
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.")
    expect(status).to_have_text("Everything is sent.")
    assert stored_codes(live_server, [code]) == [code]


# Screens: looked at, in both languages, at three sizes -----------------------------------------

VIEWPORTS = [{"width": 1024, "height": 768}, {"width": 768, "height": 1024}, {"width": 390, "height": 844}]


def test_home_with_a_refused_interview_and_withdrawn_news_is_accessible_at_every_size(live_server, open_tab):
    world, page = ready_offline(live_server, open_tab, "Screens")
    withdrawn = interview_said_no(page)
    interview_said_no(page)
    withdraw(live_server, world, withdrawn)
    set_interviewer_role(live_server, world, False)
    page.context.set_offline(False)
    expect(page.locator(".refused-list .interview-row--refused")).to_have_count(1, timeout=15000)
    expect(page.locator("#withdrawn-notice")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    for language in ("en", "cy"):
        switch_app_language(page, language)
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            assert page.evaluate(SIZES) == [], (language, viewport)
            assert_accessible(page)
            page.screenshot(path=str(SCREENSHOTS / f"outbox-{language}-{viewport['width']}x{viewport['height']}.png"),
                            full_page=True)


def test_a_tablet_switched_off_keeps_everything_and_shows_the_servers_words(live_server, network_tab):
    world, page = ready_offline(live_server, lambda: network_tab("status of 401"), "Switched off")
    code = interview_said_no(page)
    with live_server.make.app.app_context():
        from peersurvey.people import devices
        devices.revoke(world["tablet"]["id"], world["lead"]["id"])
    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_contain_text("switched it off", timeout=15000)
    expect(page.locator("#outbox-count")).to_have_text("1 interview is waiting to send.")
    expect(page.locator(".refused-list")).to_have_count(0)
    assert on_tablet(page) == {code: "waiting"}
    assert stored_codes(live_server, [code]) == []

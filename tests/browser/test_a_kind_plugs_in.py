"""A kind plugs in: "thumbs", a toy kind that lives only in the tests (tests/kinds/toy: a
server module, its tablet module and its template), registered by this test in the real
server's process, goes through the builder, a published version, a whole offline interview
in Chromium, sync, a group coding session and a chart, with no other file changed."""
import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from peersurvey import questions

from ..kinds.toy import thumbs
from .conftest import LiveServer, Tab, click_and_wait, sign_in_lead
from .interview_helpers import (
    read_consent,
    answer_button,
    db_rows,
    expect_screen,
    heading,
    next_screen,
    reload_offline,
    sign_in_on_tablet,
    start_interview,
)
from .test_coding import start_group_session

TOY = Path(thumbs.__file__).parent
# The real `peersurvey serve`, with the toy kind registered first.
LAUNCHER = f'''import sys
sys.path.insert(0, {str(TOY)!r})
import thumbs
from peersurvey import questions
questions.register(thumbs)
from peersurvey.cli import main
main(args=sys.argv[1:], prog_name="peersurvey")
'''


@pytest.fixture
def thumbs_server(tmp_path):
    """A server that knows the toy kind, and this process too (to make what the test needs)."""
    (tmp_path / "serve.py").write_text(LAUNCHER)
    questions.register(thumbs)
    server = LiveServer(tmp_path, command=(sys.executable, str(tmp_path / "serve.py")))
    yield server
    server.stop()
    questions.unregister(thumbs)


def test_a_kind_defined_only_in_the_tests_goes_from_the_builder_to_a_chart(thumbs_server, browser):
    make = thumbs_server.make
    lead = make.lead()
    project = make.project(lead, "Thumbs")
    interviewer = make.member(project, "Ivy Interviewer", roles=("interviewer", "coder"), pin="2580")
    tablet = make.tablet(project, lead)
    laptop_tab, tablet_tab = Tab(browser, thumbs_server.url), Tab(browser, thumbs_server.url)
    laptop, page = laptop_tab.page, tablet_tab.page

    # The builder offers the kind, previews it with the kind's own template, and publishes it.
    sign_in_lead(laptop, lead)
    laptop.goto(f"/projects/{project}/questionnaires/new")
    laptop.fill("#title_en", "Thumbs up")
    laptop.fill("#title_cy", "Bodiau i fyny")
    click_and_wait(laptop)
    overview = laptop.url.split("#")[0]
    choice = laptop.get_attribute("input[name=kind][value=thumbs]", "id")
    laptop.click(f"label[for={choice}]")
    click_and_wait(laptop, "#add-question button[type=submit]")
    expect(laptop.locator("main")).to_contain_text("A thumb up or a thumb down.")
    laptop.fill("#text_en", "Do you like the new bus?")
    laptop.fill("#text_cy", "Ydych chi'n hoffi'r bws newydd?")
    click_and_wait(laptop, "form.form--wide button[type=submit]")
    laptop.goto(overview)
    click_and_wait(laptop, "a[href$='/versions/1/preview/']")
    click_and_wait(laptop, ".pager a.button:not(.button--secondary)")
    expect(laptop.locator(".toy-thumbs")).to_have_text("👍 👎")
    laptop.goto(overview)
    click_and_wait(laptop, "form[action$='/publish'] button")
    expect(laptop.locator(".version-bar")).to_contain_text("1")

    # A whole interview offline: the tablet draws the question with the kind's own module.
    world = {"tablet": tablet, "person": interviewer}
    sign_in_on_tablet(page, world)
    page.click("#get-ready-button")
    expect(page.locator("#get-ready-done")).to_be_visible(timeout=30000)
    page.click(".ready-sign__start")
    page.wait_for_selector("body[data-ready=true]")
    page.context.set_offline(True)
    reload_offline(page)
    expect(heading(page)).to_have_text("Interviews")
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-yes")      # this questionnaire does not ask about posters
    expect_screen(page, "Do you like the new bus?")
    answer_button(page, "Thumb up").click()
    expect(answer_button(page, "Thumb up")).to_have_attribute("aria-pressed", "true")
    next_screen(page)
    expect_screen(page, "Check your answers")
    expect(page.locator(".check-list .toy-thumbs")).to_have_text("👍")
    page.click("#finish")
    expect_screen(page, "Thank you")
    page.click("#home")
    page.context.set_offline(False)     # the `online` event sends it
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=15000)
    interview, = db_rows(thumbs_server, "select id from interviews where participant_code = ?", [code])
    answer, = db_rows(thumbs_server, "select * from answers where interview_id = ?", [interview["id"]])
    assert (answer["status"], json.loads(answer["value"])) == ("answered", "up")

    # Coding: the kind says its answers are to be coded, so a new session starts with them,
    # shown as the kind shows them.
    start_group_session(laptop, {"project": project})
    expect(laptop.locator("main")).to_contain_text("Do you like the new bus?")
    expect(laptop.locator("main")).to_contain_text("👍 a thumb up")

    # Charts: the kind says its answers are counted, and what the bars are.
    laptop.goto(f"/projects/{project}/findings/questions")
    expect(laptop.locator("main")).to_contain_text("Do you like the new bus?")
    expect(laptop.locator("main")).to_contain_text("Thumbs up (toy)")

    # Exports: the kind says how its answer is written in a cell.
    answers_csv = laptop.request.get(f"{thumbs_server.url}/projects/{project}/exports/answers.csv")
    assert answers_csv.ok and "thumb up (toy)" in answers_csv.text()
    for tab in (laptop_tab, tablet_tab):
        tab.context.close()
    assert not laptop_tab.errors + tablet_tab.errors, "the browser console showed errors"

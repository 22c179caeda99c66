"""Asking first, in a real browser and in both languages: finishing a group session,
switching a tablet off and taking a question out each go to a page whose buttons say the
actions; the way back changes nothing, the action button does it. Starting a group session
again offers the unfinished one, and carrying on keeps its join code."""
import json

import pytest
from playwright.sync_api import expect

from ..collect.conftest import DEMO
from ..theme.conftest import build_coding_world
from .conftest import assert_accessible, click_and_wait, sign_in_lead, switch_language
from .test_coding import start_group_session

WORDS = {
    "en": {"carry": "Carry on with the session you started?", "finish": "Finish the session?",
           "finished": "This session has finished.", "tablet": "Switch off Blue tablet?",
           "keep_on": "Keep Blue tablet on", "off": "Switch off Blue tablet",
           "question": "Take this question out?", "take_out": "Take the question out"},
    "cy": {"carry": "Parhau gyda'r sesiwn wnaethoch chi ei dechrau?", "finish": "Gorffen y sesiwn?",
           "finished": "Mae'r sesiwn hon wedi gorffen.", "tablet": "Diffodd Blue tablet?",
           "keep_on": "Cadw Blue tablet ymlaen", "off": "Diffodd Blue tablet",
           "question": "Tynnu'r cwestiwn hwn allan?", "take_out": "Tynnu'r cwestiwn allan"},
}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_session_carries_on_and_finishing_it_asks_first(live_server, open_tab, language):
    said = WORDS[language]
    world = build_coding_world(live_server.make, f"Ask first {language}")
    big = open_tab()
    sign_in_lead(big, world["lead"])
    switch_language(big, language)
    code = start_group_session(big, world)

    # Starting again offers the session going on; carrying on keeps its join code.
    big.goto(f"/projects/{world['project']}/coding/")
    click_and_wait(big, "section[aria-labelledby=start-group-title] button[type=submit]")
    expect(big.locator("h1")).to_have_text(said["carry"])
    expect(big.locator("main")).to_contain_text(code)
    assert_accessible(big)
    click_and_wait(big, "#keep")
    expect(big.locator(".join-code__code")).to_have_text(code)

    # Finishing asks first; "Keep coding" changes nothing.
    click_and_wait(big, "[data-key=end]")
    expect(big.locator("h1")).to_have_text(said["finish"])
    expect(big.locator("main")).to_contain_text(code)
    assert_accessible(big)
    click_and_wait(big, "#keep")
    expect(big.locator(".join-code__code")).to_have_text(code)
    click_and_wait(big, "[data-key=end]")
    click_and_wait(big, "#confirm")
    expect(big.locator(".panel")).to_contain_text(said["finished"])


@pytest.mark.parametrize("language", ["en", "cy"])
def test_switching_a_tablet_off_and_taking_a_question_out_ask_first(live_server, open_tab, language):
    said, make = WORDS[language], live_server.make
    lead = make.lead()
    project = make.project(lead, f"Tablets {language}")
    tablet = make.tablet(project, lead, "Blue tablet")
    page = open_tab()
    sign_in_lead(page, lead)
    switch_language(page, language)
    page.goto(f"/projects/{project}/tablets/{tablet['id']}/revoke")
    expect(page.locator("h1")).to_have_text(said["tablet"])
    expect(page.locator("#switch-off")).to_have_text(said["off"])
    expect(page.locator("main a.button")).to_have_text(said["keep_on"])
    assert_accessible(page)
    click_and_wait(page, "main a.button")
    page.goto(f"/projects/{project}/tablets/{tablet['id']}/revoke")
    expect(page.locator("h1")).to_have_text(said["tablet"]), "the way back left it on"
    click_and_wait(page, "#switch-off")
    expect(page.locator(f"a[href$='/tablets/{tablet['id']}/revoke']")).to_have_count(0)

    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    page.goto(f"/projects/{project}/questionnaires/{qid}")
    count = page.locator(".question-card").count()
    click_and_wait(page, ".question-card >> nth=0 >> button.button--warning")
    expect(page.locator("h1")).to_have_text(said["question"])
    assert_accessible(page)
    click_and_wait(page, "#keep")
    expect(page.locator(".question-card")).to_have_count(count)
    click_and_wait(page, ".question-card >> nth=0 >> button.button--warning")
    expect(page.locator("#confirm")).to_have_text(said["take_out"])
    click_and_wait(page, "#confirm")
    expect(page.locator(".question-card")).to_have_count(count - 1)

"""Yes and no in Welsh, in a real Chromium: a Welsh interview shows the question's own
answer words ("Oes" / "Nac oes" for "Oes…?"), reads them aloud, shows them on the check
page, and the answer that reaches the server is still "yes". In the builder, a lead picks
a pair and sees the suggestion."""
import json
import re

from playwright.sync_api import expect

from .conftest import assert_accessible, click_and_wait, sign_in_lead, wait_until
from .interview_helpers import (
    agree,
    answer_button,
    db_rows,
    expect_screen,
    get_ready,
    next_screen,
    open_app,
    published_demo,
    start_interview,
    switch_app_language,
)

# A Welsh voice that writes down what it says, so the test can hear it.
HEARING = """
window.__spoken = [];
speechSynthesis.getVoices = function () { return [{lang: "cy-GB", name: "Cymraeg"}, {lang: "en-GB", name: "English"}]; };
window.SpeechSynthesisUtterance = class extends EventTarget {
  constructor(text) { super(); this.text = text; }
};
speechSynthesis.speak = function (u) {
  window.__spoken.push(u.text);
  setTimeout(function () { u.dispatchEvent(new Event("end")); }, 0);
};
speechSynthesis.cancel = function () {};
"""

OTHERS = ["Dydw i ddim eisiau dweud", "Dydw i ddim yn gwybod"]


def test_a_welsh_interview_answers_oes_and_keeps_yes(live_server, open_tab):
    world = published_demo(live_server, "Oes a nac oes")
    page = open_tab()
    page.add_init_script(HEARING)
    get_ready(page, world)
    open_app(page)
    switch_app_language(page, "cy")
    code = start_interview(page)
    agree(page)
    for _ in range(2):                                      # the age and the town
        next_screen(page)
    expect_screen(page, "Ydych chi'n dewis beth rydych chi'n ei wneud bob dydd?")
    expect(page.locator("#answers .answer-button span")).to_have_text(["Ydw", "Nac ydw", *OTHERS])
    for _ in range(12):
        if page.locator("#screen-heading").inner_text() == "Oes gennych chi swydd?":
            break
        next_screen(page)
    expect_screen(page, "Oes gennych chi swydd?")
    expect(page.locator("#answers .answer-button span")).to_have_text(["Oes", "Nac oes", *OTHERS])
    expect(page.locator("#answers .answer-button img").first).to_have_attribute("src", re.compile("2705"))
    page.locator(".read-aloud-button").click()
    wait_until(page, "window.__spoken.length >= 3")
    assert page.evaluate("window.__spoken") == ["Oes gennych chi swydd?", "Oes", "Nac oes"]
    assert_accessible(page)
    answer_button(page, "Oes").click()
    expect(answer_button(page, "Oes")).to_have_attribute("aria-pressed", "true")
    switch_app_language(page, "en")                         # the same answer, in English words
    expect(answer_button(page, "Yes")).to_have_attribute("aria-pressed", "true")
    switch_app_language(page, "cy")
    for _ in range(20):
        if page.locator("#finish").count():
            break
        next_screen(page)
    expect(page.locator("#check-has_job")).to_contain_text("Oes")
    expect(page.locator("#check-has_job")).not_to_contain_text("Ie")
    page.click("#finish")
    page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text(re.compile("Does dim|No interviews"), timeout=15000)
    [interview] = db_rows(live_server, "select * from interviews where participant_code = ? and project_id = ?",
                          [code, world["project"]])
    assert interview["language"] == "cy"
    values = {row["question"]: json.loads(row["value"]) if row["value"] else None for row in db_rows(
        live_server, "select * from answers where interview_id = ?", [interview["id"]])}
    assert values["has_job"] == "yes"


def saved_question(live_server, project):
    [row] = db_rows(live_server, "select d.document from questionnaire_versions d join questionnaires q "
                                 "on q.id = d.questionnaire_id where q.project_id = ?", [project])
    return json.loads(row["document"])["questions"][0]


def test_a_lead_picks_a_welsh_pair_in_the_builder(live_server, page):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Geiriau ateb")
    sign_in_lead(page, lead)
    page.goto(f"/projects/{project}/questionnaires/new")
    page.fill("#title_en", "Photos")
    click_and_wait(page)
    overview = page.url.split("#")[0]
    page.click(f"label[for={page.get_attribute('input[name=kind][value=yes_no]', 'id')}]")
    click_and_wait(page, "#add-question button[type=submit]")
    expect(page.locator("input[name=welsh_words][value=suggested]")).to_be_checked()
    page.fill("#text_en", "Can we take your photo?")
    page.fill("#text_cy", "Gawn ni dynnu eich llun?")
    # As the Welsh is typed, the pair that fits is said and marked (before any saving).
    expect(page.locator("#welsh_words-hint")).to_have_text("Suggested for the Welsh question: Cewch / Na chewch")
    expect(page.locator(".answer-words__mark")).to_have_count(1)
    cewch = page.get_attribute("input[name=welsh_words][value=cewch]", "id")
    expect(page.locator(f"label[for={cewch}]")).to_contain_text("Suggested")
    page.fill("#text_cy", "A oes gennych chi gamera?")
    expect(page.locator("#welsh_words-hint")).to_contain_text("Oes / Nac oes")
    page.fill("#text_cy", "Gawn ni dynnu eich llun?")
    click_and_wait(page, "form.form--wide button[type=submit]")
    assert saved_question(live_server, project)["answer_words"]["yes"] == {"en": "Yes", "cy": "Cewch"}

    page.goto(overview)
    page.locator(".question-card a.button").click()
    page.wait_for_selector("#welsh_words-hint")
    expect(page.locator("#welsh_words-hint")).to_contain_text("Cewch / Na chewch")
    expect(page.locator("input[name=welsh_words][value=cewch]")).to_be_checked()
    assert_accessible(page)
    page.click(f"label[for={page.get_attribute('input[name=welsh_words][value=ie]', 'id')}]")
    click_and_wait(page, "form.form--wide button[type=submit]")
    assert saved_question(live_server, project)["answer_words"]["no"] == {"en": "No", "cy": "Nage"}
    # The easy-read check says why, and its link goes back to the Welsh words.
    page.goto(overview)
    finding = page.locator(".finding", has_text="Choose Cewch / Na chewch.")
    expect(finding).to_have_count(1)
    click_and_wait(page, ".finding:has-text('Choose Cewch') a")
    assert page.url.endswith("#answer_words_cy")
    expect(page.locator("input[name=welsh_words][value=ie]")).to_be_checked()

"""Words that change after they arrive, in a real browser and in both languages: a lead puts
an answer right on "read an interview" and sees its earlier words; a coder on a tablet types
up an answer that came with no words, and the big screen shows the words without reloading."""
import pytest
from playwright.sync_api import expect

from peersurvey.db import connect

from ..theme.session_helpers import sessions_code, start
from ..theme.test_typing_up import with_spoken_answer
from .conftest import assert_accessible, click_and_wait, sign_in_lead, switch_language
from .test_coding import PORTRAIT, sign_in_coder

WORDS = {"en": {"correct": "Correct the words", "type": "Type what they said", "save": "Save",
                "earlier": "Earlier words", "now": "The words now", "saved": "The words are saved."},
         "cy": {"correct": "Cywirwch y geiriau", "type": "Teipiwch beth ddywedon nhw", "save": "Cadw",
                "earlier": "Geiriau o'r blaen", "now": "Y geiriau nawr", "saved": "Mae'r geiriau wedi'u cadw."}}


def value_of(live_server, answer_id):
    db = connect(live_server.database)
    try:
        return db.execute("select value from answers where id = ?", [answer_id]).fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_lead_puts_an_answer_right_and_sees_its_earlier_words(live_server, page, language):
    world = with_spoken_answer(live_server.make, live_server.make.app)
    words = WORDS[language]
    sign_in_lead(page, world["lead"])
    switch_language(page, language)
    first = world["interviews"][0]["id"]
    page.goto(f"/projects/{world['project']}/interviews/{first}")
    answer = page.locator("#answer-money_not_good")
    expect(answer).to_contain_text("I never have money for a cup of tea.")
    click_and_wait(page, f"#answer-money_not_good a:has-text('{words['correct']}')")
    expect(page.locator("h1")).to_have_text(words["correct"])
    box = page.get_by_label(words["type"])
    expect(box).to_have_value("I never have money for a cup of tea.")
    assert_accessible(page)
    box.fill("I never have money for a cup of coffee.")
    click_and_wait(page, f"button:has-text('{words['save']}')")
    expect(page.locator("h1")).to_contain_text("CODE00")
    expect(page.locator(".notice, .flash").first).to_contain_text(words["saved"])
    expect(answer.locator(".read-answer__words")).to_have_text("I never have money for a cup of coffee.")
    earlier = answer.locator("details.words-tools__earlier")
    earlier.locator("summary").click()
    items = earlier.locator(".word-versions__item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("I never have money for a cup of tea.")
    expect(items.nth(0)).to_contain_text("Dewi")
    expect(items.nth(1)).to_contain_text(world["lead"]["name"])
    expect(items.nth(1)).to_contain_text(words["now"])
    assert_accessible(page)
    assert '"I never have money for a cup of coffee."' == value_of(live_server, world["answers"][0])


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_coder_types_up_an_answer_with_no_words_and_the_big_screen_shows_them(live_server, open_tab, language):
    world = with_spoken_answer(live_server.make, live_server.make.app)
    words = WORDS[language]
    session_id = start(live_server.make.app, world)
    big = open_tab()
    sign_in_lead(big, world["lead"])
    switch_language(big, language)
    big.goto(f"/projects/{world['project']}/coding/sessions/{session_id}/big")
    expect(big.locator(".answer-view")).to_contain_text(words["type"])

    tablet = open_tab(PORTRAIT)
    sign_in_coder(tablet, world, world["coders"][0])
    switch_language(tablet, language)
    click_and_wait(tablet, "a[href='/coding/join']")
    tablet.fill("#code", sessions_code(live_server.make.app, world, session_id))
    click_and_wait(tablet)
    click_and_wait(tablet, f".answer-view a:has-text('{words['type']}')")
    expect(tablet.locator("h1")).to_have_text(words["type"])
    assert_accessible(tablet)
    tablet.get_by_label(words["type"]).fill("The bus costs too much.")
    click_and_wait(tablet, f"button:has-text('{words['save']}')")
    expect(tablet.locator(".answer-view__words")).to_have_text("The bus costs too much.")
    expect(tablet.locator(".answer-view .words-tools__change")).to_have_text(words["correct"])
    assert_accessible(tablet)
    # The big screen draws the answer again, with its words, without a reload.
    expect(big.locator(".answer-view__words")).to_have_text("The bus costs too much.")
    assert value_of(live_server, world["spoken"]) == '"The bus costs too much."'

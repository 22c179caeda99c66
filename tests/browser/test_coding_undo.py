"""Undo after a quote, in a real browser and in both languages: tag a theme on answer 1,
go on, mark answer 2 as a good quote, press Undo. The quote is gone, answer 1 keeps its
theme, the screen shows answer 2 and says, in the page's language, what was undone."""
import pytest
from playwright.sync_api import expect

from ..theme.conftest import build_coding_world
from .conftest import assert_accessible, sign_in_lead, switch_language
from .test_coding import card, start_group_session

SAID = {"en": "Undone: answer 2 marked as a good quote.", "cy": "Wedi dadwneud: dewis ateb 2 fel dyfyniad da."}
THEN = {"en": "Undone: the theme ‘Money’ given to answer 1.", "cy": "Wedi dadwneud: rhoi'r thema ‘Arian’ i ateb 1."}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_undo_after_a_quote_takes_back_the_quote_and_shows_its_answer(live_server, open_tab, language):
    world = build_coding_world(live_server.make, f"Undo a quote {language}")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money", "cy": "Arian"})
    words = "Arian" if language == "cy" else "Money"
    big = open_tab()
    sign_in_lead(big, world["lead"])
    switch_language(big, language)
    start_group_session(big, world)

    card(big, words).click()
    expect(card(big, words)).to_have_attribute("aria-pressed", "true")
    big.locator("[data-key=move-next]").click()
    expect(big.locator(".answer-view__words")).to_contain_text("My support worker shops for me.")
    big.locator("[data-key=quote]").click()
    expect(big.locator("[data-key=quote]")).to_have_attribute("aria-pressed", "true")

    big.locator("[data-key=undo]").click()
    expect(big.locator(".notice--success")).to_have_text(SAID[language])
    expect(big.locator("[data-key=quote]")).to_have_attribute("aria-pressed", "false")
    expect(big.locator(".answer-view__words")).to_contain_text("My support worker shops for me.")
    expect(big.locator("#progress-words")).to_contain_text("2")
    assert_accessible(big)

    # Answer 1 kept its theme: going back shows it chosen. Undo again takes it back.
    big.locator("[data-key=move-previous]").click()
    expect(card(big, words)).to_have_attribute("aria-pressed", "true")
    big.locator("[data-key=undo]").click()
    expect(big.locator(".notice--success")).to_have_text(THEN[language])
    expect(card(big, words)).to_have_attribute("aria-pressed", "false")

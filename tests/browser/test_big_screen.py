"""The big-screen view fills a projector at 1280x720, 1920x1080 and 3840x2160: no site
header, the answer's words at least a twentieth of the screen's height, the join code on
the screen, nothing wider than the screen, and a 60-letter theme word wrapping inside its
card. Escape and the big button lead back to the normal page."""
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..theme.conftest import build_coding_world
from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, sign_in_lead, switch_language
from .test_coding import start_group_session

LONG_WORD = ("Anghydffurfiaeth" * 4)[:60]
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080), "4k": (3840, 2160)}
LEAVE = {"en": "Leave the big screen", "cy": "Gadael y sgrin fawr"}
SHOTS = Path("/tmp/shots/coding2")


def _measure(page):
    return page.evaluate("""() => {
        const words = document.querySelector('.answer-view__words');
        const code = document.querySelector('.join-code__code').getBoundingClientRect();
        const card = [...document.querySelectorAll('.theme-card')].find(c => c.textContent.includes('%s'));
        const cardWords = card.querySelector('.theme-card__words');
        const line = parseFloat(getComputedStyle(cardWords).lineHeight) || parseFloat(getComputedStyle(cardWords).fontSize) * 1.2;
        return {
          answerFont: parseFloat(getComputedStyle(words).fontSize), height: innerHeight, width: innerWidth,
          code: [code.left, code.top, code.right, code.bottom],
          scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
          wordsWidth: cardWords.scrollWidth, cardWidth: card.clientWidth,
          wordsLines: cardWords.getBoundingClientRect().height / line,
          header: document.querySelectorAll('.site-header, .breadcrumbs').length,
        };
    }""" % LONG_WORD)


@pytest.mark.parametrize("size,language", [("720p", "en"), ("1080p", "cy"), ("4k", "en")])
def test_the_big_screen_fills_a_projector(live_server, open_tab, size, language):
    width, height = SIZES[size]
    world = build_coding_world(live_server.make, f"Projector {size} {language}")
    for words in ({"en": "Money", "cy": "Arian"}, {"en": LONG_WORD, "cy": LONG_WORD},
                  {"en": "Getting about on buses and trains", "cy": "Mynd o gwmpas ar fysiau a threnau"},
                  {"en": "Friends", "cy": "Ffrindiau"}, {"en": "Work", "cy": "Gwaith"},
                  {"en": "Support", "cy": "Cymorth"}, {"en": "Home", "cy": "Cartref"}):
        live_server.make.theme(world["project"], world["lead"], words)
    page = open_tab({"width": width, "height": height})
    sign_in_lead(page, world["lead"])
    switch_language(page, language)
    code = start_group_session(page, world)
    click_and_wait(page, "#open-big-screen")
    expect(page.locator("#leave-big-screen")).to_contain_text(LEAVE[language])
    expect(page.locator(".join-code__code")).to_have_text(code)

    seen = _measure(page)
    assert seen["header"] == 0, "no site header or breadcrumbs"
    assert seen["answerFont"] >= seen["height"] / 20, seen
    left, top, right, bottom = seen["code"]
    assert left >= 0 and top >= 0 and right <= seen["width"] and bottom <= seen["height"], seen
    assert seen["scrollWidth"] <= seen["clientWidth"], "nothing wider than the screen"
    assert seen["wordsWidth"] <= seen["cardWidth"], "the long theme word is not clipped"
    assert seen["wordsLines"] >= 1.5, "the 60-letter word wraps onto more lines"
    assert_accessible(page)
    name = f"big-screen-{size}-{language}.png"
    page.screenshot(path=str(SCREENSHOTS / name))   # what the room sees, without scrolling
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCREENSHOTS / name, SHOTS / name)

    # Taps work here too and stay on the big screen; Escape leaves it.
    page.locator(".theme-card", has_text="Arian" if language == "cy" else "Money").click()
    expect(page.locator(".theme-card", has_text="Arian" if language == "cy" else "Money")).to_have_attribute(
        "aria-pressed", "true")
    assert page.url.endswith("/big")
    page.locator("body").focus()
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert not page.url.endswith("/big")
    expect(page.locator(".site-header")).to_be_visible()

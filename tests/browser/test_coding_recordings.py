"""A spoken answer in a coding session, in a real Chromium: the coder hears the recording
beside the answer (its length in words; one on its way is said to be), and a redraw of
the live screen, when someone else gives a theme, leaves the same player playing on."""
import pytest
from playwright.sync_api import expect

from ..theme.session_helpers import sessions_code, start
from ..theme.test_typing_up import with_spoken_answer
from .conftest import assert_accessible, click_and_wait, sign_in_lead, switch_language
from .test_coding import PORTRAIT, sign_in_coder

WORDS = {"en": ("Listen to what they said (6 seconds)", "The recording is on its way from the tablet"),
         "cy": ("Gwrandewch ar beth ddywedon nhw (6 eiliad)", "Mae'r recordiad ar ei ffordd o'r llechen")}


def recorded(make, world, **how):
    """The spoken answer's interview gets a recording of 6 seconds (complete unless said)."""
    from peersurvey.db import get_db
    with make.app.app_context():
        interview = get_db().execute("select interview_id from answers where id = ?", [world["spoken"]]).fetchone()[0]
    make.recording(world["project"], interview, "money_not_good", seconds=6, **how)


def theme_card(page, words):
    return page.locator(".theme-card", has_text=words)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_group_hears_a_spoken_answer_and_a_redraw_does_not_stop_it(live_server, open_tab, language):
    make = live_server.make
    world = with_spoken_answer(make, make.app)
    recorded(make, world)
    session_id = start(make.app, world)
    big = open_tab()
    sign_in_lead(big, world["lead"])
    big.goto(f"/projects/{world['project']}/coding/sessions/{session_id}/big")

    tablet = open_tab(PORTRAIT)
    sign_in_coder(tablet, world, world["coders"][0])
    switch_language(tablet, language)
    click_and_wait(tablet, "a[href='/coding/join']")
    tablet.fill("#code", sessions_code(make.app, world, session_id))
    click_and_wait(tablet)
    listen, _waiting = WORDS[language]
    expect(tablet.locator(".recording__label")).to_have_text(listen)
    player = tablet.locator(".answer-view audio")
    assert player.evaluate("audio => audio.paused && !audio.autoplay")
    assert_accessible(tablet)
    # Playing (muted: no one taps in a test), and marked, to know the element again.
    player.evaluate("audio => { audio.muted = true; audio.heard = 'this one'; return audio.play(); }")
    big.fill("#new-theme-words", "Buses")
    big.locator("[data-key=new-theme]").click()
    expect(theme_card(tablet, "Buses")).to_be_visible()               # the tablet drew again
    assert player.evaluate("audio => audio.heard === 'this one' && !audio.paused && audio.isConnected")


def test_a_recording_still_on_its_way_is_said_to_be_on_the_coding_screen(live_server, page):
    make = live_server.make
    world = with_spoken_answer(make, make.app)
    recorded(make, world, complete=False)
    session_id = start(make.app, world)
    sign_in_lead(page, world["lead"])
    page.goto(f"/projects/{world['project']}/coding/sessions/{session_id}")
    expect(page.locator(".recording__waiting")).to_contain_text(WORDS["en"][1])
    expect(page.locator(".answer-view audio")).to_have_count(0)
    switch_language(page, "cy")
    expect(page.locator(".recording__waiting")).to_contain_text(WORDS["cy"][1])

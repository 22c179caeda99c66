"""Signing out inside the interview app, in a real Chromium against the real server: the
home screen has a way to the tablet home page and a Sign out. Signing out forgets who is
interviewing on the tablet at once and ends the sign-in on the server, so the next person
must type their own PIN; with no network the server's sign-in ends when the app next opens
online. Interviews not finished stay on the tablet."""
import re

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, wait_until
from .interview_helpers import (
    expect_screen,
    get_ready,
    heading,
    open_app,
    published_demo,
    reload_offline,
    start_interview,
    stored,
    switch_app_language,
)

SIGNED_OUT = {"en": "You have signed out", "cy": "Rydych chi wedi allgofnodi"}


def ready_app(live_server, open_tab, name):
    world = published_demo(live_server, name)
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    return page


def device(page):
    stored(page)
    return page.evaluate("() => PSDB.get('config', 'device')")


def signed_in_on_server(page):
    """The tablet's home page needs a signed-in person; without one it sends them to choose."""
    page.goto("/tablet/home")
    return page.url.endswith("/tablet/home")


def test_sign_out_forgets_the_interviewer_and_ends_the_sign_in(live_server, open_tab):
    page = ready_app(live_server, open_tab, "Sign out online")
    expect(page.locator("#tablet-home")).to_have_attribute("href", "/tablet/home")
    start_interview(page)
    page.click("#stop")
    page.click("#stop-keep")
    expect_screen(page, "Interviews")
    page.click("#sign-out")
    expect_screen(page, SIGNED_OUT["en"])
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "app-signed-out-en.png")
    assert device(page)["interviewer"] is None
    wait_until(page, "PSDB.get('config', 'device').then(d => d.signout_pending === false)")
    [kept] = page.evaluate("() => PSDB.all('interviews')")
    assert kept["state"] == "in_progress"               # the interview waits for the next person
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(heading(page)).to_have_text(SIGNED_OUT["en"])  # not the last person's home screen
    assert not signed_in_on_server(page)
    expect(page).to_have_url(re.compile(r"/tablet/$"))


def test_sign_out_with_no_network_ends_the_sign_in_when_back_online(live_server, open_tab):
    page = ready_app(live_server, open_tab, "Sign out offline")
    page.context.set_offline(True)
    reload_offline(page)
    switch_app_language(page, "cy")
    expect(page.locator("#sign-out")).to_have_text("Allgofnodi")
    page.click("#sign-out")
    expect_screen(page, SIGNED_OUT["cy"])
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "app-signed-out-cy.png")
    assert device(page)["signout_pending"] is True
    page.context.set_offline(False)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    wait_until(page, "PSDB.get('config', 'device').then(d => d.signout_pending === false)")
    assert not signed_in_on_server(page)

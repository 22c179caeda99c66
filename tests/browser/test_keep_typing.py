"""Switching language never throws away what a person typed (static/easyread/keep-typing.js):
the page comes back in the other language with the same words in its form, and says so.
Passwords and PINs are never kept, not even for the moment of the switch."""
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, sign_in_lead, switch_language

SAVE = "main form.form--wide > button[type=submit]"


def new_theme_page(live_server, open_tab):
    lead = live_server.make.lead()
    project = live_server.make.project(lead, name="Keep typing")
    page = open_tab()
    sign_in_lead(page, lead)
    page.goto(f"/projects/{project}/themes/new")
    return page, project


def test_a_half_made_theme_survives_the_language_switch(live_server, open_tab):
    page, project = new_theme_page(live_server, open_tab)
    page.fill("#words_en", "Seeing friends")
    page.fill("#description_cy", "Amser gyda ffrindiau, ŵyr ac ŷd")
    green = page.locator("input[name=colour][value=green]").get_attribute("id")
    page.click(f"label[for={green}]")          # the card-like label, as a person taps it

    switch_language(page, "cy")

    expect(page.locator("#words_en")).to_have_value("Seeing friends")
    expect(page.locator("#description_cy")).to_have_value("Amser gyda ffrindiau, ŵyr ac ŷd")
    expect(page.locator("input[name=colour][value=green]")).to_be_checked()
    expect(page.locator("#kept-typing")).to_have_text("Rydyn ni wedi cadw beth wnaethoch chi ei deipio.")
    assert page.evaluate("sessionStorage.length") == 0, "the kept words are removed once put back"
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "keep-typing-theme-cy.png", full_page=False)

    # The form still saves: the page's own CSRF token was never overwritten.
    click_and_wait(page, SAVE)
    expect(page.locator("main")).to_contain_text("Seeing friends")
    assert "/themes/new" not in page.url


def test_words_sent_back_with_a_mistake_survive_the_switch(live_server, open_tab):
    # The sign-in page sent back: the email is now the page's own value, not a change
    # the script could see, and it is still what the person typed. On a phone.
    page = open_tab({"width": 390, "height": 844})
    page.goto("/signin")
    page.fill("#email", "rhian@example.org")
    page.fill("#password", "wrong password")
    click_and_wait(page)
    expect(page.locator(".error-summary")).to_be_visible()

    switch_language(page, "cy")

    expect(page.locator("#email")).to_have_value("rhian@example.org")
    expect(page.locator("#password")).to_have_value("")
    expect(page.locator("#kept-typing")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "keep-typing-signin-phone-cy.png")


def test_an_untouched_form_switches_without_a_message(live_server, open_tab):
    page, _project = new_theme_page(live_server, open_tab)
    switch_language(page, "cy")
    expect(page.locator("h1")).to_have_text("Ychwanegu thema")
    expect(page.locator("#kept-typing")).to_have_count(0)


def test_a_password_is_never_kept(live_server, open_tab):
    page = open_tab()
    page.goto("/signin")
    page.fill("#email", "rhian@example.org")
    page.fill("#password", "a secret password")
    # Look at what the switch keeps before the page goes: stop the link from navigating
    # (the keeping happens in its own click listener, which still runs).
    page.evaluate("document.addEventListener('click', e => e.preventDefault())")
    page.click(".language-switch a[lang=cy]")
    kept = page.evaluate("sessionStorage.getItem('peersurvey-kept-typing')")
    assert "rhian@example.org" in kept
    assert "a secret password" not in kept and "csrf_token" not in kept

    page.goto("/signin")   # a new load: Chromium puts back nothing itself
    page.wait_for_selector("#kept-typing")
    expect(page.locator("#email")).to_have_value("rhian@example.org")
    expect(page.locator("#password")).to_have_value("")

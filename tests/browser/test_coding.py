"""Group coding in real browsers: a big screen and a joined tablet in one test, each its
own browser context, talking to the real server. A vote on the tablet shows on the big
screen, the group's choice shows on the tablet, undo works, a theme made mid-session is
usable at once, and it all works by keyboard and with no axe violations in both languages."""
import pytest
from playwright.sync_api import expect

from peersurvey.db import get_db

from ..theme.conftest import build_coding_world
from ..theme.session_helpers import group_codings
from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language, wait_until

PHONE = {"width": 390, "height": 844}
PORTRAIT = {"width": 768, "height": 1024}


def sign_in_coder(page, world, coder):
    pair_tablet(page, world["tablet"])
    click_and_wait(page, f".person-button:has-text('{coder['name']}')")
    page.fill("#pin", coder["pin"])
    click_and_wait(page)
    page.wait_for_url("**/tablet/home")


def start_group_session(big, world):
    big.goto(f"/projects/{world['project']}/coding/")
    click_and_wait(big, "section[aria-labelledby=start-group-title] button[type=submit]")
    expect(big.locator(".join-code__code")).to_be_visible()
    return big.locator(".join-code__code").inner_text()


def card(page, words):
    return page.locator(".theme-card", has_text=words)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_big_screen_and_a_joined_tablet_code_together(live_server, open_tab, language):
    world = build_coding_world(live_server.make, f"Coding together {language}")
    money = live_server.make.theme(world["project"], world["lead"], {"en": "Money", "cy": "Arian"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    switch_language(big, language)
    code = start_group_session(big, world)
    assert_accessible(big)

    tablet = open_tab(PORTRAIT)
    sign_in_coder(tablet, world, world["coders"][0])
    switch_language(tablet, language)
    click_and_wait(tablet, "a[href='/coding/join']")
    assert_accessible(tablet)
    tablet.fill("#code", code.lower())
    click_and_wait(tablet)
    expect(tablet.locator("#progress-words")).to_contain_text("1")
    assert_accessible(tablet)

    words = "Arian" if language == "cy" else "Money"
    # The tablet votes; the big screen shows who voted, without reloading.
    card(tablet, words).click()
    expect(card(tablet, words)).to_have_attribute("aria-pressed", "true")
    expect(card(big, words)).to_contain_text("Sam")
    assert_accessible(big)
    big.screenshot(path=str(SCREENSHOTS / f"coding-big-screen-{language}.png"))
    tablet.screenshot(path=str(SCREENSHOTS / f"coding-tablet-{language}.png"))

    # The group agrees on the big screen; the tablet sees the group's choice.
    big.locator("[data-key=confirm]").click()
    expect(card(big, words)).to_have_attribute("aria-pressed", "true")
    expect(card(tablet, words).locator(".theme-card__chosen")).to_be_visible()

    # Undo on the big screen takes it back everywhere.
    big.locator("[data-key=undo]").click()
    expect(card(big, words)).to_have_attribute("aria-pressed", "false")
    expect(card(tablet, words).locator(".theme-card__chosen")).to_have_count(0)

    # A theme made on the spot is given at once, and the tablet can vote for it.
    big.fill("#new-theme-words", "Buses")
    big.locator("[data-key=new-theme]").click()
    expect(card(big, "Buses")).to_have_attribute("aria-pressed", "true")
    expect(card(tablet, "Buses").locator(".theme-card__chosen")).to_be_visible()
    card(tablet, "Buses").click()
    expect(card(big, "Buses")).to_contain_text("Sam")

    # Next on the big screen moves the tablet on too.
    big.locator("[data-key=move-next]").click()
    expect(tablet.locator("#progress-words")).to_contain_text("2")
    expect(tablet.locator(".answer-view__words")).to_contain_text("My support worker shops for me.")
    assert_accessible(tablet)
    assert money


def test_the_big_screen_works_by_keyboard_alone(live_server, open_tab):
    world = build_coding_world(live_server.make, "Keyboard coding")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    start_group_session(big, world)
    money = card(big, "Money")
    money.focus()
    big.keyboard.press("Enter")
    expect(money).to_have_attribute("aria-pressed", "true")
    expect(money).to_be_focused()           # focus stays on the card after it is drawn again
    big.keyboard.press("Space")
    expect(money).to_have_attribute("aria-pressed", "false")
    # Tab along to "Next" and press it.
    for _ in range(40):
        big.keyboard.press("Tab")
        if big.evaluate("document.activeElement.dataset.key") == "move-next":
            break
    big.keyboard.press("Enter")
    expect(big.locator("#progress-words")).to_contain_text("2")
    expect(big.locator("[data-key=move-next]")).to_be_focused()
    # Typing a new theme and pressing Enter makes it.
    big.locator("#new-theme-words").focus()
    big.keyboard.type("Shops")
    big.keyboard.press("Enter")
    expect(card(big, "Shops")).to_have_attribute("aria-pressed", "true")


def test_the_big_screen_puts_in_only_what_a_tap_changed_and_stays_right(live_server, open_tab):
    world = build_coding_world(live_server.make, "Parts of the panel")
    make = live_server.make
    money = make.theme(world["project"], world["lead"], {"en": "Money"})
    friends = make.theme(world["project"], world["lead"], {"en": "Friends"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    start_group_session(big, world)
    fetched = []
    big.on("request", lambda request: fetched.append(request.url) if "fragment=1" in request.url else None)
    first, second, third = world["answers"][:3]

    big.locator("[data-key=move-later]").click()            # not sure about the first: later
    expect(big.locator("#progress-words")).to_contain_text("2")
    expect(big.locator("[data-key=move-back-later]")).to_be_visible()
    big.screenshot(path=str(SCREENSHOTS / "coding-big-screen-later.png"), full_page=True)
    card(big, "Money").click()
    expect(card(big, "Money")).to_have_attribute("aria-pressed", "true")
    big.locator("[data-key=move-next]").click()
    expect(big.locator("#progress-words")).to_contain_text("3")
    expect(card(big, "Money")).to_have_attribute("aria-pressed", "false")
    card(big, "Friends").click()                            # sent for the answer now on screen
    expect(card(big, "Friends")).to_have_attribute("aria-pressed", "true")
    big.fill("#new-theme-words", "Buses")                   # a form outside the parts put in
    big.locator("[data-key=new-theme]").click()
    expect(card(big, "Buses")).to_have_attribute("aria-pressed", "true")
    big.locator("[data-key=move-back-later]").click()
    expect(big.locator("#progress-words")).to_contain_text("1")
    card(big, "Money").click()                              # a theme: no longer "not sure"
    expect(card(big, "Money")).to_have_attribute("aria-pressed", "true")
    expect(big.locator("[data-key=move-back-later]")).to_have_count(0)

    assert group_codings(make.app, first) == {money}
    assert group_codings(make.app, second) == {money}
    assert len(group_codings(make.app, third)) == 2 and friends in group_codings(make.app, third)
    assert fetched == [], "each reply was drawn as it came, with no fetch of the whole panel"
    assert_accessible(big)


def test_a_joined_screen_of_someone_no_longer_coding_here_does_not_silently_stop(live_server, open_tab, browser):
    from .conftest import Tab
    world = build_coding_world(live_server.make, "No longer coding")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    code = start_group_session(big, world)
    tab = Tab(browser, live_server.url, PORTRAIT)     # its console will show the 404 it is sent to
    try:
        tablet = tab.page
        sign_in_coder(tablet, world, world["coders"][0])
        tablet.goto("/coding/join")
        tablet.fill("#code", code)
        click_and_wait(tablet)
        expect(tablet.locator("#progress-words")).to_contain_text("1")
        with live_server.make.app.test_request_context():     # Sam interviews now, and codes no more
            db = get_db()
            db.execute("update memberships set role = 'interviewer' where person_id = ? and role = 'coder'",
                       [world["coders"][0]["id"]])
            db.conn.commit()
        with tablet.expect_navigation():         # the next change tells the screen; it loads again
            card(big, "Money").click()
        expect(tablet.locator("h1")).to_have_text("We could not find that page")
        assert all("status of 404" in error for error in tab.errors), tab.errors
    finally:
        tab.context.close()


def test_when_the_network_drops_a_button_is_sent_the_ordinary_way_with_its_value(live_server, open_tab):
    world = build_coding_world(live_server.make, "Dropped network coding")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    start_group_session(big, world)
    # The background send fails as when the network drops; live.js sends the form itself.
    big.evaluate("() => { window.fetch = () => Promise.reject(new TypeError('offline')); }")
    with big.expect_navigation():
        big.locator("[data-key=move-next]").click()
    expect(big.locator("#progress-words")).to_contain_text("2")   # "to=next" went with it
    big.evaluate("() => { window.fetch = () => Promise.reject(new TypeError('offline')); }")
    with big.expect_navigation():
        card(big, "Money").click()
    expect(card(big, "Money")).to_have_attribute("aria-pressed", "true")


def refused_tab(browser, live_server, world):
    """A big screen whose console may show the server's own refusals (a 400), and nothing else."""
    from .conftest import Tab
    tab = Tab(browser, live_server.url)
    sign_in_lead(tab.page, world["lead"])
    start_group_session(tab.page, world)
    return tab


def only_refusals(tab):
    assert all("status of 400" in error for error in tab.errors), tab.errors


def test_a_refused_new_theme_keeps_what_was_typed(live_server, browser):
    world = build_coding_world(live_server.make, "Refused theme coding")
    tab = refused_tab(browser, live_server, world)
    try:
        big = tab.page
        typed = "Bus\u200bes"        # a hidden character in it: refused
        big.fill("#new-theme-words", typed)
        big.locator("[data-key=new-theme]").click()
        expect(big.locator("#new-theme-error")).to_be_visible()
        expect(big.locator("#new-theme-words")).to_have_value(typed)
        assert_accessible(big)
        only_refusals(tab)
    finally:
        tab.context.close()


def test_a_tap_refused_as_out_of_date_says_so_instead_of_reloading(live_server, browser):
    world = build_coding_world(live_server.make, "Out of date coding")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money"})
    tab = refused_tab(browser, live_server, world)
    try:
        big = tab.page
        # As when the server restarted with a new secret: every form's token is out of date.
        big.evaluate("""() => {
            window.stillThisPage = true;
            document.querySelectorAll("input[name=csrf_token]").forEach(i => { i.value = "old"; });
        }""")
        card(big, "Money").click()
        expect(big.locator("#live-refused")).to_contain_text("This form is out of date")
        expect(big.locator("#live-refused a")).to_have_text("Reload the page")
        assert big.evaluate("window.stillThisPage === true"), "the page did not reload silently"
        expect(card(big, "Money")).to_have_attribute("aria-pressed", "false")
        assert_accessible(big)
        only_refusals(tab)
        big.locator("#live-refused a").click()
        wait_until(big, "document.readyState === 'complete' && !window.stillThisPage")
        card(big, "Money").click()
        expect(card(big, "Money")).to_have_attribute("aria-pressed", "true")
        expect(big.locator("#live-refused")).to_have_count(0)
    finally:
        tab.context.close()


def test_a_tablet_that_cannot_open_a_live_connection_checks_every_two_seconds(live_server, open_tab):
    world = build_coding_world(live_server.make, "Polling coding")
    live_server.make.theme(world["project"], world["lead"], {"en": "Money"})
    big = open_tab()
    sign_in_lead(big, world["lead"])
    code = start_group_session(big, world)
    tablet = open_tab(PHONE)
    # As when the server has no live connections left: it answers 204 and the page polls.
    tablet.route("**/events", lambda route: route.fulfill(status=204))
    sign_in_coder(tablet, world, world["coders"][1])
    tablet.goto("/coding/join")
    tablet.fill("#code", code)
    click_and_wait(tablet)
    big.locator("[data-key=move-next]").click()
    expect(tablet.locator("#progress-words")).to_contain_text("2")
    card(tablet, "Money").click()
    expect(card(big, "Money")).to_contain_text("Ffion")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_codebook_and_agreement_pages_are_accessible_and_readable(live_server, open_tab, language):
    world = build_coding_world(live_server.make, f"Codebook {language}")
    make = live_server.make
    money = make.theme(world["project"], world["lead"], {"en": "Money", "cy": "Arian"})
    friends = make.theme(world["project"], world["lead"], {"en": "Friends", "cy": "Ffrindiau"})
    # Two coders coded on their own and disagree once, so the agreement page has its
    # numbers, its table and a disagreement to show.
    with make.app.app_context():
        from peersurvey.db import get_db
        db = get_db()
        for coder, themes in zip(world["coders"], ([money, money, friends], [money, friends, friends])):
            for answer_id, theme_id in zip(world["answers"], themes):
                db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                              values (?, ?, ?, ?, '2026-11-25T10:00:00+00:00', ?)""",
                           [world["project"], answer_id, theme_id, coder["id"], coder["id"]])
        db.conn.commit()
    for size, viewport in (("landscape", None), ("portrait", PORTRAIT), ("phone", PHONE)):
        page = open_tab(viewport) if viewport else open_tab()
        sign_in_lead(page, world["lead"])
        switch_language(page, language)
        for name, url in (("coding", f"/projects/{world['project']}/coding/"),
                          ("codebook", f"/projects/{world['project']}/themes/"),
                          ("theme", f"/projects/{world['project']}/themes/{money}/"),
                          ("theme-form", f"/projects/{world['project']}/themes/{money}/edit"),
                          ("merge", f"/projects/{world['project']}/themes/{money}/merge"),
                          ("split", f"/projects/{world['project']}/themes/{money}/split"),
                          ("new-theme", f"/projects/{world['project']}/themes/new"),
                          ("join", "/coding/join"),
                          ("agreement", f"/projects/{world['project']}/coding/agreement/")):
            page.goto(url)
            if name == "agreement":
                expect(page.locator(".agreement-figure")).to_be_visible()
            if size == "landscape":
                assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
            page.screenshot(path=str(SCREENSHOTS / f"coding-{name}-{size}-{language}.png"), full_page=True)
        page.goto(f"/projects/{world['project']}/coding/")
        click_and_wait(page, "section[aria-labelledby=start-group-title] button[type=submit]")
        page.screenshot(path=str(SCREENSHOTS / f"coding-session-{size}-{language}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the session scrolls sideways"

"""The foundation's journey in a real browser: a lead signs in, makes a project, adds an
interviewer with a PIN and registers a tablet; the interviewer signs in on the tablet.
Every page on the way has zero axe violations, in English and in Welsh."""
import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language


@pytest.mark.parametrize("language", ["en", "cy"])
def test_lead_sets_up_a_project_and_the_interviewer_signs_in_on_the_tablet(
        live_server, open_tab, language):
    lead = live_server.make.lead(name="Rhian")
    laptop = open_tab()
    laptop.goto("/")
    switch_language(laptop, language)
    assert_accessible(laptop)

    click_and_wait(laptop, "a[href='/signin']")
    assert_accessible(laptop)
    laptop.fill("#email", lead["email"])
    laptop.fill("#password", "wrong password")
    click_and_wait(laptop)
    expect(laptop.locator(".error-summary")).to_be_visible()
    assert_accessible(laptop)
    laptop.fill("#password", lead["password"])
    click_and_wait(laptop)
    laptop.wait_for_url("**/projects/")
    assert_accessible(laptop)

    click_and_wait(laptop, "a[href='/projects/new']")
    assert_accessible(laptop)
    click_and_wait(laptop)          # forgot the name
    expect(laptop.locator("#name-error")).to_be_visible()
    assert_accessible(laptop)
    laptop.fill("#name", f"Gwent voices {language}")
    click_and_wait(laptop)
    expect(laptop.locator("h1")).to_have_text(f"Gwent voices {language}")
    assert_accessible(laptop)
    project_url = laptop.url

    click_and_wait(laptop, "a[href$='/people/new']")
    assert_accessible(laptop)
    laptop.fill("#name", "Ceri Jones")
    laptop.click("label[for=picture-4]")               # the cat
    laptop.click("label[for=roles-1]")                 # interviewer
    click_and_wait(laptop)           # no PIN yet
    expect(laptop.locator("#pin-error")).to_be_visible()
    assert_accessible(laptop)
    laptop.fill("#pin", "4826")
    click_and_wait(laptop)
    laptop.wait_for_url(project_url)
    expect(laptop.locator(".person-row__name", has_text="Ceri Jones")).to_be_visible()
    assert_accessible(laptop)

    click_and_wait(laptop, "a.person-row__name:has-text('Ceri Jones')")
    assert_accessible(laptop)
    laptop.goto(project_url)

    click_and_wait(laptop, "a[href$='/tablets/new']")
    assert_accessible(laptop)
    SCREENSHOTS.mkdir(exist_ok=True)
    laptop.screenshot(path=str(SCREENSHOTS / f"journey-{language}-tablet-form.png"), full_page=True)
    laptop.fill("#name", "Green tablet")
    laptop.fill("#site", "<b>Pontypool</b>")           # a place, never a piece of a web page
    click_and_wait(laptop)
    expect(laptop.locator("#site-error")).to_be_visible()
    assert_accessible(laptop)
    laptop.screenshot(path=str(SCREENSHOTS / f"journey-{language}-tablet-form-error.png"), full_page=True)
    laptop.fill("#site", "Pontypool")
    click_and_wait(laptop)
    # The lead is given a square to scan and a short code; this browser does not become the tablet.
    expect(laptop.locator("#pairing-qr svg")).to_be_visible()
    code = laptop.locator("#pairing-code").inner_text().replace(" ", "")
    assert len(code) == 8
    assert "peersurvey_tablet" not in {c["name"] for c in laptop.context.cookies()}
    assert_accessible(laptop)
    laptop.screenshot(path=str(SCREENSHOTS / f"journey-{language}-tablet-pairing.png"), full_page=True)

    # Where the tablet is used: shown in the list, and changed on the tablet's own page.
    laptop.goto(project_url)
    expect(laptop.locator(".tablet-site")).to_contain_text("Pontypool")
    click_and_wait(laptop, ".tablet-site a")
    expect(laptop.locator("#site")).to_have_value("Pontypool")
    assert_accessible(laptop)
    laptop.fill("#site", "Cwmbrân")
    click_and_wait(laptop)
    expect(laptop.locator(".tablet-site")).to_contain_text("Cwmbrân")
    assert_accessible(laptop)

    laptop.goto(project_url + "/history")
    expect(laptop.locator("td", has_text="Green tablet")).to_have_count(2)     # registered; its place changed
    assert_accessible(laptop)

    # The tablet: a different browser, set up with the code the lead was shown.
    tablet = open_tab()
    tablet.goto("/tablet/")
    switch_language(tablet, language)
    assert_accessible(tablet)
    click_and_wait(tablet, "main a[href='/tablet/setup']")
    assert_accessible(tablet)
    tablet.fill("#code", code)
    click_and_wait(tablet, "#pair")
    expect(tablet.locator(".person-button__name")).to_have_text(["Ceri Jones"])
    assert_accessible(tablet)
    click_and_wait(tablet, ".person-button")
    assert_accessible(tablet)
    tablet.fill("#pin", "4826")
    click_and_wait(tablet)
    tablet.wait_for_url("**/tablet/home")
    expect(tablet.locator("h1")).to_contain_text("Ceri Jones")
    assert_accessible(tablet)
    click_and_wait(tablet, ".signout button")
    tablet.wait_for_url("**/tablet/")


def test_five_wrong_pins_lock_the_person_out_and_say_so_plainly(live_server, page):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Lockout")
    person = make.member(project, "Dewi", pin="1593")
    tablet = make.tablet(project, lead)
    pair_tablet(page, tablet)
    click_and_wait(page, ".person-button")
    for attempt in range(4):
        page.fill("#pin", "0000")
        click_and_wait(page)
        expect(page.locator("#pin-error")).to_contain_text("That PIN is not right. Try again.")
    page.fill("#pin", "0000")
    click_and_wait(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You are locked out for now")
    expect(alert).to_contain_text("Wait 15 minutes, then try again")
    assert page.locator("#pin").count() == 0
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tablet-landscape-en-locked-out.png"))
    switch_language(page, "cy")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "tablet-landscape-cy-locked-out.png"))
    assert person["name"] in page.locator(".person-banner__name").inner_text()


def test_a_tablet_switched_off_by_the_lead_is_refused_by_the_api(live_server, page):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Revoke")
    tablet = make.tablet(project, lead, name="Old tablet")
    auth = {"Authorization": f"Bearer {tablet['token']}"}
    assert page.request.get("/api/v1/device", headers=auth).status == 200
    sign_in_lead(page, lead)
    page.goto(f"/projects/{project}")
    click_and_wait(page, "a:has-text('Switch off Old tablet')")
    # It asks first, names the tablet, and says what happens to interviews still on it.
    expect(page.locator("h1")).to_have_text("Switch off Old tablet?")
    expect(page.locator("#waiting-warning")).to_contain_text("Interviews still on it cannot be sent.")
    assert_accessible(page)
    assert page.request.get("/api/v1/device", headers=auth).status == 200, "nothing is switched off yet"
    click_and_wait(page, "#switch-off")
    expect(page.locator("td", has_text="No, switched off")).to_be_visible()
    response = page.request.get("/api/v1/device", headers=auth)
    assert response.status == 401
    assert "switched it off" in response.json()["error"]

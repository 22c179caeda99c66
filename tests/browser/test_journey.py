"""The foundation's journey in a real browser: a lead signs in, makes a project, adds an
interviewer with a PIN and registers a tablet; the interviewer signs in on the tablet.
Every page on the way has zero axe violations, in English and in Welsh."""
import pytest

from .conftest import SCREENSHOTS, assert_accessible, switch_language


def sign_in(page, lead):
    page.goto("/signin")
    page.fill("#email", lead["email"])
    page.fill("#password", lead["password"])
    page.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_lead_sets_up_a_project_and_the_interviewer_signs_in_on_the_tablet(
        live_server, open_tab, language):
    lead = live_server.make.lead(name="Rhian")
    laptop = open_tab()
    laptop.goto("/")
    switch_language(laptop, language)
    assert_accessible(laptop)

    laptop.click("a[href='/signin']")
    assert_accessible(laptop)
    laptop.fill("#email", lead["email"])
    laptop.fill("#password", "wrong password")
    laptop.click("main button[type=submit]")
    assert laptop.locator(".error-summary").is_visible()
    assert_accessible(laptop)
    laptop.fill("#password", lead["password"])
    laptop.click("main button[type=submit]")
    assert laptop.url.endswith("/projects/")
    assert_accessible(laptop)

    laptop.click("a[href='/projects/new']")
    assert_accessible(laptop)
    laptop.click("main button[type=submit]")          # forgot the name
    assert laptop.locator("#name-error").is_visible()
    assert_accessible(laptop)
    laptop.fill("#name", f"Gwent voices {language}")
    laptop.click("main button[type=submit]")
    assert laptop.locator("h1").inner_text() == f"Gwent voices {language}"
    assert_accessible(laptop)
    project_url = laptop.url

    laptop.click("a[href$='/people/new']")
    assert_accessible(laptop)
    laptop.fill("#name", "Ceri Jones")
    laptop.click("label[for=picture-4]")               # the cat
    laptop.click("label[for=roles-1]")                 # interviewer
    laptop.click("main button[type=submit]")           # no PIN yet
    assert laptop.locator("#pin-error").is_visible()
    assert_accessible(laptop)
    laptop.fill("#pin", "4826")
    laptop.click("main button[type=submit]")
    assert laptop.url == project_url
    assert laptop.locator(".person-row__name", has_text="Ceri Jones").is_visible()
    assert_accessible(laptop)

    laptop.click("a.person-row__name:has-text('Ceri Jones')")
    assert_accessible(laptop)
    laptop.goto(project_url)

    laptop.click("a[href$='/tablets/new']")
    assert_accessible(laptop)
    laptop.fill("#name", "Green tablet")
    laptop.click("main button[type=submit]")
    token = laptop.locator("#tablet-token").inner_text().strip()
    assert len(token) > 30
    assert_accessible(laptop)

    laptop.goto(project_url + "/history")
    assert laptop.locator("td", has_text="Green tablet").count() == 1
    assert_accessible(laptop)

    # The tablet: a different browser, set up with the code the lead was shown.
    tablet = open_tab()
    tablet.goto("/tablet/")
    switch_language(tablet, language)
    assert_accessible(tablet)
    tablet.click("main a[href='/tablet/setup']")
    assert_accessible(tablet)
    tablet.fill("#token", token)
    tablet.click("main button[type=submit]")
    assert tablet.locator(".person-button__name").all_inner_texts() == ["Ceri Jones"]
    assert_accessible(tablet)
    tablet.click(".person-button")
    assert_accessible(tablet)
    tablet.fill("#pin", "4826")
    tablet.click("main button[type=submit]")
    assert tablet.url.endswith("/tablet/home")
    assert "Ceri Jones" in tablet.locator("h1").inner_text()
    assert_accessible(tablet)
    tablet.click(".signout button")
    assert tablet.url.endswith("/tablet/")


def test_five_wrong_pins_lock_the_person_out_and_say_so_plainly(live_server, page):
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, "Lockout")
    person = make.member(project, "Dewi", pin="1593")
    tablet = make.tablet(project, lead)
    page.goto("/tablet/setup")
    page.fill("#token", tablet["token"])
    page.click("main button[type=submit]")
    page.click(".person-button")
    for attempt in range(4):
        page.fill("#pin", "0000")
        page.click("main button[type=submit]")
        assert page.locator("#pin-error").inner_text().strip().endswith("That PIN is not right. Try again.")
    page.fill("#pin", "0000")
    page.click("main button[type=submit]")
    alert = page.get_by_role("alert")
    assert "You are locked out for now" in alert.inner_text()
    assert "Wait 15 minutes, then try again" in alert.inner_text()
    assert page.locator("#pin").count() == 0
    assert_accessible(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tablet-landscape-en-locked-out.png"))
    switch_language(page, "cy")
    assert page.get_by_role("alert").is_visible()
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
    sign_in(page, lead)
    page.goto(f"/projects/{project}")
    page.click("button:has-text('Switch off Old tablet')")
    assert page.locator("td", has_text="No, switched off").is_visible()
    response = page.request.get("/api/v1/device", headers=auth)
    assert response.status == 401
    assert "switched it off" in response.json()["error"]

"""My pay and My record on a real paired tablet, signed in with a PIN, in English and Welsh:
zero axe violations, nothing to scroll sideways, and screenshots at three sizes; the lead's
summary for funders too."""
import pytest
from playwright.sync_api import expect

from ..pay.docs_world import build
from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}
SHOTS = SCREENSHOTS / "pay-docs"
SHOTS2 = SCREENSHOTS / "pay-choice"


def no_sideways_scroll(page, name):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"


def sign_in_with_pin(page, tablet, person):
    pair_tablet(page, tablet)
    click_and_wait(page, f".person-button:has-text('{person['name']}')")
    page.fill("#pin", person["pin"])
    click_and_wait(page)
    page.wait_for_url("**/tablet/home")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_my_pay_and_my_record_on_a_paired_tablet(live_server, open_tab, language):
    world = build(live_server.make.app, live_server.make)
    words = {"en": ("What I did in", "3 interviews", "My work in this project"),
             "cy": ("Beth wnes i ym mis", "3 chyfweliad", "Fy ngwaith yn y prosiect hwn")}[language]
    for size, viewport in SIZES.items():
        page = open_tab(viewport)
        sign_in_with_pin(page, world["tablet"], world["ada"])
        switch_language(page, language)
        page.screenshot(path=f"{SHOTS}/tablet-home-{size}-{language}.png", full_page=True)
        click_and_wait(page, "main a[href='/tablet/my-pay']")
        expect(page.locator("h1")).to_contain_text(words[0])
        page.select_option("#month", "2026-11")
        click_and_wait(page, ".month-chooser button")
        expect(page.locator("main")).to_contain_text(words[1])
        if size == "landscape":
            assert_accessible(page)
        no_sideways_scroll(page, "my pay")
        page.screenshot(path=f"{SHOTS}/my-pay-{size}-{language}.png", full_page=True)
        page.goto("/tablet/home")
        click_and_wait(page, "main a[href='/tablet/my-record']")
        expect(page.locator("h1")).to_have_text(words[2])
        expect(page.locator("main")).to_contain_text(words[1])
        if size == "landscape":
            assert_accessible(page)
        no_sideways_scroll(page, "my record")
        page.screenshot(path=f"{SHOTS}/my-record-{size}-{language}.png", full_page=True)

        lead = open_tab(viewport)
        sign_in_lead(lead, world["lead"])
        switch_language(lead, language)
        lead.goto(f"/projects/{world['project']}/pay/summary")
        if size == "landscape":
            assert_accessible(lead)
        no_sideways_scroll(lead, "summary")
        lead.screenshot(path=f"{SHOTS}/summary-{size}-{language}.png", full_page=True)
        lead.goto(f"/projects/{world['project']}/pay/people/{world['ada']['id']}/statement?month=2026-11")
        if size == "landscape":
            assert_accessible(lead)
        no_sideways_scroll(lead, "the lead's statement")
        lead.screenshot(path=f"{SHOTS}/lead-statement-{size}-{language}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_person_chooses_how_they_are_paid_on_a_paired_tablet(live_server, open_tab, language):
    """Big picture choices and a Save button on My pay; the choice is the person's own."""
    world = build(live_server.make.app, live_server.make)
    words = {"en": ("How do you want to be paid?", "Vouchers", "Saved. You chose vouchers.",
                    "Choose how you want to be paid."),
             "cy": ("Sut rydych chi eisiau cael eich talu?", "Talebau", "Wedi'i gadw. Fe ddewisoch chi dalebau.",
                    "Dewiswch sut rydych chi eisiau cael eich talu.")}[language]
    for size, viewport in SIZES.items():
        page = open_tab(viewport)
        sign_in_with_pin(page, world["tablet"], world["ben"])
        switch_language(page, language)
        page.goto("/tablet/my-pay")
        expect(page.locator("#choice-title")).to_have_text(words[0])
        # Money is chosen until the person chooses something else.
        expect(page.locator("input[name=choice][value=money]")).to_be_checked()
        page.locator("label", has_text=words[1]).click()
        if size == "landscape":
            assert_accessible(page)
        no_sideways_scroll(page, "the choice")
        page.locator("#pay-choice").screenshot(path=f"{SHOTS2}/choice-{size}-{language}.png")
        click_and_wait(page, "#pay-choice button[type=submit]")
        expect(page.locator("body")).to_contain_text(words[2])
        expect(page.locator("input[name=choice][value=vouchers]")).to_be_checked()
        if size == "landscape":
            assert_accessible(page)
        page.screenshot(path=f"{SHOTS2}/choice-saved-{size}-{language}.png", full_page=True)
        # Back to money for the next size, by the same page.
        page.click("label[for=choice-0]")
        click_and_wait(page, "#pay-choice button[type=submit]")
    with live_server.make.app.app_context():
        from peersurvey.pay import claims
        assert claims.choice(world["project"], world["ben"]["id"]) == "money"
        assert claims.choice(world["project"], world["ada"]["id"]) == "money"

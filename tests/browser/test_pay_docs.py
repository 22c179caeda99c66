"""My pay and My record on a real paired tablet, signed in with a PIN, in English and Welsh:
zero axe violations, nothing to scroll sideways, and screenshots at three sizes; the lead's
summary for funders too."""
import pytest
from playwright.sync_api import expect

from ..pay.docs_world import build
from .conftest import assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}
SHOTS = "/tmp/shots17/docs"


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

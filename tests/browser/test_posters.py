"""Posters and "you said, we did" in a real browser, in English and Welsh: zero axe
violations on the posters page, the lead's "you said, we did" page and the shared page a
stranger opens; nothing to scroll sideways; thumbnails load; screenshots of the pages and
of the A4 posters themselves (as PNG) in screenshots/ to look at."""
import pytest
from playwright.sync_api import expect

from ..findings.test_posters import build_poster_world
from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, sign_in_lead, switch_language

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}
DID = {"en": ("We asked the bank to send easy-read letters. The bank said yes.",
              "Gofynnon ni i'r banc anfon llythyrau hawdd eu darllen. Dywedodd y banc ie."),
       "cy": ("We asked the bus company for a late bus on Fridays.",
              "Gofynnon ni i'r cwmni bysiau am fws hwyr ar ddydd Gwener.")}


def no_sideways_scroll(page, name):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_posters_and_you_said_we_did_are_accessible_at_every_size(live_server, open_tab, language):
    world = build_poster_world(live_server.make, f"Posters {language}")
    posters = f"/projects/{world['project']}/posters/"
    actions = f"/projects/{world['project']}/you-said-we-did/"
    theme = world["money"] if language == "en" else world["out"]
    link = None
    for size, viewport in SIZES.items():
        page = open_tab(viewport)
        sign_in_lead(page, world["lead"])
        switch_language(page, language)

        page.goto(posters)
        thumbnails = page.locator("main img")
        expect(thumbnails).to_have_count(3)
        for image in thumbnails.all():
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") == 360, "a poster thumbnail did not load"
        if size == "landscape":
            assert_accessible(page)
        no_sideways_scroll(page, "posters")
        page.screenshot(path=str(SCREENSHOTS / f"posters-{size}-{language}.png"), full_page=True)

        page.goto(actions)
        if link is None:
            page.fill(f"#did_{theme}_en", DID[language][0])
            page.fill(f"#did_{theme}_cy", DID[language][1])
            click_and_wait(page, "main form[method=post] button[type=submit]")
            expect(page.locator(".notice--success")).to_be_visible()
            click_and_wait(page, "#share-title ~ form button[type=submit]")
            link = page.locator("#new-link").inner_text()
            assert "/shared/" in link
            assert_accessible(page)
            page.screenshot(path=str(SCREENSHOTS / f"you-said-we-did-new-link-{language}.png"), full_page=True)
            page.goto(actions)
        expect(page.locator(f"#did_{theme}_cy")).to_have_value(DID[language][1])
        if size == "landscape":
            assert_accessible(page)
        no_sideways_scroll(page, "you said, we did")
        page.screenshot(path=str(SCREENSHOTS / f"you-said-we-did-{size}-{language}.png"), full_page=True)

        # A stranger (a new browser, nobody signed in) opens the link.
        visitor = open_tab(viewport)
        visitor.goto(link)
        switch_language(visitor, language)
        expect(visitor.locator("main")).to_contain_text(DID[language][language == "cy"])
        expect(visitor.locator("meta[name=robots]")).to_have_attribute("content", "noindex, nofollow")
        assert_accessible(visitor)
        no_sideways_scroll(visitor, "the shared page")
        visitor.screenshot(path=str(SCREENSHOTS / f"shared-{size}-{language}.png"), full_page=True)

    # The A4 posters themselves, as a person gets them, to look at.
    for key in ("money", "out"):
        response = page.request.get(f"/projects/{world['project']}/posters/{world[key]}.png?lang={language}")
        assert response.ok and response.headers["content-type"] == "image/png"
        (SCREENSHOTS / f"poster-{key}-a4-{language}.png").write_bytes(response.body())


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_empty_project_says_what_to_do_first(live_server, open_tab, language):
    lead = live_server.make.lead()
    project = live_server.make.project(lead, f"Just started {language}")
    page = open_tab()
    sign_in_lead(page, lead)
    switch_language(page, language)
    for name in ("posters", "you-said-we-did"):
        page.goto(f"/projects/{project}/{name}/")
        expect(page.locator(f"main a[href='/projects/{project}/coding/']")).to_be_visible()
        assert_accessible(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-empty-{language}.png"), full_page=True)

"""The base layout as a person meets it: a skip link, a visible focus ring, large text,
big touch targets, and nothing to scroll sideways, at tablet and phone sizes, in English
and Welsh. Screenshots land in screenshots/ for a person to look at."""
import json
from pathlib import Path

import pytest

import peersurvey.prepare as prepare

from ..theme.conftest import build_coding_world
from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language

LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
SIZES = {"tablet-landscape": {"width": 1024, "height": 768},
         "tablet-portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}

# Everything a finger might need to hit. Radio buttons and checkboxes are hidden behind
# their big labels, so the labels are measured instead.
TARGETS = ("a:visible, button:visible, .choice__label:visible, "
           "input:visible:not([type=hidden]):not(.choice__input)")

SMALL_TARGETS_JS = """(selector) => Array.from(document.querySelectorAll('a, button, label.choice__label, input'))
  .filter(el => el.offsetParent !== null && el.type !== 'hidden' && !el.classList.contains('choice__input')
                && !el.classList.contains('skip-link'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width < 48 || r.height < 48)
  .map(([el, r]) => `${el.tagName} "${el.innerText || el.name}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""


@pytest.fixture(scope="module")
def seeded(live_server):
    make = live_server.make
    lead = make.lead(name="Siân Llŷr")
    project = make.project(lead, "Bywydau Gwell")
    person = make.member(project, "Gwenllïan ap Dafydd-Ŵyn", ("interviewer", "coder"), pin="2468")
    # One word of 58 letters, a real place: it must wrap on cards and pages, never overflow.
    make.member(project, LONG_WORD, ("interviewer",), pin="1357")
    tablet = make.tablet(project, lead, "Llechen las")
    demo = json.loads((Path(prepare.__file__).parent / "demo_questionnaire.json").read_text())
    questionnaire = make.questionnaire(project, lead, demo)
    coding = build_coding_world(make, "Didoli atebion", lead=lead)
    theme = make.theme(coding["project"], lead, {"en": "Going out with friends", "cy": "Mynd allan gyda ffrindiau"})
    make.theme(coding["project"], lead, {"en": f"Trips to {LONG_WORD}", "cy": f"Teithiau i {LONG_WORD}"})
    with make.app.test_request_context():
        from peersurvey.theme import sessions
        session = sessions.start(coding["project"], coding["questionnaire"], lead["id"], "group",
                                 {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    return dict(lead=lead, project=project, person=person, tablet=tablet, questionnaire=questionnaire,
                coding=dict(project=coding["project"], theme=theme, session=session, answer=coding["answers"][0],
                            interview=coding["interviews"][0]["id"]))


def lead_pages(seeded):
    p = seeded["project"]
    return ["/", "/signin", "/account/password", "/projects/", "/projects/new", "/projects/import", f"/projects/{p}",
            f"/projects/{p}/people/new", f"/projects/{p}/people/{seeded['person']['id']}",
            f"/projects/{p}/tablets/new", f"/projects/{p}/tablets/{seeded['tablet']['id']}", f"/projects/{p}/history", "/pictures"] + \
        builder_pages(seeded) + coding_pages(seeded)


def coding_pages(seeded):
    c = seeded["coding"]
    themes = f"/projects/{c['project']}/themes"
    return [f"/projects/{c['project']}/coding/", f"{themes}/", f"{themes}/new", f"{themes}/{c['theme']}/",
            f"{themes}/{c['theme']}/merge", f"{themes}/{c['theme']}/split",
            f"/projects/{c['project']}/coding/sessions/{c['session']}",
            f"/projects/{c['project']}/coding/agreement/", "/coding/join",
            f"/projects/{c['project']}/coding/sessions/{c['session']}/answers/{c['answer']}/words",
            f"/projects/{c['project']}/interviews/{c['interview']}",
            f"/projects/{c['project']}/interviews/{c['interview']}/answers/{c['answer']}/words"]


def builder_pages(seeded):
    q = f"/projects/{seeded['project']}/questionnaires"
    one = f"{q}/{seeded['questionnaire']}"
    return [f"{q}/", f"{q}/new", one, f"{one}/title", f"{one}/consent",
            f"{one}/questions/money_who", f"{one}/questions/money_who/options/me",
            f"{one}/questions/dreams/options/cinema", f"{one}/questions/age",
            f"{one}/versions/1/preview/", f"{one}/versions/1/preview/4", f"{one}/versions/1/preview/15",
            f"/projects/{seeded['project']}/pictures/", f"/projects/{seeded['project']}/words/",
            f"/projects/{seeded['project']}/voices/",
            f"{q}/import", f"/projects/{seeded['project']}/interviews/"]


def tablet_pages(seeded):
    return ["/tablet/setup", "/tablet/", f"/tablet/people/{seeded['person']['id']}", "/tablet/home"]


def sign_in_tablet(page, seeded):
    pair_tablet(page, seeded["tablet"])
    page.goto(f"/tablet/people/{seeded['person']['id']}")
    page.fill("#pin", "2468")
    click_and_wait(page)


def check_and_shoot(page, url, size, language):
    page.goto(url)
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SIZES[size]["width"]:
        problems.append(f"{url}: scrolls sideways ({width}px wide)")
    small = page.evaluate(SMALL_TARGETS_JS, TARGETS)
    if small:
        problems.append(f"{url}: targets under 48x48: {small}")
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    if body < 18:
        problems.append(f"{url}: body text is {body}px")
    name = url.strip("/").replace("/", "_") or "home"
    page.screenshot(path=str(SCREENSHOTS / f"{size}-{language}-{name}.png"), full_page=True)
    return problems


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size", SIZES)
def test_pages_fit_the_screen_with_big_text_and_big_targets(live_server, open_tab, seeded, size, language):
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = []
    laptop = open_tab(SIZES[size])
    laptop.goto("/")
    switch_language(laptop, language)
    for url in lead_pages(seeded)[:2]:
        problems += check_and_shoot(laptop, url, size, language)
    sign_in_lead(laptop, seeded["lead"])
    for url in lead_pages(seeded)[2:]:
        problems += check_and_shoot(laptop, url, size, language)
    tablet = open_tab(SIZES[size])
    tablet.goto("/tablet/setup")
    switch_language(tablet, language)
    problems += check_and_shoot(tablet, "/tablet/setup", size, language)
    sign_in_tablet(tablet, seeded)
    for url in tablet_pages(seeded)[1:]:
        problems += check_and_shoot(tablet, url, size, language)
    assert not problems, "\n".join(problems)


def test_the_skip_link_is_the_first_thing_and_jumps_to_the_main_content(page):
    page.goto("/signin")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"


def test_focus_is_plain_to_see(page):
    page.goto("/signin")
    page.focus("#email")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert float(outline.rstrip("px")) >= 3 and shadow != "none"


def test_the_page_has_landmarks(page):
    page.goto("/")
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    assert page.get_by_role("navigation", name="Language").count() == 1


def test_the_accessibility_check_catches_a_real_problem(page):
    page.goto("/pictures")
    page.evaluate("""() => { const i = document.createElement('input');
                               document.querySelector('main').appendChild(i); }""")
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)


def test_after_a_form_with_mistakes_the_list_of_mistakes_has_the_focus(live_server, page):
    lead = live_server.make.lead(name="Ffion Ffurflen")
    sign_in_lead(page, lead)
    page.goto("/projects/new")
    click_and_wait(page)                      # no name: sent back with the mistake marked
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.keyboard.press("Tab")                # the first thing after it: the link to the field
    assert page.evaluate("document.activeElement.closest('.error-summary') !== null")

"""Helpers shared by the browser tests of the offline interview app (tests/browser/
test_interview_*.py and the tests that build on them): a published demo questionnaire, a
tablet signed in and made ready, and short ways to open the app, move through its screens,
switch its language and read what reached the server's database."""
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from peersurvey.db import connect

from .conftest import click_and_wait, pair_tablet

DEMO = Path(__file__).resolve().parents[2] / "peersurvey/prepare/demo_questionnaire.json"
APP = "/tablet/interview/"


def published_demo(live_server, name, document=None):
    """A project with an interviewer, a tablet and the demo questionnaire (or `document`), published."""
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, name)
    person = make.member(project, "Ivy Interviewer", pin="2580")
    tablet = make.tablet(project, lead)
    document = document or json.loads(DEMO.read_text())
    questionnaire = make.questionnaire(project, lead, document)
    with make.app.app_context():
        from peersurvey.prepare import questionnaires
        draft = questionnaires.draft(questionnaire)
        questionnaires.publish(draft, lead["id"])
        version_id = draft["id"]
    return dict(lead=lead, project=project, person=person, tablet=tablet, version=version_id,
                document=document)


def sign_in_on_tablet(page, world):
    pair_tablet(page, world["tablet"])
    click_and_wait(page, ".person-button")
    page.fill("#pin", world["person"]["pin"])
    click_and_wait(page)
    page.wait_for_url("**/tablet/home")


def get_ready(page, world):
    sign_in_on_tablet(page, world)
    page.click("#get-ready-button")
    expect(page.locator("#get-ready-done")).to_be_visible(timeout=30000)
    expect(page.locator("#get-ready-error")).to_be_hidden()


def open_app(page):
    stored(page)
    page.goto(APP)
    page.wait_for_selector("body[data-ready=true]")


def stored(page):
    """Wait until the app's last tap is written to the tablet's storage (no-op elsewhere)."""
    page.wait_for_selector("body:not([data-saving])", state="attached")


def heading(page):
    return page.locator("#screen-heading")


def reload_offline(page):
    """Reload with the network off, as a tablet opened again with no signal. Playwright 1.65
    with Chromium 150 forgets across a reload that the network is off (navigator.onLine is
    true again, and no `online` event ever comes), so switch it on and off again: the page
    then knows, as a real tablet does."""
    stored(page)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.context.set_offline(False)
    page.context.set_offline(True)
    page.wait_for_function("navigator.onLine === false")


def expect_screen(page, text):
    """The new screen's heading has the words and has the focus."""
    expect(heading(page)).to_have_text(text)
    expect(heading(page)).to_be_focused()


def answer_button(page, words):
    return page.locator("#answers .answer-button", has=page.locator("span", has_text=re.compile(f"^{re.escape(words)}$")))


def next_screen(page):
    page.click("#next")


def start_interview(page):
    page.click(".start-button")
    expect_screen(page, re.compile("A new interview|Cyfweliad newydd"))
    code = page.locator("#participant-code").inner_text()
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}", code)
    next_screen(page)
    expect_screen(page, re.compile("Before we start|Cyn i ni ddechrau"))
    return code


def read_consent(page):
    """Next through the consent's points, one a screen, to "Do you want to take part?"."""
    while page.locator("#consent-yes").count() == 0:
        expect(page.locator("#consent-step")).to_be_visible()
        page.click("#next")
        page.wait_for_selector("#consent-step, #consent-yes")


def agree(page, share=True, voice=False):
    """Yes to taking part, then yes (or no) to "can we use your words on posters?", then,
    when the questionnaire has a question that can be recorded, no (or yes) to "Can we
    record your voice?"."""
    read_consent(page)
    page.click("#consent-yes")
    expect_screen(page, re.compile("Your words on posters|Eich geiriau ar bosteri"))
    page.click("#share-yes" if share else "#share-no")
    answer_voice(page, voice)


def answer_voice(page, voice=False):
    """No (or yes) to "Can we record your voice?", if it is asked next."""
    page.wait_for_selector("#voice-yes, .ask__question, #finish")
    if page.locator("#voice-yes").count():
        page.click("#voice-yes" if voice else "#voice-no")


def db_rows(live_server, sql, params=()):
    return list(connect(live_server.database).query(sql, params))


def switch_app_language(page, code):
    page.click(f".language-button[data-lang={code}]")
    page.wait_for_selector(f"html[lang={code}]", state="attached")
    expect(page.locator(f".language-button[data-lang={code}]")).to_have_attribute("aria-pressed", "true")


SIZES = """() => {
  const problems = [];
  const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
  for (const el of document.querySelectorAll('#main *')) {
    if (!shown(el)) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (text && parseFloat(getComputedStyle(el).fontSize) < 18) problems.push('small text: ' + el.textContent.trim().slice(0, 40));
  }
  for (const el of document.querySelectorAll('#main button, #main a, #main input, #main textarea, header button, header a:not(.skip-link)')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 48 || r.height < 48) problems.push('small target: ' + (el.textContent.trim() || el.id));
  }
  const h1 = document.querySelector('h1.ask__question');
  if (h1 && parseFloat(getComputedStyle(h1).fontSize) < 24) problems.push('small question');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not one h1');
  return problems;
}"""

"""Consent on the tablet as easy-read steps, in a real Chromium against the real server,
offline: one point a screen ("Point 2 of 8"), each with its own picture and Read aloud (the
group's recording where there is one, else the tablet's voice), Back and Next, then "Do you
want to take part?" on its own screen, answered with the verb in Welsh (Ydw / Nac ydw). A
point's recording and the lead's own picture are kept on the tablet by "Get ready"."""
import json

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, assert_accessible, wait_until
from .interview_helpers import (
    DEMO,
    expect_screen,
    get_ready,
    open_app,
    start_interview,
    switch_app_language,
)
from .test_interview_screens import silent_wav

# A tablet voice in both languages that only writes down what it was asked to say.
FAKE_VOICE = """
window.spoken = [];
speechSynthesis.getVoices = () => [{lang: "en-GB", name: "English"}, {lang: "cy-GB", name: "Welsh"}];
speechSynthesis.cancel = () => {};
speechSynthesis.speak = (u) => { window.spoken.push(u.text); setTimeout(() => u.dispatchEvent(new Event("end"))); };
window.SpeechSynthesisUtterance = class extends EventTarget { constructor(text) { super(); this.text = text; } };
"""


def demo_with_a_recorded_point(live_server, name):
    """The demo questionnaire, its second point recorded in Welsh and with the lead's own picture."""
    make = live_server.make
    lead = make.lead()
    project = make.project(lead, name)
    person = make.member(project, "Ivy Interviewer", pin="2580")
    tablet = make.tablet(project, lead)
    picture = make.picture(project, lead)
    with make.app.test_request_context():
        from peersurvey.prepare import media
        recording = media.store_recording(project, silent_wav(), lead["id"])
    document = json.loads(DEMO.read_text())
    document["consent"][1]["audio"]["cy"] = recording
    document["consent"][1]["picture"] = picture
    questionnaire = make.questionnaire(project, lead, document)
    with make.app.app_context():
        from peersurvey.prepare import questionnaires
        questionnaires.publish(questionnaires.draft(questionnaire), lead["id"])
    return dict(tablet=tablet, person=person), document["consent"], picture


def walk(page, points, language, step):
    for number, point in enumerate(points, start=1):
        expect(page.locator("#consent-step")).to_have_text(step.format(number, len(points)))
        expect(page.locator("#consent-words")).to_have_text(point["text"][language])
        page.click("#next")


def test_consent_comes_one_point_a_screen_with_its_picture_and_read_aloud(live_server, open_tab):
    world, points, own_picture = demo_with_a_recorded_point(live_server, "Consent steps")
    page = open_tab()
    page.add_init_script(FAKE_VOICE)
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    start_interview(page)

    first, second = points[0], points[1]
    expect(page.locator("#consent-step")).to_have_text(f"Point 1 of {len(points)}")
    expect(page.locator("#consent-words")).to_have_text(first["text"]["en"])
    expect(page.locator(".ask--consent .ask__picture img")).to_have_attribute(
        "src", "/static/easyread/pictures/" + first["picture"].split(":")[1] + ".svg")
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "consent-point-en.png")
    page.click(".read-aloud-button")
    wait_until(page, "window.spoken.length === 1")
    assert page.evaluate("window.spoken") == [first["text"]["en"]]
    page.click("#next")
    expect(page.locator("#consent-words")).to_have_text(second["text"]["en"])
    image = page.locator(".ask--consent .ask__picture img")      # the lead's own, kept offline
    expect(image).to_have_attribute("src", "/api/v1/media/" + own_picture.split(":", 1)[1])
    wait_until(page, "document.querySelector('.ask__picture img').naturalWidth > 0")
    page.click("#back")
    expect(page.locator("#consent-words")).to_have_text(first["text"]["en"])
    page.click("#back")
    expect_screen(page, "A new interview")
    page.click("#next")

    walk(page, points, "en", "Point {} of {}")
    expect(page.locator("#consent-question")).to_have_text("Do you want to take part?")
    expect(page.locator("#consent-yes")).to_have_text("Yes, I do")
    expect(page.locator("#consent-no")).to_have_text("No, I do not")
    assert_accessible(page)
    page.click("#back")
    expect(page.locator("#consent-words")).to_have_text(points[-1]["text"]["en"])

    # In Welsh, the second point plays the group's recording, not the tablet's voice.
    switch_app_language(page, "cy")
    for _ in points[2:]:
        page.click("#back")
    expect(page.locator("#consent-step")).to_have_text(f"Pwynt 2 o {len(points)}")
    expect(page.locator("#consent-words")).to_have_text(second["text"]["cy"])
    page.evaluate("window.spoken = []")
    page.click(".read-aloud-button")
    expect(page.locator(".read-aloud-button")).to_have_attribute("data-played", "true")
    assert page.evaluate("window.spoken") == []
    page.screenshot(path=SCREENSHOTS / "consent-point-cy.png")
    page.click("#back")
    walk(page, points, "cy", "Pwynt {} o {}")
    expect(page.locator("#consent-question")).to_have_text("Ydych chi eisiau cymryd rhan?")
    expect(page.locator("#consent-yes")).to_have_text("Ydw")
    expect(page.locator("#consent-no")).to_have_text("Nac ydw")
    page.click("#consent-yes")
    expect_screen(page, "Eich geiriau ar bosteri")


def test_a_questionnaire_with_consent_in_paragraphs_shows_each_paragraph_as_a_point(live_server, open_tab):
    from .interview_helpers import published_demo
    document = json.loads(DEMO.read_text())
    document["consent"] = {"en": "We ask.\n\nYou can stop.", "cy": "Rydyn ni'n holi.\n\nGallwch chi stopio."}
    world = published_demo(live_server, "Consent paragraphs", document)
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    start_interview(page)
    expect(page.locator("#consent-step")).to_have_text("Point 1 of 2")
    expect(page.locator("#consent-words")).to_have_text("We ask.")
    page.click("#next")
    expect(page.locator("#consent-words")).to_have_text("You can stop.")
    page.click("#next")
    expect(page.locator("#consent-question")).to_be_visible()


def test_read_aloud_plays_the_groups_voice_for_the_apps_own_words_with_no_tablet_voice(live_server, open_tab):
    """With no Welsh voice on the tablet, "Ydw" recorded on the Our voices page is what Read
    aloud plays on "Ydych chi eisiau cymryd rhan?"; with nothing recorded it says so."""
    from .interview_helpers import published_demo, read_consent
    world = published_demo(live_server, "Our voices")
    make = live_server.make
    with make.app.test_request_context():
        from peersurvey.collect import voices
        from peersurvey.prepare import media
        recording = media.store_recording(world["project"], silent_wav(), world["lead"]["id"])
        voices.save(world["project"], "consent_yes", "cy", recording, world["lead"]["id"])
    page = open_tab()
    page.add_init_script("speechSynthesis.getVoices = function () { return []; };")
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    start_interview(page)
    read_consent(page)
    button = page.locator(".read-aloud-button")
    expect(button).to_have_attribute("aria-disabled", "true")       # English: nothing recorded
    switch_app_language(page, "cy")
    button = page.locator(".read-aloud-button")
    expect(button).not_to_have_attribute("aria-disabled", "true")
    button.click()
    expect(button).to_have_attribute("data-played", "true")

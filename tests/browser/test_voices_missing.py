"""Before going out, "Get ready" on a tablet with no voice for a language says how many of
the words Read aloud would have nothing to play for, and lists them: consent points,
questions and answers with no recording, and the app's own words the group has not recorded
on "Our voices"."""
import json

from playwright.sync_api import expect

from .conftest import SCREENSHOTS
from .interview_helpers import DEMO, get_ready, published_demo


SIZES = {"tablet-portrait": {"width": 768, "height": 1024}, "tablet-landscape": {"width": 1024, "height": 768},
         "phone": {"width": 390, "height": 844}}


def unrecorded(document, language):
    items = [*document["consent"]]
    for question in document["questions"]:
        items += [question, *question.get("options", [])]
    return [item["text"][language] for item in items if item["text"][language] and not item["audio"][language]]


def test_get_ready_counts_and_lists_what_read_aloud_cannot_read_in_each_language_with_no_voice(live_server, open_tab):
    world = published_demo(live_server, "No voices")
    make = live_server.make
    with make.app.test_request_context():
        from peersurvey.collect import voices
        from peersurvey.prepare import media

        from .test_interview_screens import silent_wav
        recording = media.store_recording(world["project"], silent_wav(), world["lead"]["id"])
        voices.save(world["project"], "consent_yes", "cy", recording, world["lead"]["id"])
        app_words = voices.for_tablet(world["project"])[1]["cy"]
    assert "Ydw" not in app_words and "Nesaf" in app_words
    page = open_tab()
    # An English voice but no Welsh one, as on most tablets.
    page.add_init_script("speechSynthesis.getVoices = function () { return [{lang: 'en-GB', name: 'English'}]; };")
    get_ready(page, world)
    notice = page.locator("#get-ready-no-voice")
    expect(notice).to_be_visible()
    document = json.loads(DEMO.read_text())
    lines = notice.locator(":scope > ul > li")
    expect(lines).to_have_count(1)                                 # English has a voice
    missing = unrecorded(document, "cy") + app_words
    expect(lines).to_contain_text(f"In Welsh: {len(missing)}")
    listed = lines.locator("details li")
    expect(listed.first).to_be_hidden()
    lines.locator("summary").click()
    expect(listed).to_have_text(missing)
    expect(listed.first).to_have_attribute("lang", "cy")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        notice.screenshot(path=SCREENSHOTS / f"get-ready-no-voice-{size}.png")
    expect(notice).to_contain_text("Our voices")

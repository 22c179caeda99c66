"""The group's voices for the app's buttons and headings, in a real Chromium offline: once
the group has recorded Back, Next and Stop on "Our voices", Read aloud says them at the end
of every screen (and never with the device voice, which would add "Back. Next. Stop." to
every question); the Stop screen and "Check your answers" read their heading, the group's
recording where there is one."""
from .conftest import SCREENSHOTS, wait_until
from .interview_helpers import (
    agree,
    expect_screen,
    get_ready,
    open_app,
    published_demo,
    start_interview,
    switch_app_language,
)
from .test_interview_screens import silent_wav
from .test_voices_missing import SIZES

# A tablet voice in both languages that writes down what it says, and a note of each
# recording fetched to play, in one list, in the order read.
LISTEN = """
window.heard = [];
speechSynthesis.getVoices = () => [{lang: "en-GB", name: "English"}, {lang: "cy-GB", name: "Welsh"}];
speechSynthesis.cancel = () => {};
speechSynthesis.speak = (u) => { window.heard.push(u.text); setTimeout(() => u.dispatchEvent(new Event("end"))); };
window.SpeechSynthesisUtterance = class extends EventTarget { constructor(text) { super(); this.text = text; } };
const realFetch = window.fetch;
window.fetch = function (url) {
  if (String(url).indexOf("/api/v1/media/") !== -1) window.heard.push("recording " + String(url).split("/").pop());
  return realFetch.apply(this, arguments);
};
"""

WORDS = ("back", "next", "stop", "stop_title", "check_title")


def record_words(live_server, world):
    """Welsh recordings of the words: {word: the file's name in its address}."""
    make = live_server.make
    names = {}
    with make.app.test_request_context():
        from peersurvey.collect import voices
        from peersurvey.prepare import media
        for n, word in enumerate(WORDS):
            audio = media.store_recording(world["project"], silent_wav(800 + n), world["lead"]["id"])
            voices.save(world["project"], word, "cy", audio, world["lead"]["id"])
            names[word] = "recording " + audio.split(":", 1)[1]
    return names


def read_aloud(page):
    page.evaluate("window.heard = []")
    page.click(".read-aloud-button")


def test_read_aloud_says_the_recorded_buttons_and_headings_and_never_the_voice_for_them(live_server, open_tab):
    world = published_demo(live_server, "Button voices")
    said = record_words(live_server, world)
    page = open_tab()
    page.add_init_script(LISTEN)
    get_ready(page, world)
    open_app(page)
    page.context.set_offline(True)
    start_interview(page)
    agree(page)
    expect_screen(page, "How old are you?")
    # English: nothing recorded, so the buttons are not read.
    read_aloud(page)
    wait_until(page, "window.heard.length >= 1")
    # Not a race: time for a part wrongly read after the question to be read too.
    page.wait_for_timeout(300)
    heard = page.evaluate("window.heard")
    assert heard == ["How old are you?"], heard
    switch_app_language(page, "cy")
    read_aloud(page)
    wait_until(page, "window.heard.length >= 4")
    heard = page.evaluate("window.heard")
    assert heard == ["Faint yw eich oed chi?", said["back"], said["next"], said["stop"]], heard

    page.click("#stop")
    expect_screen(page, "Ydych chi eisiau stopio?")
    read_aloud(page)
    wait_until(page, "window.heard.length >= 5")
    heard = page.evaluate("window.heard")
    assert heard == [said["stop_title"], "Gallwch chi stopio unrhyw bryd. Beth ydych chi eisiau ei wneud?",
                     "Ei gadw i'w orffen wedyn", "Ei ddileu", "Mynd yn ôl i'r cyfweliad"], heard
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"app-stop-read-aloud-cy-{size}.png")
    page.click("#stop-back")

    for _ in range(40):
        if page.locator("#finish").count():
            break
        page.click("#next")
    expect_screen(page, "Gwirio eich atebion")
    read_aloud(page)
    wait_until(page, f"window.heard.indexOf({said['stop']!r}) !== -1")
    heard = page.evaluate("window.heard")
    # The heading, the answers, then the buttons recorded (Finish is not): Back, Stop.
    assert heard[0] == said["check_title"] and heard[-2:] == [said["back"], said["stop"]], heard
    assert said["next"] not in heard and len(heard) > 3, heard

"""Scanning the participant's card, in a real Chromium against the real server. Chromium's
fake camera plays a video the test makes: a card's QR code drawn as cards.py draws it
(segno, a full QR holding the code), or a QR of a web address. Scanning fills in the code
and the interview goes on to consent with it, kept on the tablet and, once sent, on the
server, in English and in Welsh; a QR that is not a card code says so in plain words and
scanning goes on, with no network too; Cancel and Stop stop every camera track; a refused camera says to type
the code and puts the focus there; with no camera API there is no scan button."""
import io
import re
import shutil
import time

import pytest
import segno
from PIL import Image
from playwright.sync_api import expect

from .conftest import CHROMIUM_ARGS, TABLET, assert_accessible
from .interview_helpers import (
    db_rows,
    expect_screen,
    get_ready,
    open_app,
    SIZES,
    published_demo,
    read_consent,
    reload_offline,
    stored,
    switch_app_language,
)

CARD = "HJK7QR"
W, H = 640, 480
WORDS = {
    "en": {"start": "A new interview", "scan": "Scan the card", "consent": "Before we start",
           "hint": "Hold the card’s square code in front of the camera."},
    "cy": {"start": "Cyfweliad newydd", "scan": "Sganio'r cerdyn", "consent": "Cyn i ni ddechrau",
           "hint": "Daliwch god sgwâr y cerdyn o flaen y camera."},
}
VIEWPORTS = [{"width": 768, "height": 1024}, {"width": 1024, "height": 768}, {"width": 390, "height": 844}]
NOT_A_CARD = "This is not a participant card. Scan the card’s square code, or type the code."

# Every stream the page got from the camera, so the test can see that each track stopped.
RECORD_STREAMS = """
window.__streams = [];
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => real(c).then((s) => { window.__streams.push(s); return s; });
}
"""
LIVE_TRACKS = "() => window.__streams.flatMap(s => s.getTracks()).filter(t => t.readyState === 'live').length"
STREAMS = "() => window.__streams.length"


def y4m(path, text):
    """A few seconds of video (Chromium plays it in a loop) of a QR holding `text`, large
    in the middle of a white frame: YUV4MPEG2, 4:2:0, grey chroma."""
    png = io.BytesIO()
    segno.make_qr(text, error="m").save(png, kind="png", scale=10, border=3)
    qr = Image.open(png).convert("L")
    side = H - 80
    frame = Image.new("L", (W, H), 255)
    frame.paste(qr.resize((side, side), Image.NEAREST), ((W - side) // 2, (H - side) // 2))
    luma, chroma = frame.tobytes(), bytes([128]) * (W // 2 * H // 2 * 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{W} H{H} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + luma + chroma)
    return path


@pytest.fixture
def camera_tab(browser, live_server, tmp_path):
    """open(text): a tablet whose camera sees a QR of `text` (its own Chromium: the fake
    camera's video is chosen when the browser starts), with camera permission granted."""
    opened = []

    def open_(text):
        video = y4m(tmp_path / f"qr{len(opened)}.y4m", text)
        own = browser.browser_type.launch(
            executable_path=shutil.which("chromium"),
            args=[*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={video}"])
        context = own.new_context(base_url=live_server.url, viewport=TABLET, permissions=["camera"])
        context.add_init_script(RECORD_STREAMS)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append((own, errors))
        return page
    yield open_
    errors = [e for _, errs in opened for e in errs]
    for own, _ in opened:
        own.close()
    assert not errors, f"the browser console showed errors: {errors}"


def ready_to_start(live_server, page, name, lang="en"):
    world = published_demo(live_server, name)
    get_ready(page, world)
    open_app(page)
    if lang != "en":
        switch_app_language(page, lang)
    page.click(".start-button")
    expect_screen(page, WORDS[lang]["start"])
    return world


def wait_for(page, expression, timeout=15):
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.1)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_scanning_the_card_starts_the_interview_with_its_code(live_server, camera_tab, lang):
    page = camera_tab(CARD)
    world = ready_to_start(live_server, page, f"Scan {lang}", lang)
    scan = page.locator("#scan-card")
    expect(scan).to_have_text(WORDS[lang]["scan"])
    expect(scan.locator("img")).to_have_attribute("alt", "")
    scan.click()
    expect_screen(page, WORDS[lang]["consent"])               # read, checked, and on to consent
    wait_for(page, f"({LIVE_TRACKS})() === 0 && ({STREAMS})() === 1")
    stored(page)
    [iv] = page.evaluate("() => PSDB.all('interviews')")
    assert (iv["participant_code"], iv["code_from_card"]) == (CARD, True)
    page.get_by_role("button", name=re.compile("^(Back|Yn ôl)$")).click()
    expect_screen(page, WORDS[lang]["start"])
    expect(page.locator("#card-code")).to_have_value(CARD)    # the code it read, in the field
    page.click("#use-card")
    read_consent(page)
    page.click("#consent-no")                                  # the shortest whole interview
    page.click("#home")
    deadline = time.monotonic() + 20
    while not db_rows(live_server, "select 1 from interviews where project_id = ?", [world["project"]]):
        assert time.monotonic() < deadline, "the interview never reached the server"
        time.sleep(0.2)
    [row] = db_rows(live_server, "select participant_code, language from interviews where project_id = ?",
                    [world["project"]])
    assert (row["participant_code"], row["language"]) == (CARD, lang)


def test_a_qr_that_is_not_a_card_says_so_and_leaving_stops_the_camera(live_server, camera_tab):
    page = camera_tab("https://example.org/a-poster")
    ready_to_start(live_server, page, "Scan not a card")
    reload_offline(page)                    # the QR reader is kept on the tablet with the app
    expect(page.locator("#screen-heading")).to_have_text("A new interview")
    page.click("#scan-card")
    expect_screen(page, "Scan the card")
    expect(page.locator("#scan-hint")).to_have_text(WORDS["en"]["hint"])
    expect(page.locator("#scan-status")).to_have_text(NOT_A_CARD, timeout=15000)
    assert page.evaluate("() => document.getElementById('scan-video').srcObject.active")
    assert_accessible(page)
    for viewport in VIEWPORTS:              # big enough to read and tap, Cancel in sight
        page.set_viewport_size(viewport)
        assert page.evaluate(SIZES) == [], viewport
        box = page.locator("#scan-cancel").bounding_box()
        assert box["y"] + box["height"] <= viewport["height"], viewport
    expect_screen(page, "Scan the card")                       # still scanning
    assert page.evaluate(LIVE_TRACKS) == 1
    page.click("#scan-cancel")
    expect_screen(page, "A new interview")
    assert page.evaluate(LIVE_TRACKS) == 0

    page.click("#scan-card")                                   # Stop stops it too
    expect(page.locator("#scan-status")).to_have_text(NOT_A_CARD, timeout=15000)
    page.click("#stop")
    expect_screen(page, "Do you want to stop?")
    assert page.evaluate(LIVE_TRACKS) == 0
    assert page.evaluate(STREAMS) == 2
    page.click("#stop-back")                                   # back to scanning, a new camera
    expect_screen(page, "Scan the card")
    wait_for(page, f"({LIVE_TRACKS})() === 1 && ({STREAMS})() === 3")
    page.click("#scan-cancel")
    expect_screen(page, "A new interview")
    assert page.evaluate(LIVE_TRACKS) == 0


@pytest.mark.parametrize("error, words", [
    ("NotAllowedError", "The tablet did not let the app use the camera. Type the code from the card instead."),
    ("NotFoundError", "The camera did not start. Type the code from the card instead.")])
def test_a_refused_or_missing_camera_says_to_type_the_code(live_server, open_tab, error, words):
    page = open_tab()
    page.add_init_script(f"""navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException("no", "{error}"));""")
    ready_to_start(live_server, page, f"Scan {error}")
    page.click("#scan-card")
    expect(page.locator("#screen-heading")).to_have_text("A new interview")
    expect(page.locator("#card-code-error")).to_have_text(words)
    expect(page.locator("#card-code")).to_be_focused()
    assert_accessible(page)


def test_no_scan_button_without_a_camera_api(live_server, open_tab):
    page = open_tab()
    page.add_init_script("delete MediaDevices.prototype.getUserMedia;")
    ready_to_start(live_server, page, "Scan no camera")
    expect(page.locator("#use-card")).to_be_visible()
    expect(page.locator("#scan-card")).to_have_count(0)

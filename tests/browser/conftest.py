"""A live server (the real `peersurvey serve`, in its own process, on a free loopback
port) and a real Chromium from $PATH, driven by Playwright. Every browser test fails on
any console error, and `assert_accessible` fails on any axe-core violation."""
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from peersurvey import create_app

from ..conftest import Maker

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
TABLET = {"width": 1024, "height": 768}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage",
                 # A fake microphone that says yes without asking, for the voice recorder.
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, folder, env=None, command=(sys.executable, "-m", "peersurvey"), serve_args=()):
        """env: settings for this server only, such as {"PEERSURVEY_LIVE_STREAMS": "2"};
        command: what runs `peersurvey` (a test's own launcher registers a kind first);
        serve_args: more for `peersurvey serve` (--hub ...)."""
        self.folder = folder
        self.database = str(folder / "live.db")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PEERSURVEY_INSTANCE_PATH": str(folder / "instance"),
               "PEERSURVEY_SECRET_KEY": "live-server-test-key", **(env or {})}
        self.log = open(folder / "server.log", "w")
        self.process = subprocess.Popen(
            [*command, "serve", "--port", str(self.port),
             "--database", self.database, *serve_args], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()
        os.environ["PEERSURVEY_INSTANCE_PATH"] = str(folder / "instance")
        # The same database, opened from the test process to make what tests need.
        self.make = Maker(create_app({"DATABASE": self.database, "SECRET_KEY": "seed"}))

    def _wait(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {(self.folder / 'server.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start within 30 seconds")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: sudo apt-get install chromium (see README)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """A browser context (one tablet, one laptop) with its page and its console errors."""

    def __init__(self, browser, base_url, viewport=TABLET):
        self.context = browser.new_context(base_url=base_url, viewport=viewport)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def open_tab(browser, live_server):
    tabs = []

    def open_tab(viewport=TABLET):
        tab = Tab(browser, live_server.url, viewport)
        tabs.append(tab)
        return tab.page
    yield open_tab
    errors = [e for tab in tabs for e in tab.errors]
    for tab in tabs:
        tab.context.close()
    assert not errors, f"the browser console showed errors: {errors}"


@pytest.fixture
def page(open_tab):
    return open_tab()


_axe = Axe()


def assert_accessible(page):
    """Fail on any axe-core violation on the page as it is now, naming each one."""
    results = _axe.run(page)
    assert results.violations_count == 0, (
        f"{page.url} ({page.evaluate('document.documentElement.lang')}):\n"
        + results.generate_report())


def sign_in_lead(page, lead):
    """A project lead signs in with email and password, as on the sign-in page."""
    page.goto("/signin")
    page.fill("#email", lead["email"])
    page.fill("#password", lead["password"])
    click_and_wait(page)


def pair_tablet(page, tablet):
    """Pair this browser as `tablet` as an interviewer does: type a fresh short code on
    /tablet/setup. Pairing gives the tablet a new token, so `tablet["token"]` is updated."""
    page.goto("/tablet/setup")
    page.fill("#code", tablet["new_code"]())
    click_and_wait(page, "#pair")
    tablet["token"] = next(c["value"] for c in page.context.cookies() if c["name"] == "peersurvey_tablet")


def click_and_wait(page, selector="main button[type=submit]"):
    """Click a link or a form's button and wait for the page it leads to (after any redirect)."""
    with page.expect_navigation():
        page.click(selector)


def wait_until(page, expression, timeout=10):
    """Wait until a JavaScript expression is true. Playwright's wait_for_function polls by
    compiling the expression inside the page, which our Content Security Policy (no eval)
    rightly refuses once it has to poll; evaluate() is not affected, so poll from here."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def switch_language(page, code):
    """Use the page's own language switch, as a person would."""
    link = page.locator(f".language-switch a[lang={code}]")
    if link.count():
        link.click()
    # The switch reloads the same address, so wait for the new page's <html lang>.
    page.wait_for_selector(f"html[lang={code}]", state="attached")


# --- A microphone that plays a voice (the spoken-answer tests) ---------------------------

@pytest.fixture(scope="module")
def voice_file(tmp_path_factory):
    """Four seconds of a voice-like sound (two tones and some noise), which Chromium's fake
    microphone plays round and round."""
    path = tmp_path_factory.mktemp("voice") / "voice.wav"
    rate, noise = 48000, random.Random(16)
    frames = bytearray()
    for i in range(rate * 4):
        x = 0.3 * math.sin(2 * math.pi * 220 * i / rate) + 0.2 * math.sin(2 * math.pi * 660 * i / rate)
        x += 0.2 * (noise.random() * 2 - 1)
        frames += int(x * 32767 * 0.8).to_bytes(2, "little", signed=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


@pytest.fixture(scope="module")
def mic_browser(browser, voice_file):
    """A second Chromium from the same Playwright, whose microphone plays voice_file."""
    mic = browser.browser_type.launch(executable_path=shutil.which("chromium"),
                                      args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={voice_file}"])
    yield mic
    mic.close()


@pytest.fixture
def mic_tablet(mic_browser, live_server):
    """A tablet's page in the Chromium whose microphone plays voice_file."""
    tab = Tab(mic_browser, live_server.url)
    yield tab.page
    tab.context.close()
    # A part on its way when the link is cut fails, as it should: Chromium says so.
    errors = [e for e in tab.errors if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert not errors, f"the browser console showed errors: {errors}"

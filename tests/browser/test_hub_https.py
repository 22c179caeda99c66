"""The real thing on a hub: `peersurvey serve --hub` with Caddy in front, reached by Chromium at
https://hub.test (resolved to this machine), trusting only this hub's own certificate
authority, added to a fresh NSS database as a tablet owner would add it. A lead adds a
tablet; the tablet pairs by the short code, gets ready, goes offline, runs a whole interview,
comes back online, and the interview is stored exactly once."""
import json
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import CHROMIUM_ARGS, LiveServer, click_and_wait, free_port, sign_in_lead
from .interview_helpers import (
    answer_voice,
    read_consent,
    DEMO,
    db_rows,
    expect_screen,
    heading,
    next_screen,
    reload_offline,
    start_interview,
)

HUB = "hub.test"


@pytest.fixture
def hub(tmp_path):
    port = free_port()
    server = LiveServer(tmp_path, command=(sys.executable, "-m", "peersurvey"), env={"PEERSURVEY_BACKUP_HOURS": "0"},
                        serve_args=("--hub", "--https-port", str(port), "--http-port", str(free_port()),
                                    "--hub-name", HUB))
    server.url = f"https://{HUB}:{port}"
    server.authority = tmp_path / "instance" / "caddy" / "data" / "pki" / "authorities" / "local" / "root.crt"
    yield server
    server.stop()


def tablet_browser(browser, home, authority=None):
    """Chromium with its own home folder, whose NSS database trusts `authority` (if given) and
    nothing else added: never an "ignore certificate errors" switch."""
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-N", "--empty-password"], check=True)
    if authority:
        subprocess.run(["certutil", "-d", f"sql:{nssdb}", "-A", "-t", "C,,", "-n", "peersurvey hub",
                        "-i", str(authority)], check=True)
    return browser.browser_type.launch(
        executable_path=shutil.which("chromium"), env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HUB} 127.0.0.1"])


def one_question(document):
    """The demo questionnaire cut to one question: the journey is what is tested here."""
    town = next(q for q in document["questions"] if q["key"] == "town")
    return {**{k: v for k, v in document.items() if k != "share_consent"}, "questions": [town]}


def test_a_tablet_trusting_only_the_hub_pairs_by_code_and_interviews_offline(hub, browser, tmp_path):
    make = hub.make
    lead = make.lead()
    project = make.project(lead, "On the hub")
    person = make.member(project, "Ivy Interviewer", pin="2580")
    questionnaire = make.questionnaire(project, lead, one_question(json.loads(DEMO.read_text())))
    with make.app.app_context():
        from peersurvey.prepare import questionnaires
        questionnaires.publish(questionnaires.draft(questionnaire), lead["id"])

    chromium = tablet_browser(browser, tmp_path / "home", hub.authority)
    try:
        laptop = chromium.new_context(base_url=hub.url).new_page()
        tablet = chromium.new_context(base_url=hub.url, viewport={"width": 768, "height": 1024}).new_page()
        errors = []
        tablet.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        # The lead adds a tablet on the laptop: the page gives the short code.
        sign_in_lead(laptop, lead)
        laptop.goto(f"/projects/{project}/tablets/new")
        laptop.fill("#name", "Green tablet")
        click_and_wait(laptop)
        code = laptop.locator("#pairing-code").inner_text().replace(" ", "")
        assert len(code) == 8
        assert laptop.evaluate("location.protocol") == "https:"

        # The tablet types it, then its interviewer signs in with their PIN.
        tablet.goto("/tablet/setup")
        tablet.fill("#code", code.lower())
        click_and_wait(tablet, "#pair")
        click_and_wait(tablet, ".person-button")
        tablet.fill("#pin", person["pin"])
        click_and_wait(tablet)
        tablet.click("#get-ready-button")
        expect(tablet.locator("#get-ready-done")).to_be_visible(timeout=30000)
        tablet.click(".ready-sign__start")
        tablet.wait_for_selector("body[data-ready=true]")
        assert tablet.evaluate("navigator.serviceWorker.controller !== null"), "the app is kept for offline use"

        # No signal: the whole interview on the tablet alone.
        tablet.context.set_offline(True)
        reload_offline(tablet)
        expect(heading(tablet)).to_have_text("Interviews")
        participant = start_interview(tablet)
        read_consent(tablet)
        tablet.click("#consent-yes")
        answer_voice(tablet)
        expect_screen(tablet, "Which town do you live in?")
        tablet.fill("#answer-text", "Cwmbran")
        next_screen(tablet)
        expect_screen(tablet, "Check your answers")
        tablet.click("#finish")
        expect_screen(tablet, "Thank you")
        tablet.click("#home")
        tablet.context.set_offline(False)       # back in range of the hub: it sends by itself
        expect(tablet.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=20000)
        stored = db_rows(hub, "select id from interviews where participant_code = ?", [participant])
        assert len(stored) == 1
        answer, = db_rows(hub, "select value from answers where interview_id = ?", [stored[0]["id"]])
        assert json.loads(answer["value"]) == "Cwmbran"
        assert not errors, errors
    finally:
        chromium.close()


def test_a_browser_that_has_not_trusted_the_hub_is_stopped_at_the_door(hub, browser, tmp_path):
    chromium = tablet_browser(browser, tmp_path / "stranger")
    try:
        page = chromium.new_page()
        with pytest.raises(PlaywrightError, match="ERR_CERT_AUTHORITY_INVALID"):
            page.goto(f"{hub.url}/tablet/setup")
    finally:
        chromium.close()

"""What the spoken-answer tests share: a questionnaire with a spoken answer, getting a tablet
ready and offline, recording (conftest.py has the Chromium whose microphone plays a voice),
reading the tablet's kept recordings and checking them on the server."""
import hashlib
import json
import re

from playwright.sync_api import expect

from .conftest import sign_in_lead, wait_until
from .interview_helpers import (
    APP,
    DEMO,
    db_rows,
    expect_screen,
    get_ready,
    read_consent,
    reload_offline,
    start_interview,
    stored,
)

# Chromium DevTools' "Slow 3G": 400 ms, 500 kbit/s each way less 20 %.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 500 * 1024 / 8 * 0.8,
           "uploadThroughput": 500 * 1024 / 8 * 0.8}
PART = 256 * 1024


def questionnaire():
    """The demo's consent, and four questions: a number (never recorded), a spoken answer,
    a dream trigger (each "tell me more" recordable) and a short answer in words."""
    demo = json.loads(DEMO.read_text())
    by_key = {q["key"]: q for q in demo["questions"]}
    spoken = {**by_key["dream_other"], "key": "story", "kind": "spoken_answer",
              "text": {"en": "Tell me about your week.", "cy": "Dywedwch wrtha i am eich wythnos."}}
    demo["questions"] = [by_key["age"], spoken, by_key["dreams"], by_key["town"]]
    return demo


def ready_offline(page, world):
    get_ready(page, world)
    # How much can be recorded, from the space left (recordings kept count against it).
    expect(page.locator("#get-ready-space")).to_contain_text(
        re.compile(r"This tablet has space for about [\d,]+ minutes of recorded answers\."))
    page.goto(APP)
    page.wait_for_selector("body[data-ready=true]")
    page.context.set_offline(True)
    reload_offline(page)


def to_voice_question(page, share="#share-no"):
    code = start_interview(page)
    read_consent(page)
    page.click("#consent-yes")
    page.click(share)
    expect_screen(page, re.compile("Recording your voice|Recordio eich llais"))
    return code


def record(page, until):
    """Record until the time says `until` ("0:03"), seeing the sound come in, then stop."""
    page.click("#record")
    expect(page.locator("#record-stop")).to_be_focused()
    expect(page.locator("#recorder")).to_have_attribute("data-sound", "yes")
    expect(page.locator("#record-heard")).to_have_text(re.compile("Sound is coming in|Mae sain yn dod i mewn"))
    expect(page.locator("#record-time")).to_contain_text(until, timeout=90000)
    page.click("#record-stop")
    expect(page.locator("#recorder-kept")).to_be_visible()
    wait_until(page, "!document.body.hasAttribute('data-recording')")
    stored(page)


def tablet_recordings(page):
    return page.evaluate("""PSDB.all('recordings').then(rows => rows.map(r => ({
        id: r.id, part: r.part, question: r.question, bytes: r.bytes, size: r.blob.size, state: r.state,
        seconds: r.seconds, sha256: r.sha256})))""")


def check_on_server(live_server, page, world, code, made):
    """Every recording is stored once, whole, as it was recorded, and plays on the lead's
    page of the interview for as long as it was recorded."""
    interview, = db_rows(live_server, "select id, record_voice from interviews where participant_code = ?", [code])
    assert interview["record_voice"] == 1
    rows = db_rows(live_server, "select * from recordings where interview_id = ?", [interview["id"]])
    assert sorted((r["id"], r["part"]) for r in rows) == sorted((r["id"], r["part"]) for r in made.values())
    for row in rows:
        mine = next(r for r in made.values() if r["id"] == row["id"])
        assert row["media"] == f"media:{mine['sha256']}" and row["received"] == mine["bytes"]
        sound, = db_rows(live_server, "select data from media where project_id = ? and sha256 = ?",
                         [world["project"], mine["sha256"]])
        assert len(sound["data"]) == mine["bytes"] and hashlib.sha256(sound["data"]).hexdigest() == mine["sha256"]

    lead = page.context.browser.new_context(base_url=live_server.url)
    laptop = lead.new_page()
    try:
        sign_in_lead(laptop, world["lead"])
        laptop.goto(f"/projects/{world['project']}/interviews/{interview['id']}")
        players = laptop.locator("audio.recording__player")
        expect(players).to_have_count(2)
        for i in range(2):
            wait_until(laptop, f"document.querySelectorAll('audio.recording__player')[{i}].readyState >= 1")
        lengths = sorted(laptop.evaluate("[...document.querySelectorAll('audio.recording__player')].map(a => a.duration)"))
        recorded = sorted(r["seconds"] for r in made.values())
        assert all(abs(heard - said) < 1.5 for heard, said in zip(lengths, recorded)), (lengths, recorded)
    finally:
        lead.close()

"""Spoken answers on the tablet, in a real Chromium with a fake microphone (a WAV made here):
"Can we record your voice?", the recorder (Record, the time and the sound coming in, Stop,
play back, record again), recordings kept offline through a reload, "Check your answers",
and sending them in parts over a slow link that is cut half way and comes back."""
import base64
import hashlib
import json
import math
import random
import re
import shutil
import wave

import pytest
from playwright.sync_api import expect

from .conftest import CHROMIUM_ARGS, Tab, assert_accessible, sign_in_lead, wait_until
from .interview_helpers import (
    APP,
    DEMO,
    db_rows,
    expect_screen,
    get_ready,
    heading,
    next_screen,
    published_demo,
    read_consent,
    reload_offline,
    start_interview,
    stored,
    switch_app_language,
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
def tablet(mic_browser, live_server):
    tab = Tab(mic_browser, live_server.url)
    yield tab.page
    tab.context.close()
    # A part on its way when the link is cut fails, as it should: Chromium says so.
    errors = [e for e in tab.errors if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert not errors, f"the browser console showed errors: {errors}"


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


def test_two_recordings_made_offline_survive_a_reload_and_arrive_once_over_a_cut_slow_link(
        live_server, tablet):
    page = tablet
    world = published_demo(live_server, "Spoken answers", questionnaire())
    ready_offline(page, world)
    code = to_voice_question(page)
    expect(page.locator("#voice-question")).to_have_text("Can we record your voice?")
    page.click("#voice-yes")

    # A number is never recorded.
    expect_screen(page, "How old are you?")
    expect(page.locator("#recorder")).to_have_count(0)
    page.fill("#answer-text", "30")
    next_screen(page)

    # The spoken answer: the recorder first, typing second. Long enough for two parts.
    expect_screen(page, "Tell me about your week.")
    assert page.evaluate("""document.querySelector('#recorder').compareDocumentPosition(
        document.querySelector('#answer-text')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    record(page, "0:36")
    expect(page.locator("#recorder audio")).to_have_count(1)
    # Record again asks first; No keeps the one there is.
    page.click("#record-again")
    expect(page.locator("#recorder-ask")).to_be_focused()
    page.click("#record-ask-no")
    expect(page.locator("#recorder-kept")).to_be_visible()
    assert len(tablet_recordings(page)) == 1

    # A reload (the tablet's browser closed and opened) comes back with the recording kept.
    reload_offline(page)
    expect(heading(page)).to_have_text("Tell me about your week.")
    expect(page.locator("#recorder-kept")).to_contain_text("0:3")
    next_screen(page)

    # A dream trigger: a recording for one picture's "tell me more", typing for the other.
    expect_screen(page, "Look at the pictures. What would you like to do?")
    page.click("#answers .answer-button[data-key=cinema]")
    page.click("#answers .answer-button[data-key=bowling]")
    next_screen(page)
    expect_screen(page, "Tell me more about going to the cinema.")
    record(page, "0:02")
    next_screen(page)
    expect_screen(page, "Tell me more about going bowling.")
    page.fill("#answer-text", "With my brother")
    next_screen(page)
    expect_screen(page, "Which town do you live in?")
    page.fill("#answer-text", "Cardiff")
    next_screen(page)

    # Check your answers: a player for each recording, and Change goes back to the recorder.
    expect_screen(page, "Check your answers")
    expect(page.locator(".check-recording audio")).to_have_count(2)
    expect(page.locator("#check-story")).to_contain_text("Nothing written.")
    expect(page.locator("#check-voice")).to_contain_text("Yes, you can record my voice")
    page.click("#check-story .change-button")
    expect_screen(page, "Tell me about your week.")
    expect(page.locator("#recorder-kept")).to_be_visible()
    next_screen(page)
    expect_screen(page, "Check your answers")
    made = {r["part"]: r for r in tablet_recordings(page)}
    assert set(made) == {"", "cinema"} and all(r["size"] == r["bytes"] > 0 for r in made.values())
    assert made[""]["bytes"] > PART, "the long recording must go in more than one part"
    page.click("#finish")
    expect_screen(page, "Thank you")
    page.click("#home")
    expect(page.locator("#outbox-count")).to_have_text("1 interview is waiting to send.")
    sent = page.evaluate("PSDB.all('interviews').then(all => all[0].payload)")
    assert sent["record_voice"] is True
    by_question = {a["question"]: a for a in sent["answers"]}
    assert by_question["story"]["value"] == ""
    assert [(r["part"], r["sha256"]) for r in by_question["story"]["recordings"]] == [("", made[""]["sha256"])]
    assert [r["part"] for r in by_question["dreams"]["recordings"]] == ["cinema"]
    assert "recordings" not in by_question["town"] and "recordings" not in by_question["age"]

    # "Save what is waiting to a file" carries the sound too, whole.
    with page.expect_download() as saving:
        page.click("#save-file")
    saved, = json.loads(saving.value.path().read_text(encoding="utf-8"))["interviews"]
    assert {k: v for k, v in saved.items() if k != "recording_data"} == sent
    assert {rid: hashlib.sha256(base64.b64decode(data)).hexdigest() for rid, data in saved["recording_data"].items()} \
        == {r["id"]: r["sha256"] for r in made.values()}

    # Online over slow 3G (Chromium DevTools' own profile, set after Playwright's "online",
    # which takes any throttling away); cut off as the long recording's first part sets off
    # (it takes seconds on this link).
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    with page.expect_request(lambda r: r.method == "PUT" and made[""]["id"] in r.url, timeout=60000):
        page.context.set_offline(False)      # the `online` event sends
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "offline": True})
    wait_until(page, "navigator.onLine === false")
    wait_until(page, "!document.body.hasAttribute('data-sending')", timeout=60)
    # Whether the part on its way reached the server or not, the recording is not whole there
    # and is still on the tablet.
    assert page.evaluate(f"PSDB.get('recordings', '{made['']['id']}')") is not None
    on_server, = db_rows(live_server, "select received, media from recordings where id = ?", [made[""]["id"]])
    assert on_server["received"] in (0, PART) and on_server["media"] is None
    expect(page.locator("#sound-count")).to_contain_text(re.compile("recordings? (is|are) still to send"))

    # Back online, "Send now": it carries on from where the server is, and the tablet lets
    # them go once the server has every byte.
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    wait_until(page, "navigator.onLine === true")
    with page.expect_response(lambda r: r.request.method == "PUT" and made[""]["id"] in r.url,
                              timeout=60000) as rest:
        page.click("#send-now")
    assert rest.value.url.endswith(f"offset={on_server['received']}"), "it carries on where the server is"
    expect(page.locator("#sound-count")).to_be_hidden(timeout=120000)
    expect(page.locator("#sync-status")).to_have_text("Everything is sent.")
    assert tablet_recordings(page) == []
    assert page.evaluate("PSDB.all('interviews')") == []
    check_on_server(live_server, page, world, code, made)


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


def test_no_to_recording_means_no_recorder(live_server, tablet):
    page = tablet
    world = published_demo(live_server, "No recording", questionnaire())
    ready_offline(page, world)
    to_voice_question(page)
    page.click("#voice-no")
    expect_screen(page, "How old are you?")
    page.fill("#answer-text", "44")
    next_screen(page)
    expect_screen(page, "Tell me about your week.")
    expect(page.locator("#recorder")).to_have_count(0)
    expect(page.locator("label[for=answer-text]")).to_have_text("Their answer, in their words")
    page.fill("#answer-text", "A good week")
    next_screen(page)
    page.click("#answers .answer-button[data-key=cinema]")
    next_screen(page)
    expect_screen(page, "Tell me more about going to the cinema.")
    expect(page.locator("#recorder")).to_have_count(0)
    # Changing the answer on "Check your answers" brings the recorder (and a yes) back.
    for _ in range(2):
        next_screen(page)
    expect_screen(page, "Check your answers")
    expect(page.locator("#check-voice")).to_contain_text("No, do not record my voice")
    page.click("#check-voice .change-button")
    expect_screen(page, "Recording your voice")
    expect(page.locator("#voice-no")).to_have_attribute("aria-pressed", "true")
    page.click("#voice-no")
    expect_screen(page, "Check your answers")
    page.click("#finish")
    expect_screen(page, "Thank you")
    sent = page.evaluate("PSDB.all('interviews').then(all => all[0].payload)")
    assert sent["record_voice"] is False
    assert not any("recordings" in a for a in sent["answers"])
    assert page.evaluate("PSDB.all('recordings')") == []


def test_the_recorder_in_welsh_is_accessible(live_server, tablet):
    page = tablet
    world = published_demo(live_server, "Recordio", questionnaire())
    ready_offline(page, world)
    switch_app_language(page, "cy")
    to_voice_question(page)
    expect(page.locator("#voice-question")).to_have_text("Gawn ni recordio eich llais?")
    expect(page.locator("#voice-yes")).to_have_text("Cewch, cewch chi recordio fy llais")
    expect(page.locator("#voice-no")).to_have_text("Na chewch, peidiwch â recordio fy llais")
    assert_accessible(page)
    page.click("#voice-yes")
    expect_screen(page, "Faint yw eich oed chi?")
    page.fill("#answer-text", "30")
    next_screen(page)
    expect_screen(page, "Dywedwch wrtha i am eich wythnos.")
    expect(page.locator("#record")).to_have_text("Recordio")
    expect(page.locator("#recorder-title")).to_have_text("Recordio eu hateb")
    expect(page.locator("label[for=answer-text]")).to_have_text("Gallwch chi deipio eu hateb hefyd")
    assert_accessible(page)
    page.click("#record")
    expect(page.locator("#record-stop")).to_have_text("Stopio recordio")
    expect(page.locator("#record-time")).to_contain_text("Yn recordio: 0:01", timeout=30000)
    assert_accessible(page)
    page.click("#record-stop")
    expect(page.locator("#recorder-kept")).to_contain_text("Mae'r recordiad wedi'i gadw")
    expect(page.locator("#record-again")).to_have_text("Recordio eto")
    assert_accessible(page)
    # Delete asks first, in Welsh, and takes the recording (and so the answer) away.
    page.click("#record-delete")
    expect(page.locator("#recorder-ask")).to_have_text("Dileu'r recordiad hwn? Allwch chi ddim ei gael yn ôl.")
    page.click("#record-ask-yes")
    expect(page.locator("#record")).to_be_focused()
    stored(page)
    assert page.evaluate("PSDB.get('interviews', JSON.parse(JSON.stringify(sessionStorage.getItem("
                         "'peersurvey-current')))).then(iv => iv.answers.story || null)") is None
    assert tablet_recordings(page) == []      # the replaced sound went with it

    # Stop, then delete the interview: its recordings go too.
    page.click("#record")
    expect(page.locator("#record-time")).to_contain_text("0:01", timeout=30000)
    page.click("#record-stop")
    expect(page.locator("#recorder-kept")).to_be_visible()
    assert len(tablet_recordings(page)) == 1
    page.click("#stop")
    page.click("#stop-delete")
    page.click("#delete-yes")
    expect(heading(page)).to_have_text("Cyfweliadau")
    stored(page)
    assert tablet_recordings(page) == [] and page.evaluate("PSDB.all('interviews')") == []


def test_a_file_saved_on_the_tablet_brings_its_recording_in_and_the_tablet_then_lets_it_go(
        live_server, tablet, tmp_path):
    page = tablet
    world = published_demo(live_server, "Recording by file", questionnaire())
    ready_offline(page, world)
    code = to_voice_question(page)
    page.click("#voice-yes")
    page.fill("#answer-text", "51")
    next_screen(page)
    record(page, "0:02")
    page.fill("#answer-text", "Busy")
    while not page.locator("#finish").count():
        next_screen(page)
    page.click("#finish")
    page.click("#home")
    made, = tablet_recordings(page)
    with page.expect_download() as saving:
        page.click("#save-file")
    saving.value.save_as(tmp_path / "waiting.json")

    # The lead brings the file in: the interview and its recording, whole.
    lead = page.context.browser.new_context(base_url=live_server.url)
    laptop = lead.new_page()
    try:
        sign_in_lead(laptop, world["lead"])
        laptop.goto(f"/projects/{world['project']}/interviews/")
        laptop.set_input_files("#file", str(tmp_path / "waiting.json"))
        with laptop.expect_navigation():
            laptop.click("form[action$='/upload'] button[type=submit]")
        expect(laptop.locator("section[aria-labelledby=upload-results]")).to_contain_text(
            "1 recording from the file is stored.")
    finally:
        lead.close()
    row, = db_rows(live_server, "select r.media, r.received from recordings r join interviews i on i.id = r.interview_id "
                                "where i.participant_code = ?", [code])
    assert (row["media"], row["received"]) == (f"media:{made['sha256']}", made["bytes"])

    # Online again, the tablet hears the server has it all, and lets the interview and its sound go.
    page.context.set_offline(False)
    expect(page.locator("#outbox-count")).to_have_text("No interviews are waiting to send.", timeout=30000)
    wait_until(page, "!document.body.hasAttribute('data-sending')", timeout=30)
    expect(page.locator("#sound-count")).to_be_hidden()
    assert tablet_recordings(page) == []
    assert page.evaluate("PSDB.all('interviews')") == []


def test_a_tablet_that_kept_interviews_before_recordings_keeps_them_when_the_store_is_added(live_server, tablet):
    """IndexedDB version 1 (config, bundles, interviews) with an interview in it: the app's
    db.js opens version 2, which only adds "recordings"."""
    page = tablet
    page.goto("/tablet/")
    page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("peersurvey", 1);
        open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore("config", {keyPath: "key"});
            db.createObjectStore("bundles", {keyPath: "version_id"});
            db.createObjectStore("interviews", {keyPath: "id"});
        };
        open.onsuccess = () => {
            const tx = open.result.transaction("interviews", "readwrite");
            tx.objectStore("interviews").put({id: "old-1", state: "waiting", payload: {id: "old-1"}});
            tx.oncomplete = () => { open.result.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
    })""")
    found = page.evaluate("""import('/static/collect/db.js').then(async m => ({
        interviews: await m.DB.all('interviews'), recordings: await m.DB.all('recordings'),
        version: await new Promise(r => { const o = indexedDB.open('peersurvey'); o.onsuccess = () => {
            r(o.result.version); o.result.close(); }; })}))""")
    assert found == {"interviews": [{"id": "old-1", "state": "waiting", "payload": {"id": "old-1"}}],
                     "recordings": [], "version": 2}

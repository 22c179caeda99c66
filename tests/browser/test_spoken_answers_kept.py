"""Spoken answers kept on the tablet: a file saved on it brings the recording in, and a
tablet that kept interviews before recordings existed keeps them when the store is added."""
from playwright.sync_api import expect

from .conftest import sign_in_lead, wait_until
from .interview_helpers import db_rows, next_screen, published_demo
from .recorder_helpers import (
    questionnaire,
    ready_offline,
    record,
    tablet_recordings,
    to_voice_question,
)


def test_a_file_saved_on_the_tablet_brings_its_recording_in_and_the_tablet_then_lets_it_go(
        live_server, mic_tablet, tmp_path):
    page = mic_tablet
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


def test_a_tablet_that_kept_interviews_before_recordings_keeps_them_when_the_store_is_added(live_server, mic_tablet):
    """IndexedDB version 1 (config, bundles, interviews) with an interview in it: the app's
    db.js opens version 2, which only adds "recordings"."""
    page = mic_tablet
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

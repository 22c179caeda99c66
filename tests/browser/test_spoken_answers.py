"""Spoken answers on the tablet, in a real Chromium with a fake microphone (a WAV made here):
"Can we record your voice?", the recorder (Record, the time and the sound coming in, Stop,
play back, record again), recordings kept offline through a reload, "Check your answers",
and sending them in parts over a slow link that is cut half way and comes back."""
import base64
import hashlib
import json
import re

from playwright.sync_api import expect

from .conftest import assert_accessible, wait_until
from .interview_helpers import (
    db_rows,
    expect_screen,
    heading,
    next_screen,
    published_demo,
    reload_offline,
    stored,
    switch_app_language,
)
from .recorder_helpers import (
    PART,
    SLOW_3G,
    check_on_server,
    questionnaire,
    ready_offline,
    record,
    tablet_recordings,
    to_voice_question,
)


def test_two_recordings_made_offline_survive_a_reload_and_arrive_once_over_a_cut_slow_link(
        live_server, mic_tablet):
    page = mic_tablet
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


def test_no_to_recording_means_no_recorder(live_server, mic_tablet):
    page = mic_tablet
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


def test_the_recorder_in_welsh_is_accessible(live_server, mic_tablet):
    page = mic_tablet
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

"""The lead's interview page plays a recorded answer in a real Chromium: the audio element
reports the recording's own length, the keyboard reaches it, nothing plays by itself, and
axe finds nothing wrong, in English and Welsh."""
import json
import uuid

import pytest

from peersurvey.prepare import questionnaires

from ..collect.conftest import DEMO
from ..collect.recording_helpers import announce, sound
from ..together import request
from .conftest import SCREENSHOTS, assert_accessible, sign_in_lead, switch_language


def recorded_interview(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Voices")
    interviewer = make.member(project, "Dewi")
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    said, waiting = sound(7.5), sound(2.0)
    said_rec, waiting_rec = announce(said, seconds=7.5), announce(waiting, part="cinema", seconds=2.0)

    def answer(question, value, recs):
        return {"id": str(uuid.uuid4()), "question": question, "status": "answered", "value": value,
                "answered_at": "2026-11-25T10:05:00+00:00", "recordings": recs}
    item = {"id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": interviewer["id"],
            "participant_code": "VOICE1", "language": "en", "started_at": "2026-11-25T10:00:00+00:00",
            "finished_at": "2026-11-25T10:20:00+00:00", "consent": True, "record_voice": True,
            "answers": [answer("money_not_good", "", [said_rec]),
                        answer("dreams", [{"option": "cinema", "text": ""}], [waiting_rec])]}
    headers = {"Authorization": f"Bearer {tablet['token']}"}
    assert request(server.port, "POST", "/api/v1/sync", {"interviews": [item]}, headers)[0] == 200
    status, _h, _b = request(server.port, "PUT", f"/api/v1/recordings/{said_rec['id']}?offset=0", said,
                             {**headers, "Content-Type": "application/octet-stream"})
    assert status == 200
    return lead, f"/projects/{project}/interviews/{item['id']}"


@pytest.mark.parametrize("language, waiting_words", [
    ("en", "The recording is on its way from the tablet"), ("cy", "Mae'r recordiad ar ei ffordd o'r llechen")])
def test_the_lead_hears_the_recording_with_its_length(live_server, page, language, waiting_words):
    lead, address = recorded_interview(live_server)
    sign_in_lead(page, lead)
    page.goto(address)
    switch_language(page, language)
    player = page.locator("audio")
    assert player.count() == 1
    duration = player.evaluate("""audio => new Promise(done => audio.readyState >= 1 ? done(audio.duration)
                                   : audio.addEventListener('loadedmetadata', () => done(audio.duration)))""")
    assert duration == pytest.approx(7.5, abs=0.05), "the sound that plays is the recording sent"
    assert player.evaluate("audio => audio.paused && !audio.autoplay")
    assert page.get_by_text(waiting_words).count() == 1
    # The keyboard reaches the player (its controls are the browser's own).
    page.locator(".read-answers").first.evaluate("el => el.closest('main').querySelector('h1').focus()")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "AUDIO":
            break
    assert page.evaluate("document.activeElement.tagName") == "AUDIO", "Tab reaches the player"
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"recording-player-{language}.png"), full_page=True)

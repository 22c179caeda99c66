"""A file saved on a tablet carries the recordings not yet on the server (`recording_data`);
bringing it in stores the interviews and completes those recordings, checked as a last part
would be. A recording missing from the file, or damaged, stays on its way."""
import base64
import io
import json
from pathlib import Path

from peersurvey.db import connect

from ..pages import text
from .conftest import answer, interview, post
from .recording_helpers import announce, put, sound, status


def upload(client, field, data, app=None):
    return client.submit(f"/projects/{field['project']}/interviews/upload",
                         {"file": (io.BytesIO(data), "waiting.json")},
                         page=f"/projects/{field['project']}/interviews/", content_type="multipart/form-data")


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def test_recordings_in_the_file_are_completed_and_one_missing_stays_on_its_way(client, field, login, app):
    login.as_lead(field["lead"])
    said, dream, lost = sound(1.0), sound(0.7), sound(0.3)
    said_rec, dream_rec, lost_rec = announce(said), announce(dream, part="cinema"), announce(lost)
    first = interview(field, answers=[
        dict(answer("money_not_good", ""), recordings=[said_rec]),
        dict(answer("dreams", [{"option": "cinema", "text": ""}]), recordings=[dream_rec])], record_voice=True)
    second = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[lost_rec])],
                       record_voice=True, participant_code="SECOND")
    # Half of one recording had arrived over the network before the tablet lost its signal.
    post(client, field, [first])
    put(client, field, said_rec["id"], 0, said[:5000])
    first["recording_data"] = {said_rec["id"].upper(): base64.b64encode(said).decode(),
                               dream_rec["id"]: base64.b64encode(dream).decode()}
    page = text(upload(client, field, json.dumps({"interviews": [first, second]}).encode()))
    assert "Interview 1: already here, so not stored again." in page and "Interview 2: stored." in page
    assert "2 recordings from the file are stored." in page
    kept = {r["id"]: r for r in rows(app, "select id, media from recordings")}
    assert kept[said_rec["id"]]["media"] and kept[dream_rec["id"]]["media"]
    assert kept[lost_rec["id"]]["media"] is None, "not in the file: still on its way"
    assert rows(app, "select data from media where sha256 = ?", [said_rec["sha256"]])[0]["data"] == said
    assert not list((Path(app.instance_path) / "recordings").iterdir())
    assert status(client, field, lost_rec["id"]).json["complete"] is False


def test_a_damaged_recording_in_the_file_is_not_kept(client, field, login, app):
    login.as_lead(field["lead"])
    said = sound(1.0)
    rec = announce(said)
    item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[rec])], record_voice=True)
    item["recording_data"] = {rec["id"]: base64.b64encode(said[:-1] + b"\x00").decode()}
    body = {"interviews": [item], "recording_data": {"not-a-recording": "AAAA"}}
    page = text(upload(client, field, json.dumps(body).encode()))
    assert "Interview 1: stored." in page
    assert "1 recording in the file is damaged, so it was not stored. The tablet can still send it." in page
    assert rows(app, "select media, received from recordings") == [{"media": None, "received": 0}]
    assert not rows(app, "select * from media where kind = 'audio'")


def test_an_older_file_with_the_sound_before_the_interviews_still_completes_it(client, field, login, app):
    """The file is read in order, one interview at a time: sound met before the interview
    that announces it is kept until that interview is stored."""
    login.as_lead(field["lead"])
    said = sound(0.5)
    rec = announce(said)
    item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[rec])], record_voice=True)
    body = json.dumps({"recording_data": {rec["id"]: base64.b64encode(said).decode()}, "interviews": [item]})
    page = text(upload(client, field, body.encode()))
    assert "Interview 1: stored." in page and "1 recording from the file is stored." in page
    assert rows(app, "select data from media where sha256 = ?", [rec["sha256"]])[0]["data"] == said


def test_sound_carried_by_an_earlier_interview_for_a_later_one_still_completes_it(client, field, login, app):
    """A file put together by hand may carry a recording's sound in another interview: it
    waits until the interview that announces it is stored."""
    login.as_lead(field["lead"])
    said = sound(0.5)
    rec = announce(said)
    first = interview(field, participant_code="FIRST1")
    first["recording_data"] = {rec["id"]: base64.b64encode(said).decode()}
    second = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[rec])], record_voice=True)
    page = text(upload(client, field, json.dumps({"interviews": [first, second]}).encode()))
    assert "Interview 2: stored." in page and "1 recording from the file is stored." in page
    assert rows(app, "select data from media where sha256 = ?", [rec["sha256"]])[0]["data"] == said

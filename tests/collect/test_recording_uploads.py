"""GET and PUT /api/v1/recordings/<id>: the sound sent in parts that can be resumed, checked
when complete, kept in the media store; nothing partial kept as if complete."""
import hashlib
import os
import stat
from pathlib import Path

import pytest

from peersurvey.collect import recordings
from peersurvey.db import connect

from ..prepare.media_samples import HTML
from .conftest import answer, interview, post
from .recording_helpers import announce, put, sound, status


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def stored_with(client, field, data, **changes):
    """An interview with one recording of `data` announced, stored; the announcement."""
    rec = announce(data, **changes)
    item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[rec])], record_voice=True)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    return rec


def part_files(app):
    folder = Path(app.instance_path) / "recordings"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_recording_sent_in_parts_is_stored_whole_once(client, field, app):
    data = sound(2.0)                      # 32 kB: four parts of 10,000 bytes
    rec = stored_with(client, field, data)
    assert status(client, field, rec["id"]).json == {"id": rec["id"], "received": 0, "bytes": len(data),
                                                     "complete": False}
    size = 10_000
    for offset in range(0, len(data), size):
        response = put(client, field, rec["id"], offset, data[offset:offset + size])
        assert response.status_code == 200
        assert response.json["received"] == min(offset + size, len(data))
        if offset + size < len(data):
            # On its way: a file of its own, readable only by the server; the folder too.
            folder = Path(app.instance_path) / "recordings"
            assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
            assert stat.S_IMODE(os.stat(folder / f"{rec['id']}.part").st_mode) == 0o600
            assert status(client, field, rec["id"]).json["received"] == offset + size
    assert response.json == {"id": rec["id"], "received": len(data), "bytes": len(data), "complete": True}
    [row] = rows(app, "select * from recordings")
    assert row["media"] == f"media:{hashlib.sha256(data).hexdigest()}" and row["completed_at"]
    [kept] = rows(app, "select data, mime, kind from media where sha256 = ?", [rec["sha256"]])
    assert (kept["data"], kept["mime"], kept["kind"]) == (data, "audio/wav", "audio")
    assert part_files(app) == [], "nothing left on its way"
    # Sent again after it is complete: the same answer, nothing more stored.
    assert put(client, field, rec["id"], 0, data[:size]).json["complete"] is True
    assert status(client, field, rec["id"]).json["complete"] is True
    assert part_files(app) == [] and len(rows(app, "select * from media where kind = 'audio'")) == 1


def test_a_part_sent_twice_is_stored_once_and_a_part_out_of_order_is_refused(client, field, app):
    data = sound(1.0)
    rec = stored_with(client, field, data)
    assert put(client, field, rec["id"], 0, data[:5000]).json["received"] == 5000
    assert put(client, field, rec["id"], 0, data[:5000]).json["received"] == 5000       # again
    assert put(client, field, rec["id"], 2000, data[2000:8000]).json["received"] == 8000  # overlaps
    ahead = put(client, field, rec["id"], 9000, data[9000:10000])
    assert ahead.status_code == 409 and ahead.json["received"] == 8000
    assert "Send it from byte 8000" in ahead.json["error"]
    done = put(client, field, rec["id"], 8000, data[8000:])
    assert done.json["complete"] is True
    assert rows(app, "select data from media where sha256 = ?", [rec["sha256"]])[0]["data"] == data


def test_a_recording_that_does_not_match_its_sha256_keeps_nothing(client, field, app):
    data = sound(1.0)
    rec = stored_with(client, field, data)
    wrong = data[:-10] + b"\x01" * 10
    put(client, field, rec["id"], 0, wrong[:6000])
    response = put(client, field, rec["id"], 6000, wrong[6000:])
    assert response.status_code == 422 and response.json["received"] == 0
    assert "not the same as the one the tablet made" in response.json["error"]
    assert status(client, field, rec["id"]).json == {"id": rec["id"], "received": 0, "bytes": len(data),
                                                     "complete": False}
    assert rows(app, "select received, media from recordings")[0] == {"received": 0, "media": None}
    assert not rows(app, "select * from media where kind = 'audio'") and part_files(app) == []
    # Sent right, from the start, it is kept.
    assert put(client, field, rec["id"], 0, data).json["complete"] is True


def test_a_recording_that_is_not_audio_keeps_nothing(client, field, app):
    rec = stored_with(client, field, HTML)
    response = put(client, field, rec["id"], 0, HTML)
    assert response.status_code == 422 and "not a sound the server can play" in response.json["error"]
    assert rows(app, "select received, media from recordings")[0] == {"received": 0, "media": None}
    assert not rows(app, "select * from media") or not rows(app, "select * from media where kind = 'audio'")
    assert part_files(app) == []


def test_too_big_parts_and_parts_past_the_end_are_refused(client, field, app):
    data = sound(1.0)
    rec = stored_with(client, field, data)
    past = put(client, field, rec["id"], 0, data + b"more")
    assert past.status_code == 413 and "past the end" in past.json["error"]
    big = put(client, field, rec["id"], 0, b"\0" * (recordings.MAX_PART + 1))
    assert big.status_code == 413 and "1 MB or less" in big.json["error"]
    for offset in ("", "-1", "abc", "1e3", "\uff11\uff12"):          # fullwidth digits are not a number here
        response = client.put(f"/api/v1/recordings/{rec['id']}?offset={offset}", data=data[:10],
                              headers=field["headers"])
        assert response.status_code == 400 and "?offset=" in response.json["error"]
    assert status(client, field, rec["id"]).json["received"] == 0


def test_unknown_recordings_and_other_projects_get_404(client, field, app, make):
    data = sound()
    rec = stored_with(client, field, data)
    for path in ("/api/v1/recordings/3f0c1d8e-0000-4000-8000-000000000000", "/api/v1/recordings/nonsense"):
        response = client.get(path, headers=field["headers"])
        assert response.status_code == 404 and "Send its interview first" in response.json["error"]
    lead = make.lead("Other")
    other = make.tablet(make.project(lead, "Other"), lead)
    response = client.put(f"/api/v1/recordings/{rec['id']}?offset=0", data=data,
                          headers={"Authorization": f"Bearer {other['token']}"})
    assert response.status_code == 404
    assert client.get(f"/api/v1/recordings/{rec['id']}").status_code == 401     # no tablet token
    assert status(client, field, rec["id"]).json["received"] == 0


@pytest.mark.parametrize("language, words", [("en", "Send its interview first"), ("cy", "Anfonwch ei gyfweliad")])
def test_refusals_are_in_the_tablets_language(client, field, language, words):
    response = client.get("/api/v1/recordings/3f0c1d8e-0000-4000-8000-000000000000",
                          headers={**field["headers"], "Accept-Language": language})
    assert words in response.json["error"]


def test_withdrawal_erases_recordings_their_sound_and_bytes_on_their_way(client, field, app):
    from peersurvey.collect import queries
    done_data, waiting_data = sound(1.0), sound(1.5)
    done, waiting = announce(done_data), announce(waiting_data, part="cinema")
    item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[done]),
                                     dict(answer("dreams", [{"option": "cinema", "text": ""}]),
                                          recordings=[waiting])], record_voice=True)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    assert put(client, field, done["id"], 0, done_data).json["complete"] is True
    assert put(client, field, waiting["id"], 0, waiting_data[:4000]).json["received"] == 4000
    assert part_files(app) == [f"{waiting['id']}.part"]
    with app.app_context():
        assert queries.withdraw(field["project"], "K7P4QX") == 1
    assert not rows(app, "select * from recordings") and not rows(app, "select * from answers")
    assert not rows(app, "select * from media where kind = 'audio'"), "the sound is erased too"
    assert part_files(app) == [], "and the bytes on their way"
    for rec, data in ((done, done_data), (waiting, waiting_data)):
        for response in (status(client, field, rec["id"]), put(client, field, rec["id"], 4000, data[4000:])):
            assert response.status_code == 410 and response.json["result"] == "withdrawn"
            assert "The tablet deletes it" in response.json["error"]
    assert part_files(app) == [] and not rows(app, "select * from media where kind = 'audio'")
    # A new interview may not take up a withdrawn recording's id: it would answer 200 again.
    again = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[dict(done)])],
                      record_voice=True, participant_code="NEW001")
    [result] = post(client, field, [again]).json["results"]
    assert result["result"] == "rejected" and status(client, field, done["id"]).status_code == 410


def test_withdrawal_keeps_a_sound_another_recording_uses(client, field, app):
    from peersurvey.collect import queries
    data = sound(1.0)
    first = stored_with(client, field, data)
    other = announce(data)
    item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[other])],
                     record_voice=True, participant_code="OTHER1")
    post(client, field, [item])
    put(client, field, first["id"], 0, data)
    put(client, field, other["id"], 0, data)
    with app.app_context():
        queries.withdraw(field["project"], "K7P4QX")
    assert len(rows(app, "select * from media where kind = 'audio'")) == 1
    assert status(client, field, other["id"]).json["complete"] is True

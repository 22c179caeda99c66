"""Recordings announced in POST /api/v1/sync: which answers may have them, the limits, and
that they are part of the interview's content."""
import json

import pytest

from peersurvey.collect import recordings
from peersurvey.db import connect

from .conftest import answer, interview, post
from .recording_helpers import announce, sound


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def recorded(question, value, *recs):
    return dict(answer(question, value), recordings=list(recs))


def test_recordings_of_a_free_text_a_short_answer_and_each_dream_are_stored(client, field, app):
    data = sound()
    said, town = announce(data), announce(data, seconds=1.25)
    cinema, swimming = announce(data, part="cinema"), announce(data, part="swimming")
    item = interview(field, answers=[
        recorded("money_not_good", "", said), recorded("town", "", town),
        recorded("dreams", [{"option": "cinema", "text": ""}, {"option": "swimming", "text": "Fun"}],
                 swimming, cinema)], record_voice=True)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    [stored] = rows(app, "select record_voice from interviews")
    assert stored["record_voice"] == 1
    kept = {r["id"]: r for r in rows(app, "select * from recordings")}
    assert set(kept) == {said["id"], town["id"], cinema["id"], swimming["id"]}
    assert kept[cinema["id"]]["part"] == "cinema" and kept[town["id"]]["seconds"] == 1.25
    assert all(r["received"] == 0 and r["media"] is None and r["interview_id"] == item["id"]
               and r["project_id"] == field["project"] and r["bytes"] == len(data) for r in kept.values())
    answers = {a["question"]: a["id"] for a in rows(app, "select id, question from answers")}
    assert kept[said["id"]]["answer_id"] == answers["money_not_good"]
    with app.app_context():
        found = recordings.for_answers([answers["dreams"]])[answers["dreams"]]
    assert [(r["part"], r["complete"]) for r in found] == [("cinema", False), ("swimming", False)]


def test_sent_again_the_same_is_already_stored_and_with_other_recordings_a_conflict(client, field, app):
    data = sound()
    item = interview(field, answers=[recorded("money_not_good", "", announce(data))], record_voice=True)
    post(client, field, [item])
    # The same recordings, sent with the id in capitals and in another order, are the same content.
    again = json.loads(json.dumps(item))
    again["answers"][0]["recordings"][0]["id"] = again["answers"][0]["recordings"][0]["id"].upper()
    assert post(client, field, [again]).json["results"][0]["result"] == "already_stored"
    other = json.loads(json.dumps(item))
    other["answers"][0]["recordings"] = [announce(sound(1.0))]
    [result] = post(client, field, [other]).json["results"]
    assert result["result"] == "rejected" and "The first one is kept." in result["reason"]
    assert len(rows(app, "select * from recordings")) == 1


def test_an_interview_without_recordings_keeps_its_hash(client, field, app):
    item = interview(field)
    post(client, field, [item])
    same = json.loads(json.dumps(item))
    same["record_voice"] = None
    for a in same["answers"]:
        a["recordings"] = []
    assert post(client, field, [same]).json["results"][0]["result"] == "already_stored"


def _refused(client, field, app, item):
    [result] = post(client, field, [item]).json["results"]
    assert result["result"] == "rejected", result
    assert not rows(app, "select * from interviews where id = ?", [item["id"]])
    assert not rows(app, "select * from recordings")
    assert set(result["reasons"]) == {"en", "cy"} and result["reasons"]["cy"] != result["reasons"]["en"]
    return result["reason"]


@pytest.mark.parametrize("agreed", [False, None, "missing"])
def test_recordings_without_a_yes_to_recording_their_voice_are_refused(client, field, app, agreed):
    item = interview(field, answers=[recorded("money_not_good", "", announce(sound()))], record_voice=agreed)
    if agreed == "missing":
        del item["record_voice"]
    assert "did not agree to have their voice recorded" in _refused(client, field, app, item)


def test_a_no_to_recording_with_no_recordings_is_stored(client, field, app):
    item = interview(field, answers=[answer("money_not_good", "Typed")], record_voice=False)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    assert rows(app, "select record_voice from interviews")[0]["record_voice"] == 0


def test_record_voice_must_be_yes_or_no(client, field, app):
    assert "recording their voice is not yes or no" in _refused(
        client, field, app, interview(field, record_voice="yes"))


BIG = recordings.MAX_BYTES


@pytest.mark.parametrize("question, value, changes, words", [
    ("age", 34, {}, "cannot have a recording"),                       # a number
    ("my_choices", "yes", {}, "cannot have a recording"),             # not a kind that records
    ("money_not_good", "", {"part": "cinema"}, "part of the answer that is not there"),
    ("dreams", [{"option": "cinema", "text": ""}], {"part": ""}, "part of the answer that is not there"),
    ("dreams", [{"option": "cinema", "text": ""}], {"part": "swimming"}, "part of the answer that is not there"),
    ("money_not_good", "", {"seconds": 601}, "longer than 10 minutes"),
    ("money_not_good", "", {"seconds": 0}, "longer than 10 minutes"),
    ("money_not_good", "", {"bytes": BIG + 1}, "bigger than 20 MB"),
    ("money_not_good", "", {"bytes": 0}, "bigger than 20 MB"),
    ("money_not_good", "", {"type": "video/mp4"}, "not a sound type"),
    ("money_not_good", "", {"type": "text/html"}, "not a sound type"),
    ("money_not_good", "", {"sha256": "abc"}, "not in the form"),
    ("money_not_good", "", {"id": "not-a-uuid"}, "not in the form"),
    ("money_not_good", "", {"bytes": "12"}, "not in the form"),
    ("money_not_good", "", {"seconds": True}, "not in the form"),
    ("money_not_good", "", {"extra": 1}, "not in the form"),
])
def test_recordings_that_break_a_rule_are_refused_with_nothing_kept(client, field, app, question, value,
                                                                   changes, words):
    item = interview(field, answers=[recorded(question, value, announce(sound(), **changes))], record_voice=True)
    assert words in _refused(client, field, app, item)


def test_the_limits_themselves_are_allowed(client, field, app):
    rec = announce(sound(), seconds=600, bytes=BIG, type_="audio/webm;codecs=opus")
    item = interview(field, answers=[recorded("money_not_good", "", rec)], record_voice=True)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"


def test_two_recordings_of_one_part_a_skipped_answer_and_a_taken_id_are_refused(client, field, app):
    data = sound()
    two = interview(field, answers=[recorded("money_not_good", "", announce(data), announce(data))], record_voice=True)
    assert "two recordings for the same part" in _refused(client, field, app, two)
    skipped = interview(field, answers=[dict(answer("money_not_good", None, "skipped"),
                                             recordings=[announce(data)])], record_voice=True)
    assert "cannot have a recording" in _refused(client, field, app, skipped)
    first = interview(field, answers=[recorded("money_not_good", "", announce(data))], record_voice=True)
    post(client, field, [first])
    taken = interview(field, answers=[recorded("money_not_good", "", first["answers"][0]["recordings"][0])],
                      record_voice=True)
    [result] = post(client, field, [taken]).json["results"]
    assert result["result"] == "rejected" and "same id as recordings already stored" in result["reason"]
    assert len(rows(app, "select * from recordings")) == 1
    # The same id on two answers of one interview: refused as taken, not as a server fault.
    rec = announce(data)
    twice = interview(field, answers=[recorded("money_not_good", "", rec), recorded("town", "", dict(rec))],
                      record_voice=True)
    [result] = post(client, field, [twice]).json["results"]
    assert result["result"] == "rejected" and "same id as recordings already stored" in result["reason"]
    assert len(rows(app, "select * from recordings")) == 1

"""POST /api/v1/sync: stored once, never overwritten, one bad interview never blocks the
rest, and a refused one leaves nothing behind."""
import json

import pytest

from peersurvey.db import connect

from .conftest import answer, interview, post


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def test_an_interview_of_every_kind_is_stored_with_its_answers(client, field, app):
    item = interview(field)
    response = post(client, field, [item])
    assert response.json == {"results": [{"id": item["id"], "result": "stored"}]}
    [stored] = rows(app, "select * from interviews")
    assert (stored["participant_code"], stored["language"], stored["device_id"]) == ("K7P4QX", "cy", field["tablet"]["id"])
    answers = {r["question"]: (r["status"], json.loads(r["value"])) for r in rows(app, "select * from answers")}
    assert answers["dreams"] == ("answered", [{"option": "cinema", "text": "With my sister"},
                                             {"option": "swimming", "text": ""}])
    assert answers["has_job"] == ("dont_know", None) and answers["age"] == ("answered", 34)
    assert len(answers) == len(item["answers"])


def test_the_same_payload_sent_twice_is_stored_once(client, field, app):
    items = [interview(field), interview(field, participant_code="ABCD")]
    post(client, field, items)
    again = post(client, field, items)
    assert [r["result"] for r in again.json["results"]] == ["already_stored", "already_stored"]
    assert len(rows(app, "select * from interviews")) == 2
    assert len(rows(app, "select * from answers")) == 2 * len(items[0]["answers"])


def test_the_same_id_with_changed_answers_is_refused_and_the_first_stays(client, field, app):
    item = interview(field)
    post(client, field, [item])
    changed = json.loads(json.dumps(item))
    changed["answers"][0]["value"] = 99
    [result] = post(client, field, [changed]).json["results"]
    assert result["result"] == "rejected" and "The first one is kept." in result["reason"]
    assert json.loads(rows(app, "select value from answers where question = 'age'")[0]["value"]) == 34


def test_one_bad_interview_among_good_ones_stores_the_good_ones_and_nothing_of_the_bad(client, field, app):
    good1, good2 = interview(field), interview(field)
    bad = interview(field, answers=[answer("age", 34), answer("money_who", "the_moon")])
    results = post(client, field, [good1, bad, good2]).json["results"]
    assert [r["result"] for r in results] == ["stored", "rejected", "stored"]
    assert "not right" in results[1]["reason"]
    assert {r["id"] for r in rows(app, "select id from interviews")} == {good1["id"], good2["id"]}
    assert not rows(app, "select * from answers where interview_id = ?", [bad["id"]])


@pytest.mark.parametrize("changes, words", [
    ({"questionnaire_version": 9999}, "questions this project does not have"),
    ({"interviewer": 9999}, "not an interviewer in this project"),
    ({"participant_code": "Siân Jones"}, "participant code is not right"),
    ({"language": "fr"}, "not English or Welsh"),
    ({"finished_at": "2026-11-25T09:00:00+00:00"}, "start or finish time"),
    ({"started_at": "yesterday"}, "start or finish time"),
    ({"started_at": "2026-11-25T10:00:00"}, "start or finish time"),
    ({"consent": "yes"}, "agreed to take part"),
    ({"consent": False}, "did not agree"),
    ({"id": "not-a-uuid"}, "no proper id"),
    ({"answers": [answer("nope", "x")]}, "not in the questionnaire"),
    ({"answers": [answer("age", 34), answer("age", 35)]}, "answered twice"),
    ({"answers": [answer("age", 7)]}, "outside what the question allows"),
    ({"answers": [answer("age", "34")]}, "whole number"),
    ({"answers": [answer("money_feel", "furious")]}, "happy, not sure or unhappy"),
    ({"answers": [answer("go_out_with", "friends")]}, "one or more"),
    ({"answers": [answer("dreams", [{"option": "cinema"}])]}, "each picture chosen"),
    ({"answers": [answer("town", "x" * 201)]}, "200 letters"),
    ({"answers": [dict(answer("age", None, "skipped"), value=5)]}, "cannot have a value"),
    ({"answers": [dict(answer("age", 30), status="maybe")]}, "answered, skipped or not known"),
])
def test_every_field_is_checked_against_the_questionnaire(client, field, app, changes, words):
    [result] = post(client, field, [interview(field, **changes)]).json["results"]
    assert result["result"] == "rejected" and words in result["reason"], result
    assert not rows(app, "select * from interviews") and not rows(app, "select * from answers")


def test_a_coder_cannot_be_the_interviewer(client, field):
    [result] = post(client, field, [interview(field, interviewer=field["coder"]["id"])]).json["results"]
    assert result["result"] == "rejected"


def test_a_person_who_said_no_is_counted_without_answers(client, field, app):
    [result] = post(client, field, [interview(field, consent=False, answers=[])]).json["results"]
    assert result["result"] == "stored"
    assert rows(app, "select consent from interviews")[0]["consent"] == 0


def test_an_answer_id_already_used_elsewhere_refuses_the_whole_interview(client, field, app):
    first = interview(field)
    post(client, field, [first])
    copycat = interview(field, answers=[first["answers"][0]])
    [result] = post(client, field, [copycat]).json["results"]
    assert result["result"] == "rejected"
    assert len(rows(app, "select * from interviews")) == 1


def test_another_projects_tablet_cannot_send_to_this_questionnaire(client, field, make):
    other_lead = make.lead()
    other_tablet = make.tablet(make.project(other_lead, "Other"), other_lead)
    response = client.post("/api/v1/sync", json={"interviews": [interview(field)]},
                           headers={"Authorization": f"Bearer {other_tablet['token']}"})
    assert response.json["results"][0]["result"] == "rejected"


def test_a_revoked_tablet_cannot_sync(client, field, app):
    with app.app_context():
        from peersurvey.people import devices
        devices.revoke(field["tablet"]["id"], field["lead"]["id"])
    assert post(client, field, [interview(field)]).status_code == 401


@pytest.mark.parametrize("body, status", [
    (b"not json", 400), (b"[]", 400), (b'{"interviews": "lots"}', 400), (b"{}", 400),
])
def test_a_body_that_cannot_be_read_gets_a_plain_400(client, field, body, status):
    response = client.post("/api/v1/sync", data=body, headers=field["headers"], content_type="application/json")
    assert response.status_code == status and response.json["error"]


def test_too_many_interviews_or_too_many_bytes_get_a_plain_answer(client, field):
    response = post(client, field, [interview(field) for _ in range(101)])
    assert response.status_code == 400 and "100 or fewer" in response.json["error"]
    huge = interview(field, answers=[answer("money_not_good", "x" * 5000)])
    response = client.post("/api/v1/sync", data=json.dumps({"interviews": [huge] * 100}).encode() + b" " * (2 * 1024 * 1024),
                           headers=field["headers"], content_type="application/json")
    assert response.status_code == 413 and response.json["error"]

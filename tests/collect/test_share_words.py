""""Can we use your words on posters?" on the way in: the bundle carries the question, the
sync takes yes, no or null, refuses an answer to a question that was never asked (or
asked of someone who said no to taking part), and a changed answer sent again is a
conflict."""
import json

import pytest

from peersurvey.db import connect
from peersurvey.prepare import questionnaires

from .conftest import DEMO, interview, post


def stored(app, item):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query("select share_words, consent from interviews where id = ?", [item["id"]]))
    finally:
        db.close()


def test_the_bundle_carries_the_sharing_question(client, field):
    document = client.get(f"/api/v1/bundle/{field['version']}", headers=field["headers"]).json["document"]
    assert document["share_consent"] == DEMO["share_consent"]


def test_a_version_that_does_not_ask_says_so_in_its_bundle(client, field, app, make):
    version = not_asking(field, app, make)
    document = client.get(f"/api/v1/bundle/{version}", headers=field["headers"]).json["document"]
    assert "share_consent" in document and document["share_consent"] is None


@pytest.mark.parametrize("share, kept", [(True, 1), (False, 0), (None, None), ("left out", None)])
def test_yes_no_or_not_answered_is_stored(client, field, app, share, kept):
    item = interview(field, share_words=share)
    if share == "left out":
        del item["share_words"]
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    assert stored(app, item) == [{"share_words": kept, "consent": 1}]


def test_a_person_who_said_no_to_taking_part_has_no_answer_about_their_words(client, field, app):
    item = interview(field, consent=False, answers=[], share_words=None)
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    assert stored(app, item) == [{"share_words": None, "consent": 0}]


def not_asking(field, app, make):
    """A second questionnaire in the project, published, that does not ask."""
    document = json.loads(json.dumps(DEMO))
    document["share_consent"] = None
    qid = make.questionnaire(field["project"], field["lead"], document)
    with app.app_context():
        questionnaires.publish(questionnaires.draft(qid), field["lead"]["id"])
        return questionnaires.latest_published(qid)["id"]


@pytest.mark.parametrize("changes, words", [
    ({"share_words": "yes"}, "is not yes or no"),
    ({"share_words": 1}, "is not yes or no"),
    ({"share_words": [True]}, "is not yes or no"),
    ({"consent": False, "answers": [], "share_words": True}, "did not agree to take part"),
    ({"consent": False, "answers": [], "share_words": False}, "did not agree to take part"),
])
def test_a_wrong_answer_about_their_words_is_refused_in_plain_words(client, field, app, changes, words):
    item = interview(field, **changes)
    [result] = post(client, field, [item]).json["results"]
    assert result["result"] == "rejected" and words in result["reason"], result
    assert "posters" in result["reason"]
    assert stored(app, item) == []


def test_an_answer_about_their_words_for_a_questionnaire_that_does_not_ask_is_refused(client, field, app, make):
    version = not_asking(field, app, make)
    item = interview(field, questionnaire_version=version, share_words=True)
    [result] = post(client, field, [item]).json["results"]
    assert result["result"] == "rejected" and "does not ask that" in result["reason"]
    fine = interview(field, questionnaire_version=version, share_words=None)
    assert post(client, field, [fine]).json["results"][0]["result"] == "stored"


def test_a_changed_answer_about_their_words_sent_again_is_a_conflict_and_the_first_stays(client, field, app):
    item = interview(field, share_words=True)
    post(client, field, [item])
    [result] = post(client, field, [dict(item, share_words=False)]).json["results"]
    assert result["result"] == "rejected" and "The first one is kept." in result["reason"]
    [result] = post(client, field, [dict(item, share_words=None)]).json["results"]
    assert result["result"] == "rejected"
    assert stored(app, item) == [{"share_words": 1, "consent": 1}]
    assert post(client, field, [item]).json["results"][0]["result"] == "already_stored"


def test_not_answered_sent_as_null_or_left_out_is_the_same_interview(client, field):
    item = interview(field, share_words=None)
    post(client, field, [item])
    left_out = {k: v for k, v in item.items() if k != "share_words"}
    assert post(client, field, [left_out]).json["results"][0]["result"] == "already_stored"


def test_an_interview_sent_before_the_question_existed_keeps_its_hash(app):
    import hashlib
    from peersurvey.collect.sync import content_hash
    item = {"id": "x", "consent": True, "answers": []}
    before = hashlib.sha256(b'{"answers":[],"consent":true,"id":"x"}').hexdigest()
    assert content_hash(item) == content_hash(dict(item, share_words=None)) == before
    assert content_hash(dict(item, share_words=True)) != content_hash(item)


def test_most_demo_participants_said_their_words_can_go_on_posters_and_some_said_no(runner, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    db = connect(app.config["DATABASE"])
    try:
        counts = dict(db.execute("select coalesce(share_words, -1), count(*) from interviews "
                                 "where demo = 1 group by 1").fetchall())
        refused = db.execute("select count(*) from interviews where consent = 0 and share_words is not null").fetchone()[0]
    finally:
        db.close()
    assert counts[1] > 3 * counts[0] > 0, counts
    assert refused == 0

"""Hypothesis throws malformed and hostile payloads at /api/v1/sync: never a 500, and never
a partial interview (every stored interview has exactly the answers it was sent with)."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peersurvey.db import connect

from .conftest import interview

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)
ANSWER_KEYS = ["id", "question", "status", "value", "answered_at"]
INTERVIEW_KEYS = ["id", "questionnaire_version", "interviewer", "participant_code", "language",
                  "started_at", "finished_at", "consent", "answers"]


def mutate(base, keys):
    """Replace, drop or add one field of `base`."""
    return st.one_of(
        st.builds(lambda k, v: {**base, k: v}, st.sampled_from(keys), json_values),
        st.builds(lambda k: {x: y for x, y in base.items() if x != k}, st.sampled_from(keys)),
        st.builds(lambda k, v: {**base, k: v}, st.text(max_size=8), json_values),
    )


def hostile_interviews(field):
    good = interview(field)

    def with_bad_answer(answer):
        return {**good, "answers": good["answers"][:3] + [answer]}
    return st.lists(st.one_of(
        mutate(good, INTERVIEW_KEYS),
        mutate(good["answers"][0], ANSWER_KEYS).map(with_bad_answer),
        json_values,
        st.just(good),
    ), max_size=5)


def check_whole(app, sent):
    db = connect(app.config["DATABASE"])
    try:
        by_id = {item["id"]: item for item in sent if isinstance(item, dict) and isinstance(item.get("id"), str)}
        for row in db.query("select id from interviews"):
            stored = {a["id"] for a in db.query("select id from answers where interview_id = ?", [row["id"]])}
            original = by_id.get(row["id"])
            if original is not None:
                assert stored == {a["id"] for a in original["answers"]}, "a partial interview was stored"
    finally:
        db.close()


def test_hostile_payloads_never_cause_a_500_or_a_partial_interview(client, field, app):
    seen = []

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(payload=st.one_of(
        hostile_interviews(field).map(lambda items: {"interviews": items}),
        json_values,
        st.dictionaries(st.text(max_size=12), json_values, max_size=3)))
    def run(payload):
        response = client.post("/api/v1/sync", data=json.dumps(payload), headers=field["headers"],
                               content_type="application/json")
        assert response.status_code in (200, 400), response.status_code
        assert response.is_json
        if response.status_code == 200:
            results = response.json["results"]
            assert len(results) == len(payload["interviews"])
            assert all(r["result"] in ("stored", "already_stored", "rejected") for r in results)
            assert all(r["reason"] for r in results if r["result"] == "rejected")
            seen.extend(item for item, r in zip(payload["interviews"], results) if r["result"] == "stored")
    run()
    check_whole(app, seen)

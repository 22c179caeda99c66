"""A project with a published questionnaire of every kind, a tablet, and an interview
builder that makes sync payloads the way the tablet app does."""
import json
import uuid
from pathlib import Path

import pytest

import peersurvey.prepare as prepare
from peersurvey.prepare import questionnaires

DEMO = json.loads((Path(prepare.__file__).parent / "demo_questionnaire.json").read_text())


@pytest.fixture
def field(make, app):
    lead = make.lead()
    project = make.project(lead, "Better Lives")
    interviewer = make.member(project, "Dewi", ("interviewer",))
    coder = make.member(project, "Sam", ("coder",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    return dict(lead=lead, project=project, interviewer=interviewer, coder=coder, tablet=tablet,
                questionnaire=qid, version=version,
                headers={"Authorization": f"Bearer {tablet['token']}"})


def answer(question, value, status="answered"):
    return {"id": str(uuid.uuid4()), "question": question, "status": status,
            "value": value if status == "answered" else None,
            "answered_at": "2026-11-25T10:05:00+00:00"}


def interview(field, answers=None, **changes):
    item = {"id": str(uuid.uuid4()), "questionnaire_version": field["version"],
            "interviewer": field["interviewer"]["id"], "participant_code": "K7P4QX",
            "language": "cy", "started_at": "2026-11-25T10:00:00+00:00",
            "finished_at": "2026-11-25T10:20:00+00:00", "consent": True,
            "answers": answers if answers is not None else every_kind()}
    item.update(changes)
    return item


def every_kind():
    """One fair answer to a question of each kind in the demo questionnaire."""
    return [
        answer("age", 34), answer("town", "Pont-y-pŵl"), answer("my_choices", "yes"),
        answer("money_who", "family"), answer("money_feel", "unhappy"),
        answer("money_not_good", "I never have money for a cup of tea."),
        answer("go_out_with", ["friends", "partner"]),
        answer("dreams", [{"option": "cinema", "text": "With my sister"}, {"option": "swimming", "text": ""}]),
        answer("has_job", None, "dont_know"), answer("safe_out", None, "skipped"),
    ]


def post(client, field, interviews, **kwargs):
    return client.post("/api/v1/sync", json={"interviews": interviews}, headers=field["headers"], **kwargs)

"""A project with the demo questionnaire published and a few interviews stored, a lead,
two coders who sign in on the project's tablet, and helpers to sign them in."""
import json

import pytest

from peersurvey.collect import sync
from peersurvey.db import get_db
from peersurvey.prepare import questionnaires
from tests.collect.conftest import DEMO, answer, interview

TEXTS = ["I never have money for a cup of tea.", "My support worker shops for me.",
         "I want to go out with my friends more.", "The bus does not come in the evening.",
         "I would like a paid job in a café."]


@pytest.fixture
def coding(make, app):
    return build_coding_world(make)


def build_coding_world(make, name="Better Lives", lead=None):
    app = make.app
    lead = lead or make.lead()
    project = make.project(lead, name)
    interviewer = make.member(project, "Dewi", ("interviewer",))
    coders = [make.member(project, "Sam", ("coder",), pin="1357"),
              make.member(project, "Ffion", ("coder",), pin="2468")]
    tablet = make.tablet(project, lead)
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with app.test_request_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
        field = dict(version=version, interviewer=interviewer)
        items = [interview(field, [answer("money_not_good", text), answer("money_feel", "unhappy")],
                           participant_code=f"CODE{n:02d}", started_at=f"2026-11-2{n}T10:00:00+00:00")
                 for n, text in enumerate(TEXTS)]
        assert all(r["result"] == "stored" for r in sync.ingest(project, items))
        db = get_db()
        # The first three agreed their words could be shared; the rest did not.
        for n, item in enumerate(items):
            db.execute("update interviews set share_words = ?, site = ? where id = ?",
                       [1 if n < 3 else 0, "Torfaen" if n % 2 else "Newport", item["id"]])
        db.conn.commit()
        answers = [row[0] for row in db.execute(
            """select a.id from answers a join interviews i on i.id = a.interview_id
               where a.question = 'money_not_good' and i.project_id = ? order by i.started_at""", [project])]
    return dict(lead=lead, project=project, coders=coders, tablet=tablet, questionnaire=qid,
                answers=answers, interviews=items)

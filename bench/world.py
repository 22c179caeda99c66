"""The project the benchmarks fill: a lead, a tablet and the demo questionnaire, published,
with themes, made through the same Maker the tests use."""
import json

from peersurvey.prepare import questionnaires
from tests.collect.conftest import DEMO


def published_project(server, themes):
    """themes: [(English, Welsh), ...]. A dict of what was made."""
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Bench")
    tablet = make.tablet(project, lead)
    questionnaire = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.test_request_context():
        questionnaires.publish(questionnaires.draft(questionnaire), lead["id"])
        version = questionnaires.latest_published(questionnaire)["id"]
    theme_ids = [make.theme(project, lead, {"en": en, "cy": cy}) for en, cy in themes]
    return {"lead": lead, "project": project, "tablet": tablet, "questionnaire": questionnaire,
            "version": version, "themes": theme_ids}

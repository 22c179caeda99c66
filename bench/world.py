"""The project the benchmarks fill: a lead, a tablet and the demo questionnaire, published,
with themes, made through the same Maker the tests use."""
import json
import re
import uuid
from pathlib import Path

from peersurvey.prepare import document as doc
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


# --- What tablets send ------------------------------------------------------------------------

ANSWERS = 20          # answers in one benchmark interview
STATIC = Path(__file__).resolve().parent.parent / "peersurvey" / "static"


def tablet_batch():
    """How many interviews the tablet sends in one sync, read from the tablet's own code so
    the benchmarks cannot drift from it."""
    found = re.search(r"^var BATCH = (\d+);", (STATIC / "collect" / "sync.js").read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError("static/collect/sync.js no longer says `var BATCH = <n>;`: update bench/world.py")
    return int(found.group(1))


def answers_questionnaire(make, project, lead):
    """A published questionnaire of ANSWERS questions, yes/no and free text in turn; its
    version id. The free-text keys are q1, q3, ..."""
    with make.app.test_request_context():
        document = doc.new_document({"en": "Bench", "cy": "Mainc"})
        for n in range(ANSWERS):
            question = doc.new_question("free_text" if n % 2 else "yes_no", f"q{n}")
            question["text"] = {"en": f"Question {n}?", "cy": f"Cwestiwn {n}?"}
            question["picture"] = "openmoji:1F4B0"
            document["questions"].append(question)
        qid = questionnaires.create(project, document["title"], lead["id"], document)
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        return qid, questionnaires.latest_published(qid)["id"]


FREE_TEXT_KEYS = [f"q{n}" for n in range(ANSWERS) if n % 2]


def sent_interview(version, interviewer, participant_code="K7P4QX", words="A few words about what matters to me."):
    """One finished interview as the tablet sends it, with new ids."""
    answers = [{"id": str(uuid.uuid4()), "question": f"q{n}", "status": "answered",
                "value": words if n % 2 else "yes",
                "answered_at": "2026-11-25T10:05:00+00:00"} for n in range(ANSWERS)]
    return {"id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": interviewer,
            "participant_code": participant_code, "language": "en", "started_at": "2026-11-25T10:00:00+00:00",
            "finished_at": "2026-11-25T10:20:00+00:00", "consent": True, "answers": answers}

"""About 120 finished demo interviews for the demo project, so coding and charts can be
tried at once. They go through the same checks as a real sync and are marked demo = 1.
The words are made up, in the spirit of the Better Lives research. Each has a site (the
Gwent areas of Better Lives, Torfaen most) and, when the questionnaire asks, most people
said their words could go on posters."""
import json
import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..db import get_db
from ..prepare.document import asks_to_share
from ..questions import kind_of
from . import sync

BANK = json.loads((Path(__file__).with_name("demo_interviews.json")).read_text(encoding="utf-8"))
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SITES = {"Torfaen": 4, "Blaenau Gwent": 2, "Caerphilly": 2, "Newport": 2, "Monmouthshire": 1}
SHARE_YES = 0.85


def make(project_id, version_id, document, interviewer_ids, count=120, seed=2026):
    rng = random.Random(seed)
    # Sites and sharing from their own sequence, so the answers stay as they always were.
    more = random.Random(seed + 1)
    asks = asks_to_share(document)
    start = datetime(2026, 9, 1, 10, 0, tzinfo=timezone.utc)
    interviews, sites = [], []
    for n in range(count):
        started = start + timedelta(days=rng.randint(0, 80), minutes=rng.randint(0, 480))
        language = "cy" if rng.random() < 0.3 else "en"
        consent = rng.random() > 0.04
        answers = _answers(rng, document, language, started) if consent else []
        interviews.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "questionnaire_version": version_id, "interviewer": rng.choice(interviewer_ids),
            "participant_code": "".join(rng.choice(ALPHABET) for _ in range(6)),
            "language": language, "started_at": started.isoformat(),
            "finished_at": (started + timedelta(minutes=rng.randint(8, 35))).isoformat(),
            "consent": consent, "answers": answers})
        if asks:
            interviews[-1]["share_words"] = more.random() < SHARE_YES if consent else None
        sites.append(more.choices(list(SITES), weights=list(SITES.values()))[0])
    results = sync.ingest(project_id, interviews)
    stored = [(i["id"], site) for i, site, r in zip(interviews, sites, results) if r["result"] == "stored"]
    for interview_id, site in stored:
        get_db().execute("update interviews set demo = 1, site = ? where id = ?", [site, interview_id])
    return len(stored)


def _answers(rng, document, language, started):
    given = {}
    answers = []
    for question in document["questions"]:
        condition = question.get("condition")
        if condition and given.get(condition["question"]) not in condition["options"] \
                and not set(given.get(condition["question"]) or []) & set(condition["options"]):
            continue
        roll = rng.random()
        status = "skipped" if roll < 0.04 else "dont_know" if roll < 0.08 else "answered"
        value = _value(rng, question, language) if status == "answered" else None
        if status == "answered":
            given[question["key"]] = value
        answers.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "question": question["key"], "status": status, "value": value,
                        "answered_at": (started + timedelta(minutes=len(answers))).isoformat()})
    return answers


def _value(rng, question, language):
    return kind_of(question).demo_answer(rng, question, language, BANK)

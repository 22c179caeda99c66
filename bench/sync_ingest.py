"""How fast interviews are stored through the real server, against the floor of a plain
sqlite3 executemany of the same rows into the same schema, in the same run.

    .venv/bin/python bench/sync_ingest.py [rounds]

Prints answers per second at batches of 1 and of 50 interviews (20 answers each), the
ratio to the bare insert, and the gzip size of the interview app shell and of one
questionnaire bundle with its pictures.
"""
import gzip
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from peersurvey.prepare import document as doc  # noqa: E402
from peersurvey.prepare import questionnaires  # noqa: E402
from bench.loopback import request  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402

ANSWERS = 20


def setup(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Bench")
    interviewer = make.member(project, "Dewi", ("interviewer",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)     # a tablet sends only for people who signed in on it
    with make.app.test_request_context():
        document = doc.new_document({"en": "Bench", "cy": "Mainc"})
        for n in range(ANSWERS):
            question = doc.new_question("free_text" if n % 2 else "yes_no", f"q{n}")
            question["text"] = {"en": f"Question {n}?", "cy": f"Cwestiwn {n}?"}
            question["picture"] = "openmoji:1F4B0"
            document["questions"].append(question)
        qid = questionnaires.create(project, document["title"], lead["id"], document)
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    return tablet["token"], version, interviewer["id"]


def interview(version, interviewer):
    answers = [{"id": str(uuid.uuid4()), "question": f"q{n}", "status": "answered",
                "value": "A few words about what matters to me." if n % 2 else "yes",
                "answered_at": "2026-11-25T10:05:00+00:00"} for n in range(ANSWERS)]
    return {"id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": interviewer,
            "participant_code": "K7P4QX", "language": "en", "started_at": "2026-11-25T10:00:00+00:00",
            "finished_at": "2026-11-25T10:20:00+00:00", "consent": True, "answers": answers}


def post(port, token, body):
    answer = request(port, "POST", "/api/v1/sync", body,
                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    data = json.loads(answer.body)
    assert all(r["result"] == "stored" for r in data["results"]), data


def through_server(server, token, version, interviewer, batch, rounds):
    rates = []
    for _ in range(rounds):
        body = json.dumps({"interviews": [interview(version, interviewer) for _ in range(batch)]})
        start = time.perf_counter()
        post(server.port, token, body)
        rates.append(batch * ANSWERS / (time.perf_counter() - start))
    return statistics.median(rates)


def bare_sqlite(database, version, interviewer, batch, rounds):
    """The same rows, inserted with executemany into a copy of the same schema."""
    schema = [row[0] for row in sqlite3.connect(database).execute(
        "select sql from sqlite_master where tbl_name in ('interviews', 'answers') and sql is not null "
        "order by type desc")]   # tables, then their indexes: the same work per row
    folder = tempfile.mkdtemp()
    conn = sqlite3.connect(f"{folder}/bare.db")
    conn.execute("pragma journal_mode = wal")
    for statement in schema:
        conn.execute(re.sub(r"REFERENCES \[\w+\]\(\[\w+\]\)", "", statement))
    rates = []
    for _ in range(rounds):
        items = [interview(version, interviewer) for _ in range(batch)]
        start = time.perf_counter()
        with conn:
            conn.executemany(
                "insert into interviews (id, project_id, questionnaire_version_id, interviewer_id, "
                "participant_code, language, consent, started_at, finished_at, received_at, content_hash) "
                "values (?, 1, ?, ?, ?, ?, 1, ?, ?, ?, 'x')",
                [(i["id"], version, interviewer, i["participant_code"], i["language"], i["started_at"],
                  i["finished_at"], i["finished_at"]) for i in items])
            conn.executemany(
                "insert into answers (id, interview_id, question, status, value, answered_at) values (?, ?, ?, ?, ?, ?)",
                [(a["id"], i["id"], a["question"], a["status"], json.dumps(a["value"]), a["answered_at"])
                 for i in items for a in i["answers"]])
        rates.append(batch * ANSWERS / (time.perf_counter() - start))
    return statistics.median(rates)


def gzip_bytes(server, paths, token=None):
    answers = [request(server.port, "GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
               for path in paths]
    return sum(len(gzip.compress(a.body)) for a in answers if a.status == 200)


def shell_paths():
    static = Path(__file__).resolve().parent.parent / "peersurvey" / "static"
    scripts = sorted(f"/static/collect/{p.name}" for p in (static / "collect").glob("*.js") if p.name != "sw.js")
    return ["/tablet/interview/", "/tablet/interview/messages.json", "/tablet/interview/sw.js",
            "/static/easyread/easyread.css", "/static/easyread/interview.css", *scripts]


def main(rounds):
    server = LiveServer(Path(tempfile.mkdtemp(prefix="peersurvey-bench-")))
    try:
        token, version, interviewer = setup(server)
        print(f"answers per second, median of {rounds} rounds, {ANSWERS} answers per interview")
        for batch in (1, 50):
            served = through_server(server, token, version, interviewer, batch, rounds)
            bare = bare_sqlite(server.database, version, interviewer, batch, rounds)
            print(f"  batch of {batch:>2}: through /api/v1/sync {served:9.0f}/s   "
                  f"bare sqlite3 executemany {bare:9.0f}/s   ratio {served / bare:.3f}")
        bundle_path = f"/api/v1/bundle/{version}"
        bundle = request(server.port, "GET", bundle_path, headers={"Authorization": f"Bearer {token}"})
        files = json.loads(bundle.body)["files"].values()
        print(f"interview app shell, gzip: {gzip_bytes(server, shell_paths()) / 1024:.1f} KiB")
        print(f"one questionnaire bundle with its pictures, gzip: "
              f"{gzip_bytes(server, [bundle_path, *files], token) / 1024:.1f} KiB")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

"""How fast a lead's list of interviews answers when a project holds 100,000 of them (the
first page, a filtered page, the last page) and one interview's page, through the real
server. Prints figures; asserts nothing.

    make bench      or      .venv/bin/python bench/read_interviews.py [interviews] [requests per page]
"""
import json
import random
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from bench.pages import keep_cookies, sign_in  # noqa: E402
from bench.report import figures  # noqa: E402
from peersurvey.db import get_db  # noqa: E402
from peersurvey.prepare import questionnaires  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.collect.conftest import DEMO  # noqa: E402


def main(count, n):
    server = LiveServer(Path(tempfile.mkdtemp(prefix="peersurvey-bench-")))
    try:
        make = server.make
        lead = make.lead()
        project = make.project(lead, "Bench")
        people = [make.member(project, f"Person {i}", ("interviewer",)) for i in range(20)]
        qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
        rng = random.Random(1)
        with make.app.test_request_context():
            questionnaires.publish(questionnaires.draft(qid), lead["id"])
            version = questionnaires.latest_published(qid)["id"]
            db = get_db()
            rows = [{"id": str(uuid.uuid4()), "project_id": project, "questionnaire_version_id": version,
                     "interviewer_id": rng.choice(people)["id"], "participant_code": "K7P4QX",
                     "language": rng.choice(["en", "cy"]), "consent": 1, "site": rng.choice(["Cardiff", "Newport"]),
                     "started_at": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00",
                     "finished_at": "2026-01-01T10:20:00+00:00", "received_at": "2026-01-01T11:00:00+00:00",
                     "content_hash": "bench", "demo": 0} for _ in range(count)]
            db["interviews"].insert_all(rows, batch_size=5000)
            db["answers"].insert_all(({"id": str(uuid.uuid4()), "interview_id": row["id"], "question": "money_who",
                                       "status": "answered", "value": '"family"', "answered_at": row["started_at"]}
                                      for row in rows), batch_size=5000)
        lead_screen = {"cookie": sign_in(server.port, lead)}
        base = f"/projects/{project}/interviews"
        cases = [("list, first page", f"{base}/list"),
                 ("list, one interviewer and a month", f"{base}/list?interviewer={people[3]['id']}"
                  "&start=2026-05-01&end=2026-05-31"),
                 ("list, last page", f"{base}/list?page={count // 50}"),
                 ("one interview", f"{base}/{rows[0]['id']}")]
        # Warm: each page is asked once, not counted, then n times in a row, so the database's
        # pages are in memory (the OS cache and SQLite's) for every timed one.
        print(f"{count} interviews; {n} requests each, one at a time, through waitress on loopback; "
              "warm (after one not counted)")
        for label, path in cases:
            times = []
            for n_ in range(1 + n):
                answer = request(server.port, "GET", path, headers={"Cookie": lead_screen["cookie"]})
                assert answer.status == 200, (label, answer.status)
                keep_cookies(lead_screen, answer.set_cookie)
                if n_:
                    times.append(answer.seconds)
            figures(label, times, width=34)
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 20)

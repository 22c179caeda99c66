"""How fast a lead's list of interviews answers when a project holds 100,000 of them (the
first page, a filtered page, the last page) and one interview's page, through the real
server. Prints figures; asserts nothing.

    make bench      or      .venv/bin/python bench/read_interviews.py [interviews] [requests per page]
"""
import json
import random
import re
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from peersurvey.db import get_db  # noqa: E402
from peersurvey.prepare import questionnaires  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.collect.conftest import DEMO  # noqa: E402


def sign_in(port, lead):
    """The session cookie of a lead's sign-in: the answer also sets the 'known browser'
    cookie, sometimes first."""
    page = request(port, "GET", "/signin")
    cookie = page.set_cookie.split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.body).group(1).decode()
    answer = request(port, "POST", "/signin",
                     urlencode({"email": lead["email"], "password": lead["password"], "csrf_token": token}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    return re.search(r"(?:^|, )(session=[^;]+)", answer.set_cookie).group(1)


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
        cookie = sign_in(server.port, lead)
        base = f"/projects/{project}/interviews"
        cases = [("list, first page", f"{base}/list"),
                 ("list, one interviewer and a month", f"{base}/list?interviewer={people[3]['id']}"
                  "&start=2026-05-01&end=2026-05-31"),
                 ("list, last page", f"{base}/list?page={count // 50}"),
                 ("one interview", f"{base}/{rows[0]['id']}")]
        # Warm: each page is asked n times in a row, so after the first the database's pages
        # are in memory (the OS cache and SQLite's); the first, cold, is in the figures too.
        print(f"{count} interviews; {n} requests each, one at a time, through waitress on loopback; "
              "warm cache (each page asked again and again)")
        for label, path in cases:
            times = []
            for _ in range(n):
                answer = request(server.port, "GET", path, headers={"Cookie": cookie})
                assert answer.status == 200, (label, answer.status)
                times.append(answer.seconds * 1000)
            times.sort()
            print(f"  {label:<34} median {statistics.median(times):6.1f} ms   "
                  f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 20)

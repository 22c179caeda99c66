"""200 tablets sending at once for a minute, through the real server (`peersurvey serve`
with its production defaults, printed below): does every sync get an answer, is anything
lost or stored twice, and how long does a sync take?

    .venv/bin/python bench/tablets.py [--tablets 200] [--seconds 60]

Each tablet is a registered device. Its interviewer first signs in on it with their PIN,
through the real page (so sign-ins meet the first syncs, as on a busy morning); then it
sends its outbox as the tablet app does (static/collect/sync.js): batches of 20 interviews,
one batch at a time, the next as soon as the last is answered. A 503 ("very busy"), a 500
or a dropped connection is sent again with the same ids, at once: harsher than the app,
which waits for Retry-After. At the end the database is read: every interview a tablet was
told was stored must be there with all its answers ("lost"), and no interview may hold more
answers than it was sent with ("doubled"; ids are keys, so this checks nothing got round them).
The client runs in this process (threads), on the same machine as the server: with 2 cores
the figures are for both together, a lower bound on what the server alone does.
"""
import argparse
import json
import random
import sqlite3
import statistics
import string
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from bench.report import p95  # noqa: E402
from peersurvey import config  # noqa: E402
from peersurvey.people import devices as tablet_devices  # noqa: E402
from peersurvey.prepare import questionnaires  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.collect.conftest import DEMO, interview  # noqa: E402
from tests.together import Visitor  # noqa: E402

BATCH = 20          # as static/collect/sync.js sends
SHOWN = ("THREADS", "CONNECTIONS", "IDLE_CONNECTION_SECONDS", "BUSY_SECONDS")


def setup(server, tablets):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Two hundred tablets")
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    return project, [(make.tablet(project, lead, f"Tablet {n}"),
                      make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580"), version)
                     for n in range(tablets)]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()      # of syncs
        self.sign_ins = Counter()
        self.seconds = []
        self.sent = {}                 # interview id: how many answers it was sent with
        self.acknowledged = set()      # ids the server said were stored: the tablet deleted them

    def add(self, status, seconds, batch=None, results=None):
        with self.lock:
            self.statuses[status] += 1
            if batch:
                self.sent.update((item["id"], len(item["answers"])) for item in batch)
            if status == 200:
                self.seconds.append(seconds)
                self.acknowledged.update(r["id"] for r in results
                                         if r["result"] in ("stored", "already_stored"))


def code():
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=6))


def sign_in(port, tablet, person, until, tally):
    """The interviewer signs in with their PIN on the tablet's page, again if the server was busy."""
    visitor = Visitor(port)
    visitor.cookies[tablet_devices.COOKIE] = tablet["token"]
    while time.monotonic() < until:
        try:
            status = visitor.submit(f"/tablet/people/{person['id']}", pin=person["pin"])[0]
        except (OSError, AssertionError):      # dropped, or the PIN page itself was busy
            status = "connection dropped or busy page"
        with tally.lock:
            tally.sign_ins[status] += 1
        if status == 302:
            return True
    return False


def tablet(port, device, person, version, until, tally):
    if not sign_in(port, device, person, until, tally):
        return
    headers = {"Authorization": f"Bearer {device['token']}", "Content-Type": "application/json"}
    field = {"version": version, "interviewer": person}
    batch = None
    while time.monotonic() < until:
        batch = batch or [interview(field, participant_code=code()) for _ in range(BATCH)]
        body = json.dumps({"interviews": batch})
        start = time.perf_counter()
        try:
            answer = request(port, "POST", "/api/v1/sync", body, headers)
        except OSError:
            tally.add("connection dropped", time.perf_counter() - start, batch)
            continue                     # sent again, same ids
        if answer.status == 200:
            tally.add(200, answer.seconds, batch, json.loads(answer.body)["results"])
            batch = None                 # the outbox is empty: the next interviews
        else:
            tally.add(answer.status, answer.seconds, batch)


def check(database, project, tally):
    conn = sqlite3.connect(database)
    try:
        stored = dict(conn.execute(
            """select i.id, count(a.id) from interviews i left join answers a on a.interview_id = i.id
               where i.project_id = ? group by i.id""", [project]).fetchall())
        answers = conn.execute("""select count(*) from answers a join interviews i on i.id = a.interview_id
                                  where i.project_id = ?""", [project]).fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    lost = sum(1 for id_ in tally.acknowledged if stored.get(id_, 0) < tally.sent[id_])
    doubled = sum(1 for id_, count in stored.items() if count > tally.sent.get(id_, 0))
    expected = sum(tally.sent.get(id_, 0) for id_ in stored)
    return dict(interviews=len(stored), lost=lost, doubled=doubled, answers=answers,
                answers_expected=expected, integrity=integrity,
                unacknowledged=len(set(stored) - tally.acknowledged))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60, help="How long the tablets send (default 60).")
    args = parser.parse_args()
    settings = config.from_environment()
    print("peersurvey serve with its settings: "
          + " ".join(f"{key}={settings[key]}" for key in SHOWN) + "; SQLite in WAL mode")
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder))
        try:
            project, tablets = setup(server, args.tablets)
            tally = Tally()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=tablet, args=(server.port, *one, until, tally)) for one in tablets]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            found = check(server.database, project, tally)
        finally:
            server.stop()
    syncs = sum(tally.statuses.values())
    errors = sum(c for s, c in tally.statuses.items() if isinstance(s, int) and s >= 500 and s != 503)
    print(f"{args.tablets} tablets for {elapsed:.0f} s, batches of {BATCH} (a new database)")
    print(f"  sign-ins                           {dict(tally.sign_ins)}")
    print(f"  syncs sent                         {syncs:8d}")
    for status, count in sorted(tally.statuses.items(), key=str):
        print(f"    answered {status!s:<25} {count:8d}")
    print(f"  syncs answered 503 (busy)          {tally.statuses[503]:8d}")
    print(f"  syncs answered 500 or other 5xx    {errors:8d}")
    print(f"  interviews stored                  {found['interviews']:8d}   "
          f"({found['interviews'] / elapsed:.0f} per second)")
    print(f"  lost (told stored, not all there)  {found['lost']:8d}")
    print(f"  doubled (more answers than sent)   {found['doubled']:8d}   "
          f"(answers stored {found['answers']}, sent with those interviews {found['answers_expected']})")
    print(f"  stored, answer not heard by tablet {found['unacknowledged']:8d}   (sent again: 'already stored')")
    print(f"  PRAGMA integrity_check             {found['integrity']}")
    if tally.seconds:
        ms = [s * 1000 for s in tally.seconds]
        print(f"  one sync of {BATCH}: median {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms, "
              f"slowest {max(ms):.0f} ms")


if __name__ == "__main__":
    main()

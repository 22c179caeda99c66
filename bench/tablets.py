"""200 tablets sending at once for a minute, through the real server (`peersurvey serve`
with its production defaults, printed below): does every sync get an answer, is anything
lost or stored twice, and how long does a sync take?

    .venv/bin/python bench/tablets.py [--tablets 200] [--seconds 60]

Each tablet is a registered device whose interviewer signed in on it. It sends its outbox
as the tablet app does (static/collect/sync.js): batches of 20 interviews, one batch at a
time, the next as soon as the last is answered. A 503 ("very busy") or a dropped connection
is sent again with the same ids, as the app does; a 500 is counted and sent again too.
At the end the database is read: every interview a tablet was told was stored must be
there once with all its answers ("lost" and "doubled" count those that are not).
The client runs in this process (threads), on the same machine as the server: with 2 cores
the figures are for both together, a lower bound on what the server alone does.
"""
import argparse
import json
import sqlite3
import statistics
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
from peersurvey.prepare import questionnaires  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.collect.conftest import DEMO, interview  # noqa: E402

BATCH = 20          # as static/collect/sync.js sends


def setup(server, tablets):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Two hundred tablets")
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.app_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    devices = []
    for n in range(tablets):
        person = make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580")
        tablet = make.tablet(project, lead, f"Tablet {n}")
        make.signed_in_on(tablet, person)
        devices.append((tablet["token"], {"version": version, "interviewer": person}))
    return project, devices


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.seconds = []
        self.acknowledged = {}        # interview id: how many answers it was sent with

    def add(self, status, seconds, batch=None, results=None):
        with self.lock:
            self.statuses[status] += 1
            if status == 200:
                self.seconds.append(seconds)
                for item, result in zip(batch, results):
                    if result["result"] in ("stored", "already_stored"):
                        self.acknowledged[item["id"]] = len(item["answers"])


def tablet(port, token, field, until, tally):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    batch = None
    while time.monotonic() < until:
        batch = batch or [interview(field) for _ in range(BATCH)]
        body = json.dumps({"interviews": batch})
        start = time.perf_counter()
        try:
            answer = request(port, "POST", "/api/v1/sync", body, headers)
        except OSError:
            tally.add("connection dropped", time.perf_counter() - start)
            continue                     # sent again, same ids
        if answer.status == 200:
            tally.add(200, answer.seconds, batch, json.loads(answer.body)["results"])
            batch = None                 # the outbox is empty: make the next batch
        else:
            tally.add(answer.status, answer.seconds)


def check(database, project, tally):
    conn = sqlite3.connect(database)
    try:
        stored = dict(conn.execute(
            """select i.id, count(a.id) from interviews i left join answers a on a.interview_id = i.id
               where i.project_id = ? group by i.id""", [project]).fetchall())
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    # Lost: a tablet was told "stored" (and deleted it), but it is not there with all its
    # answers. Doubled: more answers than were sent (ids are keys, so an interview itself
    # cannot be stored twice; this checks that nothing got round that).
    lost = sum(1 for id_, answers in tally.acknowledged.items() if stored.get(id_, 0) < answers)
    doubled = sum(1 for id_, answers in stored.items() if answers > tally.acknowledged.get(id_, answers))
    return len(stored), lost, doubled, integrity


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    settings = config.from_environment()
    print(f"peersurvey serve with its defaults: THREADS={settings['THREADS']} "
          f"CONNECTIONS={settings['CONNECTIONS']} BUSY_SECONDS={settings['BUSY_SECONDS']} "
          f"IDLE_CONNECTION_SECONDS={settings['IDLE_CONNECTION_SECONDS']}; SQLite in WAL mode")
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder))
        try:
            project, devices = setup(server, args.tablets)
            tally = Tally()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=tablet, args=(server.port, token, field, until, tally))
                       for token, field in devices]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            interviews, lost, doubled, integrity = check(server.database, project, tally)
        finally:
            server.stop()
    syncs = sum(tally.statuses.values())
    print(f"{args.tablets} tablets for {elapsed:.0f} s, batches of {BATCH} (a cold start: a new database)")
    print(f"  syncs sent                 {syncs:8d}")
    for status, count in sorted(tally.statuses.items(), key=str):
        print(f"    answered {status!s:<17} {count:8d}")
    print(f"  answered 500 or more       {sum(c for s, c in tally.statuses.items() if isinstance(s, int) and s >= 500 and s != 503):8d}")
    print(f"  interviews stored          {interviews:8d}   ({interviews / elapsed:.0f} per second)")
    print(f"  lost (told stored, not all there)     {lost}")
    print(f"  doubled (more answers than were sent) {doubled}")
    print(f"  PRAGMA integrity_check     {integrity}")
    if tally.seconds:
        ms = [s * 1000 for s in tally.seconds]
        print(f"  one sync of {BATCH}: median {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms, "
              f"slowest {max(ms):.0f} ms")


if __name__ == "__main__":
    main()

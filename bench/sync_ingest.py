"""How fast interviews are stored through the real server, against the floor of a plain
sqlite3 executemany of the same rows into the same schema, in the same run.

    .venv/bin/python bench/sync_ingest.py [rounds]

Prints interviews per second (20 answers each) sent one at a time and in the tablet's own
batches (`BATCH` in static/collect/sync.js, read from there), the ratio to the bare insert,
and the size of the interview app shell (the files the service worker keeps: `shell` in
the config the server makes, /tablet/interview/config.js) and of one questionnaire bundle
with its pictures: as the tablet keeps them, and as they cross the network through Caddy
(`serve --hub` or `--domain`), which compresses the files under /static/ and nothing else
(gzip shown; zstd, which Caddy prefers where the browser takes it, is about the same).
Each round is a new batch into a database that already holds the
rounds before it; nothing is cached between rounds but SQLite's own pages.
"""
import gzip
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from bench.world import ANSWERS, answers_questionnaire, sent_interview, tablet_batch  # noqa: E402
from peersurvey.db import connect  # noqa: E402  (the app's own PRAGMAs, not copied)
from tests.browser.conftest import LiveServer  # noqa: E402


def setup(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Bench")
    interviewer = make.member(project, "Dewi", ("interviewer",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)     # a tablet sends only for people who signed in on it
    _qid, version = answers_questionnaire(make, project, lead)
    return tablet["token"], version, interviewer["id"]


def post(port, token, body):
    answer = request(port, "POST", "/api/v1/sync", body,
                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    data = json.loads(answer.body)
    assert all(r["result"] == "stored" for r in data["results"]), data


def through_server(server, token, version, interviewer, batch, rounds):
    rates = []
    for _ in range(rounds):
        body = json.dumps({"interviews": [sent_interview(version, interviewer) for _ in range(batch)]})
        start = time.perf_counter()
        post(server.port, token, body)
        rates.append(batch / (time.perf_counter() - start))
    return statistics.median(rates)


# A column's REFERENCES clause, as sqlite-utils writes it ("projects"("id")) or with brackets.
REFERENCES = re.compile(r'REFERENCES\s+(?:"\w+"|\[\w+\])\s*\((?:"\w+"|\[\w+\])\)')


def bare_sqlite(database, version, interviewer, batch, rounds):
    """The same rows, inserted with executemany into a copy of the same schema."""
    schema = [row[0] for row in sqlite3.connect(database).execute(
        "select sql from sqlite_master where tbl_name in ('interviews', 'answers') and sql is not null "
        "and type in ('table', 'index') order by type desc")]   # tables, then their indexes: the same
    # work per row; not the triggers (work_entries' suggestion per interview) nor the checks of
    # the rows they point to (the other tables are not there), which the bare floor leaves out
    folder = tempfile.mkdtemp()
    conn = connect(f"{folder}/bare.db").conn     # the app's own PRAGMAs (synchronous FULL)
    conn.execute("pragma journal_mode = wal")
    for statement in schema:
        conn.execute(REFERENCES.sub("", statement))
    rates = []
    for _ in range(rounds):
        items = [sent_interview(version, interviewer) for _ in range(batch)]
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
        rates.append(batch / (time.perf_counter() - start))
    return statistics.median(rates)


def sizes(server, paths, token=None):
    """The bytes as kept, and as Caddy sends them (files under /static/ gzipped), in KiB."""
    answers = [request(server.port, "GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
               for path in paths]
    missing = [path for path, a in zip(paths, answers) if a.status != 200]
    if missing:
        raise RuntimeError(f"not served: {missing}")
    sent = sum(len(gzip.compress(a.body)) if path.startswith("/static/") else len(a.body)
               for path, a in zip(paths, answers))
    return (f"{sum(len(a.body) for a in answers) / 1024:.1f} KiB as kept, "
            f"{sent / 1024:.1f} KiB as Caddy sends it")


def shell_paths(server):
    """What the tablet keeps: the service worker imports the config and caches `shell`."""
    script = request(server.port, "GET", "/tablet/interview/config.js").body.decode()
    found = re.search(r"self\.PS_CONFIG = (\{.*\});", script, re.DOTALL)
    return json.loads(found.group(1))["shell"]


def main(rounds):
    server = LiveServer(Path(tempfile.mkdtemp(prefix="peersurvey-bench-")))
    try:
        token, version, interviewer = setup(server)
        print(f"interviews per second, median of {rounds} rounds, {ANSWERS} answers per interview, "
              "one sync at a time; the bare floor has the same tables and indexes but not the "
              "triggers (kept counts, suggested work) nor the foreign-key checks, which the server "
              "runs on every row")
        for batch in (1, tablet_batch()):
            served = through_server(server, token, version, interviewer, batch, rounds)
            bare = bare_sqlite(server.database, version, interviewer, batch, rounds)
            print(f"  batch of {batch:>2}: through /api/v1/sync {served:9.0f}/s   "
                  f"bare sqlite3 executemany {bare:9.0f}/s   ratio {served / bare:.3f}")
        bundle_path = f"/api/v1/bundle/{version}"
        bundle = request(server.port, "GET", bundle_path, headers={"Authorization": f"Bearer {token}"})
        files = json.loads(bundle.body)["files"].values()
        shell = shell_paths(server)
        print(f"interview app shell as the service worker keeps it ({len(shell)} files): {sizes(server, shell)}")
        print(f"one questionnaire bundle with its pictures: {sizes(server, [bundle_path, *files], token)}")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

"""Backups against the real `peersurvey serve`: one made while 20 tablets send and a coding
session taps holds every interview acknowledged before it started and restores whole; the
server makes them on its schedule; Litestream's continuous copy restores to a second file
holding the same data."""
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from peersurvey.theme import sessions

from ..browser.conftest import LiveServer
from ..collect.conftest import interview
from ..test_under_load import published
from ..test_write_races import signed_in
from ..theme.conftest import build_coding_world
from ..together import at_once, request

TABLETS = 20
BATCH = 5
ROUNDS = 4
TAPS = 40


def peersurvey(server, *args):
    """The command line, as whoever runs the server types it, on the server's database."""
    env = {**os.environ, "PEERSURVEY_INSTANCE_PATH": str(server.folder / "instance"),
           "PEERSURVEY_DATABASE": server.database}
    return subprocess.run([sys.executable, "-m", "peersurvey", *args], env=env, capture_output=True, text=True)


def stored_ids(path):
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in db.execute("select id from interviews")}
    finally:
        db.close()


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path, env={"PEERSURVEY_BACKUP_HOURS": "0"})
    yield server
    server.stop()


def test_a_backup_while_tablets_send_and_a_group_codes_holds_every_interview_sent_before_it(server, tmp_path):
    make = server.make
    coding = build_coding_world(make, "Busy backup")
    project, lead = coding["project"], coding["lead"]
    version = published(make, lead, project)
    senders = []
    for n in range(TABLETS):
        person = make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580")
        tablet = make.tablet(project, lead, f"Tablet {n}")
        make.signed_in_on(tablet, person)
        senders.append((tablet, {"version": version, "interviewer": person}))
    with make.app.test_request_context():
        session_id = sessions.start(project, coding["questionnaire"], lead["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    theme = make.theme(project, lead, {"en": "Money"})
    screen = signed_in(server, lead)
    base = f"/projects/{project}/coding/sessions/{session_id}"
    tag_form = screen.form(base, f"{base}/tag")

    acknowledged, lock = [], threading.Lock()     # (when the answer came, interview ids)
    halfway = threading.Event()                   # the backup starts mid-stream, not by a clock
    backed_up = threading.Event()                 # and tablets keep sending until it is done

    def send(tablet, field):
        rounds = 0
        while rounds < ROUNDS or not backed_up.is_set():
            batch = [interview(field) for _ in range(BATCH)]
            rounds += 1
            status, _h, body = request(server.port, "POST", "/api/v1/sync", {"interviews": batch},
                                       {"Authorization": f"Bearer {tablet['token']}"}, timeout=120)
            assert status == 200 and all(r["result"] == "stored" for r in json.loads(body)["results"])
            with lock:
                acknowledged.append((time.monotonic(), {item["id"] for item in batch}))
                if len(acknowledged) >= TABLETS * ROUNDS // 3:
                    halfway.set()
        return "sent"

    def tap():
        for n in range(TAPS):
            answer = coding["answers"][n % len(coding["answers"])]
            status = screen.post(f"{base}/tag", tag_form, {"X-Live": "1"}, theme_id=theme, answer_id=answer,
                                 given="1" if n % 2 == 0 else "0")[0]
            assert status == 200, status
        return "tapped"

    def back_up():
        try:
            assert halfway.wait(120)
            started = time.monotonic()
            return started, peersurvey(server, "backup", "--to", str(tmp_path / "copies"))
        finally:
            backed_up.set()

    # A read transaction held open throughout, as Litestream holds one: the server cannot fold
    # the -wal log back into the file, so what it acknowledges is only in the log (a plain file
    # copy would miss it; the backup must read it through SQLite).
    holder = sqlite3.connect(server.database, isolation_level=None)
    holder.execute("BEGIN")
    holder.execute("select count(*) from interviews").fetchone()
    try:
        results = at_once([lambda t=t, f=f: send(t, f) for t, f in senders] + [tap, back_up])
    finally:
        holder.close()
    assert results[:-1] == ["sent"] * TABLETS + ["tapped"], results
    started, done = results[-1]
    assert done.returncode == 0, done.stderr
    before = set().union(*(ids for when, ids in acknowledged if when < started))
    assert before, "the backup started after some interviews were acknowledged"
    assert len(before) < len(set().union(*(ids for _when, ids in acknowledged))), "and before the last ones"
    copy, = (tmp_path / "copies").glob("peersurvey-*.db")

    # Restored, as a charity would after a lost laptop: into a new database file.
    restored = tmp_path / "restored.db"
    env = {**os.environ, "PEERSURVEY_INSTANCE_PATH": str(tmp_path / "elsewhere"), "PEERSURVEY_DATABASE": str(restored)}
    put_back = subprocess.run([sys.executable, "-m", "peersurvey", "restore", str(copy)], env=env,
                              capture_output=True, text=True)
    assert put_back.returncode == 0, put_back.stderr
    assert stored_ids(restored) >= before, "an interview acknowledged before the backup is missing"


def test_a_running_server_will_not_have_its_database_replaced_unless_forced(server, tmp_path):
    made = peersurvey(server, "backup", "--to", str(tmp_path / "copies"))
    assert made.returncode == 0, made.stderr
    copy, = (tmp_path / "copies").glob("peersurvey-*.db")
    refused = peersurvey(server, "restore", str(copy))
    assert refused.returncode != 0 and "peersurvey is running with this database" in refused.stderr
    server.stop()
    assert peersurvey(server, "restore", str(copy)).returncode == 0, "a stopped server's database may be restored"


def test_the_server_backs_up_on_its_schedule_and_keeps_the_newest(tmp_path):
    folder = tmp_path / "scheduled"
    folder.mkdir(mode=0o700)
    old = [folder / f"peersurvey-2026-11-0{day}T090000Z.db" for day in range(1, 6)]
    for path in old:
        path.write_bytes(b"")
    server = LiveServer(tmp_path, env={"PEERSURVEY_BACKUP_HOURS": "6", "PEERSURVEY_BACKUP_DIR": str(folder),
                                       "PEERSURVEY_BACKUP_KEEP": "2"})
    try:
        deadline = time.monotonic() + 30       # polled: the schedule's first backup is due at once
        while set(folder.glob("peersurvey-*.db")) != {old[-1]} | fresh(folder, old) \
                or len(fresh(folder, old)) != 1:
            assert time.monotonic() < deadline, sorted(p.name for p in folder.iterdir())
            time.sleep(0.1)
        made, = fresh(folder, old)
        assert stored_ids(made) == set()
    finally:
        server.stop()


def test_litestream_keeps_a_continuous_copy_that_restores_to_the_same_data(server, tmp_path):
    litestream = Path(sys.executable).parent / "litestream"
    config = tmp_path / "litestream.yml"
    config.write_text(f"dbs:\n  - path: {server.database}\n    replica:\n      type: file\n"
                      f"      path: {tmp_path / 'replica'}\n")
    replicating = subprocess.Popen([str(litestream), "replicate", "-config", str(config)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        make = server.make
        lead = make.lead()
        projects = {make.project(lead, f"Project {n}") for n in range(5)}
        restored = tmp_path / "restored.db"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:        # until the copy has caught up
            restored.unlink(missing_ok=True)
            subprocess.run([str(litestream), "restore", "-config", str(config), "-o", str(restored),
                            server.database], capture_output=True)
            if restored.exists() and _projects(restored) == projects:
                break
            time.sleep(0.5)
        assert _projects(restored) == projects
        db = sqlite3.connect(restored)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("select email from people").fetchall() == [(lead["email"],)]
    finally:
        replicating.terminate()
        replicating.wait(timeout=20)


def fresh(folder, old):
    return set(folder.glob("peersurvey-*.db")) - set(old)


def _projects(path):
    try:
        return {row[0] for row in sqlite3.connect(path).execute("select id from projects")}
    except sqlite3.DatabaseError:
        return set()

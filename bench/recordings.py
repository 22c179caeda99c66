"""How fast answers' recordings are stored through the real server (`PUT
/api/v1/recordings/<id>` in parts of at most 1 MB), against a plain file copy of the same
bytes in the same run, and how long they all take to arrive over a throttled link.

    .venv/bin/python bench/recordings.py [--interviews 20] [--throttled 2]

20 interviews, each with three one-minute recordings of about 0.5 MB, made once at the
start: Opus (ffmpeg, 24 kbit/s would be far smaller, so 64 kbit/s) if ffmpeg is installed,
else WAV (8 kHz, 8-bit, mono: 480 KB a minute). The output says which.

- Unthrottled: every recording sent on loopback, one request after another, as one tablet
  does, then by 4 tablets at once. MB/s stored (checked against its SHA-256, kept in the
  media store) against shutil.copyfile of the same bytes (page cache warm: the files were
  just written), with and without an fsync of each copy (the server's store is a SQLite
  commit, which syncs), and against the floor of the store itself: a bare sqlite3 insert
  of each recording into a media table in WAL mode, one commit each, on one connection kept
  throughout with the app's own PRAGMAs (synchronous FULL: each commit syncs), as each
  server thread keeps one between requests.
- Throttled: the client paces each part's bytes to 50 KB/s and waits 400 ms before each
  request (about Chrome's "Slow 3G" upload). Sending all 60 recordings so would take over
  nine minutes, so `--throttled` interviews are sent and the time is scaled to all of them
  (the link is the bottleneck, so the time grows in step); the run stays under 2 minutes.
"""
import argparse
import hashlib
import http.client
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import wave
from pathlib import Path

import numpy
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from peersurvey.collect.recordings import MAX_PART  # noqa: E402
from peersurvey.db import connect  # noqa: E402  (the app's own PRAGMAs, not copied)
from peersurvey.prepare import document as doc  # noqa: E402
from peersurvey.prepare import questionnaires  # noqa: E402
from bench.loopback import request  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402

PER_INTERVIEW = 3
SECONDS = 60
RATE = 50 * 1024            # bytes a second, up, on the throttled link
ROUND_TRIP = 0.4            # seconds before each request on the throttled link


def make_sounds(count):
    """`count` different one-minute recordings: (bytes, type, what they are)."""
    if shutil.which("ffmpeg"):
        sounds = [_opus(n) for n in range(count)]
        return sounds, "audio/ogg", f"Opus in Ogg, 64 kbit/s, made by ffmpeg, {SECONDS} s each"
    return [_wav(n) for n in range(count)], "audio/wav", \
        f"WAV 8 kHz 8-bit mono, {SECONDS} s each (ffmpeg not installed, so not Opus)"


def _wav(n):
    t = numpy.arange(8000 * SECONDS) / 8000
    tone = 128 + 60 * numpy.sin(2 * numpy.pi * (220 + 10 * n) * t) * numpy.sin(2 * numpy.pi * 0.5 * t)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(tone.astype(numpy.uint8).tobytes())
    return out.getvalue()


def _opus(n):
    return subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", f"sine=frequency={220 + 10 * n}:duration={SECONDS}",
         "-c:a", "libopus", "-b:a", "64k", "-f", "ogg", "-"], check=True, capture_output=True).stdout


def setup(server):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Bench")
    interviewer = make.member(project, "Dewi", ("interviewer",))
    tablet = make.tablet(project, lead)
    make.signed_in_on(tablet, interviewer)
    with make.app.test_request_context():
        document = doc.new_document({"en": "Bench", "cy": "Mainc"})
        for n in range(PER_INTERVIEW):
            question = doc.new_question("free_text", f"q{n}")
            question["text"] = {"en": f"Question {n}?", "cy": f"Cwestiwn {n}?"}
            document["questions"].append(question)
        qid = questionnaires.create(project, document["title"], lead["id"], document)
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    return {"Authorization": f"Bearer {tablet['token']}"}, version, interviewer["id"]


def announce(port, headers, version, interviewer, sounds, kind):
    """One sync with an interview for each three recordings; the announced recordings."""
    interviews, announced = [], []
    for start in range(0, len(sounds), PER_INTERVIEW):
        answers = []
        for n, data in enumerate(sounds[start:start + PER_INTERVIEW]):
            rec = {"id": str(uuid.uuid4()), "part": "", "sha256": hashlib.sha256(data).hexdigest(),
                   "bytes": len(data), "type": kind, "seconds": SECONDS}
            announced.append((rec["id"], data))
            answers.append({"id": str(uuid.uuid4()), "question": f"q{n}", "status": "answered", "value": "",
                            "answered_at": "2026-11-25T10:05:00+00:00", "recordings": [rec]})
        interviews.append({"id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": interviewer,
                           "participant_code": "K7P4QX", "language": "en", "record_voice": True,
                           "started_at": "2026-11-25T10:00:00+00:00", "finished_at": "2026-11-25T10:20:00+00:00",
                           "consent": True, "answers": answers})
    for start in range(0, len(interviews), 50):
        answer = request(port, "POST", "/api/v1/sync", json.dumps({"interviews": interviews[start:start + 50]}),
                         {**headers, "Content-Type": "application/json"})
        assert all(r["result"] == "stored" for r in json.loads(answer.body)["results"]), answer.body
    return announced


def send(port, headers, recording_id, data, throttled=False):
    """Every part of one recording, each in its own request; the last answer."""
    for offset in range(0, len(data), MAX_PART):
        part = data[offset:offset + MAX_PART]
        if throttled:
            time.sleep(ROUND_TRIP)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        try:
            conn.putrequest("PUT", f"/api/v1/recordings/{recording_id}?offset={offset}")
            for name, value in {**headers, "Content-Type": "application/octet-stream",
                                "Content-Length": str(len(part))}.items():
                conn.putheader(name, value)
            conn.endheaders()
            _body(conn, part, throttled)
            response = conn.getresponse()
            answer = json.loads(response.read())
        finally:
            conn.close()
        assert response.status == 200, answer
    assert answer["complete"], answer
    return answer


def _body(conn, part, throttled):
    if not throttled:
        conn.send(part)
        return
    start, step = time.perf_counter(), RATE // 10
    for at in range(0, len(part), step):
        conn.send(part[at:at + step])
        wait = start + (at + step) / RATE - time.perf_counter()
        if wait > 0:
            time.sleep(wait)


def plain_copy(sounds, fsync):
    """shutil.copyfile of each recording, from files just written (a warm page cache)."""
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-copy-"))
    sources = []
    for n, data in enumerate(sounds):
        path = folder / f"{n}.src"
        path.write_bytes(data)
        sources.append(path)
    start = time.perf_counter()
    for path in sources:
        target = path.with_suffix(".copy")
        shutil.copyfile(path, target)
        if fsync:
            fd = os.open(target, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    return seconds


def bare_sqlite(sounds):
    """Each recording inserted as a BLOB, one transaction each, on one kept connection opened
    as the app opens its own (db.connect: synchronous FULL, so each commit syncs)."""
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-sqlite-"))
    conn = connect(folder / "bare.db").conn
    conn.isolation_level = None
    conn.execute("pragma journal_mode = wal")
    conn.execute("create table media (project_id integer, sha256 text, data blob, primary key (project_id, sha256))")
    start = time.perf_counter()
    for data in sounds:
        conn.execute("begin immediate")
        conn.execute("insert into media values (1, ?, ?)", [hashlib.sha256(data).hexdigest(), data])
        conn.execute("commit")
    seconds = time.perf_counter() - start
    conn.close()
    shutil.rmtree(folder)
    return seconds


def main(interviews, throttled_interviews):
    began = time.perf_counter()
    sounds, kind, what = make_sounds(interviews * PER_INTERVIEW)
    total = sum(map(len, sounds))
    mb = total / 1_000_000
    print(f"{interviews} interviews x {PER_INTERVIEW} recordings: {len(sounds)} recordings, "
          f"{total / len(sounds) / 1024:.0f} KiB each, {mb:.1f} MB in all; {what}")
    print(f"parts of at most {MAX_PART // 1024} KiB, one request after another, on loopback")
    server = LiveServer(Path(tempfile.mkdtemp(prefix="peersurvey-bench-")))
    try:
        headers, version, interviewer = setup(server)
        announced = announce(server.port, headers, version, interviewer, sounds, kind)
        start = time.perf_counter()
        for recording_id, data in announced:
            send(server.port, headers, recording_id, data)
        served = time.perf_counter() - start
        announced = announce(server.port, headers, version, interviewer, [d[:-1] + b"\x01" for d in sounds], kind)
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as tablets:
            list(tablets.map(lambda pair: send(server.port, headers, *pair), announced))
        together = time.perf_counter() - start
        copied, synced = plain_copy(sounds, fsync=False), plain_copy(sounds, fsync=True)
        bare = bare_sqlite(sounds)
        print("unthrottled (page cache warm):")
        print(f"  stored through the server     {mb / served:8.1f} MB/s  ({served:.2f} s)")
        print(f"    by 4 tablets at once        {mb / together:8.1f} MB/s  ({together:.2f} s)")
        print(f"  bare sqlite3 insert, the floor {mb / bare:7.1f} MB/s  ({bare:.2f} s)   "
              f"server / floor {bare / served:.2f}")
        print(f"  plain file copy               {mb / copied:8.1f} MB/s  ({copied:.2f} s)   "
              f"server / copy {copied / served:.2f}")
        print(f"  plain file copy with fsync    {mb / synced:8.1f} MB/s  ({synced:.2f} s)   "
              f"server / copy {synced / served:.2f}")
        print("  aim: the server at least half the plain copy's speed (a ratio of 0.50 or more)")

        slow = sounds[:throttled_interviews * PER_INTERVIEW]
        announced = announce(server.port, headers, version, interviewer, slow, kind)
        start = time.perf_counter()
        for recording_id, data in announced:
            send(server.port, headers, recording_id, data, throttled=True)
        took = time.perf_counter() - start
        scale = interviews / throttled_interviews
        link = sum(map(len, slow)) / RATE + ROUND_TRIP * len(announced)
        print(f"throttled: {RATE // 1024} KB/s up, {ROUND_TRIP * 1000:.0f} ms before each request (about "
              f"Chrome's Slow 3G):")
        print(f"  {len(slow)} recordings of {throttled_interviews} interviews arrived in {took:.1f} s "
              f"(the link alone: {link:.1f} s)")
        print(f"  all {len(sounds)} recordings of {interviews} interviews, scaled x{scale:.0f}: "
              f"{took * scale / 60:.1f} minutes")
    finally:
        server.stop()
    print(f"the run took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=20)
    parser.add_argument("--throttled", type=int, default=2, help="interviews sent over the throttled link")
    arguments = parser.parse_args()
    if arguments.interviews < 1 or not 1 <= arguments.throttled <= arguments.interviews:
        parser.error("--interviews must be at least 1, and --throttled from 1 to --interviews")
    main(arguments.interviews, arguments.throttled)

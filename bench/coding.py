"""Group coding at scale, through the real server (waitress in its own process): with
100,000 answers stored, how long the big screen takes to tag an answer and load the next
one, and how long a tag takes to reach 20 joined screens listening on Server-Sent Events.
Prints figures; asserts nothing about speed.

    make bench      or      .venv/bin/python bench/coding.py [tag-and-next rounds] [listener rounds]

The answers are written straight into the SQLite file with sqlite3 (25,000 interviews of
the demo questionnaire, each answering its four free-text questions once); the session is
started with the app's own code (sessions.start, which lists its answers), every button
press goes over HTTP as static/coding/live.js sends it (X-Live: 1, the reply is the panel).
"""
import http.client
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from bench.pages import sign_in  # noqa: E402
from bench.report import figures  # noqa: E402
from bench.world import published_project  # noqa: E402
from peersurvey.theme import sessions  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402  (the same server the tests use)
from tests.collect.conftest import DEMO  # noqa: E402

ANSWERS = 100_000
LISTENERS = 20
SITES = ["Newport", "Torfaen", "Caerphilly", "Blaenau Gwent", "Monmouthshire"]
THEMES = [("Money", "Arian"), ("Friends", "Ffrindiau"), ("Getting about", "Teithio"),
          ("Work", "Gwaith"), ("Home", "Cartref"), ("Health", "Iechyd"), ("Family", "Teulu"),
          ("Going out", "Mynd allan"), ("Support", "Cymorth"), ("Safety", "Diogelwch"),
          ("Learning", "Dysgu"), ("Choices", "Dewisiadau")]
OPENINGS = ["I never have", "My support worker says there is not", "I would like", "There is no",
            "I want more", "It is hard to find", "My mum helps me with", "I am saving for",
            "Nobody asks me about", "I feel happy when I have"]
MIDDLES = ["money for", "time for", "a bus to", "a friend for", "help with", "a way to get to",
           "somewhere safe for", "a job near", "a place for", "someone to go with me to"]
ENDINGS = ["a cup of tea in town.", "the cinema on a Friday.", "the café where I used to work.",
           "swimming in Pontypool.", "the football in Newport.", "the evening bus home.",
           "a paid job, not just volunteering.", "the shops on my own.", "college in September.",
           "my sister's house at the weekend.", "the club on Thursday nights.", "the gym."]

PANEL = re.compile(rb'<div class="panel" data-version="(\d+)" data-answer="([^"]*)"')
TOKEN = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


# --- Setting up -----------------------------------------------------------------------------

def setup(server):
    world = published_project(server, THEMES)
    world["keys"] = [q["key"] for q in DEMO["questions"] if q["kind"] == "free_text"]
    return world


def fill(database, world, count):
    """count answers, straight into the file: interviews answering every free-text question once."""
    rng = random.Random(1)
    keys = world["keys"]
    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    interviews, answers = [], []
    for n in range(count // len(keys)):
        interview_id = str(uuid.uuid4())
        started = first + timedelta(minutes=11 * n)
        at = [(started + timedelta(minutes=m)).isoformat() for m in (0, 20, 21)]
        interviews.append((
            interview_id, world["project"], world["version"], world["tablet"]["id"], world["lead"]["id"],
            f"P{n:06d}", "cy" if n % 4 == 0 else "en", 1, at[0], at[1], at[2], f"bench-{n}", 0,
            SITES[n % len(SITES)], 0 if n % 3 == 0 else 1))
        for q, key in enumerate(keys):
            words = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)}"
            answers.append((str(uuid.uuid4()), interview_id, key, "answered",
                            json.dumps(words, ensure_ascii=False),
                            (started + timedelta(minutes=2 + 4 * q)).isoformat()))
    db = sqlite3.connect(database, timeout=30)
    try:
        with db:
            db.executemany(
                """insert into interviews (id, project_id, questionnaire_version_id, device_id,
                   interviewer_id, participant_code, language, consent, started_at, finished_at,
                   received_at, content_hash, demo, site, share_words)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", interviews)
            db.executemany("""insert into answers (id, interview_id, question, status, value, answered_at)
                              values (?, ?, ?, ?, ?, ?)""", answers)
        db.execute("analyze")   # what a long-lived database would have; harmless either way
        return (db.execute("select count(*) from interviews").fetchone()[0],
                db.execute("select count(*) from answers").fetchone()[0])
    finally:
        db.close()


# --- Pressing buttons -----------------------------------------------------------------------

def panel(answer):
    if answer.status != 200:
        raise RuntimeError(f"the server answered {answer.status}: {answer.body[:300]!r}")
    if b"notice--error" in answer.body:
        raise RuntimeError(f"the screen showed a problem: {answer.body[:600]!r}")
    found = PANEL.search(answer.body)
    if found is None:
        raise RuntimeError(f"no live panel in the reply: {answer.body[:300]!r}")
    return int(found.group(1)), found.group(2).decode()


def press(port, cookie, base, button, token, **fields):
    return request(port, "POST", f"{base}/{button}", urlencode({"csrf_token": token, **fields}),
                   {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "X-Live": "1"})


# --- Listening ------------------------------------------------------------------------------

class Listener(threading.Thread):
    """One joined screen: its own connection to the event stream, read line by line."""

    def __init__(self, port, path, cookie, changed):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.changed = port, path, cookie, changed
        self.ready = threading.Event()
        self.arrivals = []        # (perf_counter when the data: line came, the version it named)
        self.error = None
        self.sock = None
        self.closing = False

    def run(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.connect()
            self.sock = conn.sock
            conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
            response = conn.getresponse()
            if response.status != 200:
                raise RuntimeError(f"the event stream answered {response.status} (too many open? "
                                   "the server tells screens past LIVE_STREAMS to poll)")
            while True:
                line = response.readline()
                if not line:
                    return
                arrived = time.perf_counter()
                if line.startswith(b"retry:"):
                    self.ready.set()
                elif line.startswith(b"data:"):
                    with self.changed:
                        self.arrivals.append((arrived, line[5:].strip().decode()))
                        self.changed.notify_all()
        except Exception as error:  # noqa: BLE001  (told to the main thread, unless we closed the socket)
            if self.closing:
                return
            self.error = error
            self.ready.set()
            with self.changed:
                self.changed.notify_all()

    def close(self):
        self.closing = True
        if self.sock is not None:
            try:
                self.sock.shutdown(2)   # wakes the blocked read with end of stream
            except OSError:
                pass
            self.sock.close()


def listen(server, world, session_id, cookie, token, answer_id, rounds, rng):
    base = f"/projects/{world['project']}/coding/sessions/{session_id}"
    changed = threading.Condition()
    listeners = [Listener(server.port, f"{base}/events", cookie, changed) for _ in range(LISTENERS)]
    try:
        started = time.perf_counter()
        for listener in listeners:
            listener.start()
        for listener in listeners:
            if not listener.ready.wait(30) or listener.error:
                raise RuntimeError(f"a listener did not join: {listener.error}")
        joined = time.perf_counter() - started
        last, middle, requests = [], [], []
        shown = set()     # the themes the screen shows as given: each tap changes one, as a person's does
        for round_ in range(rounds):
            theme_id = rng.choice(world["themes"])
            given = theme_id not in shown
            shown ^= {theme_id}
            t0 = time.perf_counter()
            reply = press(server.port, cookie, base, "tag", token, answer_id=answer_id,
                          theme_id=theme_id, given=int(given))
            version, _answer = panel(reply)
            requests.append(reply.seconds)
            deadline = time.monotonic() + 15
            with changed:
                while not all(len(listener.arrivals) > round_ for listener in listeners):
                    broken = [listener.error for listener in listeners if listener.error]
                    if broken:
                        raise RuntimeError(f"a listener failed: {broken[0]}")
                    if not changed.wait(max(deadline - time.monotonic(), 0)) and time.monotonic() >= deadline:
                        raise RuntimeError(f"round {round_}: not every listener heard the tag within 15 s")
                arrivals = [listener.arrivals[round_] for listener in listeners]
            stale = [v for _at, v in arrivals if v != str(version)]
            if stale:
                raise RuntimeError(f"round {round_}: listeners heard version {stale[0]}, the tag made {version}")
            waits = [at - t0 for at, _v in arrivals]
            last.append(max(waits))
            middle.append(statistics.median(waits))
            time.sleep(0.05)   # let the streams settle before the next tag
        return joined, last, middle, requests
    finally:
        for listener in listeners:
            listener.close()
        for listener in listeners:
            listener.join(5)


# --- The benchmark --------------------------------------------------------------------------

def main(rounds, listener_rounds):
    print(f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print("Server: `python -m peersurvey serve` (waitress, 32 threads) in its own process, on loopback")
    print("Figures:")
    print("  fill             sqlite3 executemany of the interviews and answers, in one transaction")
    print("  start session    sessions.start in the app's code: the session row and its list of answers")
    print("  tag              POST …/tag (X-Live), the group gives the answer a theme; reply is the panel")
    print("  load next        POST …/move to=next; reply is the panel with the next answer")
    print("  tag + next       the two together: one answer done, the next on screen")
    print(f"  reach listeners  from just before POST …/tag until the 'data:' line reaches the last "
          f"(and the median) of {LISTENERS} open event streams")
    print()
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-"))
    server = LiveServer(folder)
    try:
        world = setup(server)
        started = time.perf_counter()
        interviews, answers = fill(server.database, world, ANSWERS)
        print(f"Filled {answers:,} answers in {interviews:,} interviews ({len(world['keys'])} free-text "
              f"questions each: {', '.join(world['keys'])}) in {time.perf_counter() - started:.1f} s")

        with server.make.app.test_request_context():
            started = time.perf_counter()
            session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                        {"questions": world["keys"], "heading": "", "site": "",
                                         "uncoded": False})
            took = time.perf_counter() - started
            total = sessions.total(session_id)
        print(f"Started a group session (sessions.start, in the app's code) holding {total:,} answers "
              f"in {took * 1000:.0f} ms")

        cookie = sign_in(server.port, world["lead"])
        base = f"/projects/{world['project']}/coding/sessions/{session_id}"
        page_times = []
        for _ in range(10):
            page = request(server.port, "GET", base, headers={"Cookie": cookie})
            panel(page)
            if page.set_cookie:   # the first page puts the form token in the session cookie
                cookie = page.set_cookie.split(";")[0]
            page_times.append(page.seconds)
        found = TOKEN.search(page.body)
        token = (found.group(1) or found.group(2)).decode()
        _version, answer_id = panel(page)

        rng = random.Random(2)
        tags, nexts, both = [], [], []
        for _ in range(rounds):
            tagged = press(server.port, cookie, base, "tag", token, answer_id=answer_id,
                           theme_id=rng.choice(world["themes"]), given=1)
            if panel(tagged)[1] != answer_id:
                raise RuntimeError("the tag reply shows another answer")
            moved = press(server.port, cookie, base, "move", token, answer_id=answer_id, to="next")
            _version, following = panel(moved)
            if following == answer_id:
                raise RuntimeError("next did not move on")
            answer_id = following
            tags.append(tagged.seconds)
            nexts.append(moved.seconds)
            both.append(tagged.seconds + moved.seconds)
        print()
        print(f"Big screen, {rounds} answers one after another, {total:,} in the session:")
        figures("session page (full page, 10 loads)", page_times)
        figures("tag", tags)
        figures("load the next answer", nexts)
        figures("tag + next", both)

        joined, last, middle, requests = listen(server, world, session_id, cookie, token, answer_id,
                                                listener_rounds, rng)
        print()
        print(f"{LISTENERS} joined screens on Server-Sent Events (all joined in {joined * 1000:.0f} ms), "
              f"{listener_rounds} tags:")
        figures("tag request itself", requests)
        figures(f"tag reaches the last of {LISTENERS}", last)
        figures(f"tag reaches the median of {LISTENERS}", middle)
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)   # 50 MB of answers; kept (with server.log) if it failed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 50)

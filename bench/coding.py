"""Group coding at scale, through the real server (waitress in its own process): with
100,000 answers stored, how long the big screen takes to tag an answer and load the next
one, and the whole loop of a tap: from the tap on the big screen until each of 20 joined
screens, each with its own coder signed in with their PIN on their own tablet, has its new
panel, which the server sends in the event itself (bench/screens.py follows the stream as
static/coding/live.js does). Prints figures; asserts
nothing about speed.

    make bench      or      .venv/bin/python bench/coding.py [tag-and-next rounds] [taps to 20 screens]

The answers are written straight into the SQLite file with sqlite3 (25,000 interviews of
the demo questionnaire, each answering its four free-text questions once), and nothing
else is done to the file: no ANALYZE, since the app would not have run one either. The
server is started again after the fill, so what the app does on its own at start it does
here with the answers in place. The session is started with the app's own code
(sessions.start, which lists its answers); every button press goes over HTTP as live.js
sends it (X-Live: 1, the reply is the panel).

Caches: every figure is warm. The operating system holds the database file in memory (it
was just written), and the server has drawn this session before the timed rounds.
"""
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
from bench.pages import cookie_header, cookies_in, keep_cookies, sign_in  # noqa: E402
from bench.report import figures  # noqa: E402
from bench.screens import Screen  # noqa: E402
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


def press(port, screen, button, keep=False, **fields):
    """A button on the big-screen view, as live.js sends its form (which says big=1, and the
    version the screen shows, so a reply can send only the parts the tap changed). screen:
    {"cookie", "base", "token", "version", "answer_id"}; the version and answer are moved on
    to those the reply shows, as live.js draws it. keep: on a kept connection (loopback.py)."""
    reply = request(port, "POST", f"{screen['base']}/{button}",
                    urlencode({"csrf_token": screen["token"], "big": "1", **fields}),
                    {"Content-Type": "application/x-www-form-urlencoded", "Cookie": screen["cookie"],
                     "X-Live": "1", "X-Shown-Version": str(screen["version"])}, keep=keep)
    screen["version"], screen["answer_id"] = panel(reply)
    keep_cookies(screen, reply.set_cookie)
    return reply


# --- Joined screens -------------------------------------------------------------------------

def sign_in_coders(server, world, session_code, count):
    """count coders, each on a tablet of their own, signed in with their PIN over HTTP and
    joined with the session's code, as a person does; [cookie header] one each."""
    make = server.make
    cookies = []
    for n in range(count):
        coder = make.member(world["project"], f"Coder {n}", ("coder",), pin="2580")
        tablet = make.tablet(world["project"], world["lead"], name=f"Tablet {n}")
        jar = {"peersurvey_tablet": tablet["token"]}
        page = _keep(jar, request(server.port, "GET", f"/tablet/people/{coder['id']}", headers=_cookie(jar)))
        signed = _keep(jar, request(server.port, "POST", f"/tablet/people/{coder['id']}",
                                    urlencode({"pin": coder["pin"], "csrf_token": _token(page)}), _form(jar)))
        if signed.status != 302:
            raise RuntimeError(f"coder {n} could not sign in ({signed.status})")
        page = _keep(jar, request(server.port, "GET", "/coding/join", headers=_cookie(jar)))
        joined = _keep(jar, request(server.port, "POST", "/coding/join",
                                    urlencode({"code": session_code, "csrf_token": _token(page)}), _form(jar)))
        if joined.status != 302:
            raise RuntimeError(f"coder {n} could not join with {session_code} ({joined.status})")
        cookies.append(jar)
    return cookies


def _keep(jar, answer):
    jar.update(cookies_in(answer.set_cookie))
    return answer


def _cookie(jar):
    return {"Cookie": cookie_header(jar)}


def _form(jar):
    return {**_cookie(jar), "Content-Type": "application/x-www-form-urlencoded"}


def _token(page):
    found = TOKEN.search(page.body)
    return (found.group(1) or found.group(2)).decode()


def fan_out(server, big, jars, rounds, rng):
    """Taps on the big screen, one at a time, alternately a theme and Next, each timed until
    every screen has drawn the panel the tap made. {"tag"|"next": [(seconds to the last
    screen, to the median screen, to the last screen's event heard, the big screen's own reply
    to the tap)]}, how long joining took, and the screens."""
    changed = threading.Condition()
    screens = [Screen(server.port, f"{big['base']}/events", f"{big['base']}?fragment=1", _cookie(jar)["Cookie"],
                      changed) for jar in jars]
    loops = {"tag": [], "next": []}
    try:
        started = time.perf_counter()
        for screen in screens:
            screen.start()
        for screen in screens:
            if not screen.ready.wait(60) or screen.error:
                raise RuntimeError(f"a screen did not join: {screen.error}")
        joined = time.perf_counter() - started
        shown = set()     # the themes the big screen shows as given: each tag changes one
        for round_ in range(rounds):
            kind = "tag" if round_ % 2 == 0 else "next"
            t0 = time.perf_counter()
            if kind == "tag":
                theme_id = rng.choice(big["world"]["themes"])
                given = theme_id not in shown
                shown ^= {theme_id}
                reply = press(server.port, big, "tag", answer_id=big["answer_id"], theme_id=theme_id, given=int(given))
            else:
                reply = press(server.port, big, "move", answer_id=big["answer_id"], to="next")
                shown = set()
            version = big["version"]
            deadline = time.monotonic() + 15
            with changed:
                while not all(s.shown >= version for s in screens):
                    broken = [s.error for s in screens if s.error]
                    if broken:
                        raise RuntimeError(f"a screen failed: {broken[0]}")
                    if not changed.wait(max(deadline - time.monotonic(), 0)) and time.monotonic() >= deadline:
                        raise RuntimeError(f"round {round_}: not every screen drew the tap within 15 s")
                drawn = [next(at for at, v in s.drawn if v >= version) - t0 for s in screens]
                heard = [s.heard[-1] - t0 for s in screens]
            loops[kind].append((max(drawn), statistics.median(drawn), max(heard), reply.seconds))
            time.sleep(0.05)   # a person's next tap is never sooner
        return joined, loops, screens
    finally:
        for screen in screens:
            screen.close()
        for screen in screens:
            screen.join(5)


# --- The benchmark --------------------------------------------------------------------------

def big_session(server, count=ANSWERS):
    """The project, `count` answers, a group session over all of them, and its lead signed
    in on the big screen: {"world", "session_id", "base", "cookie", "token", "version",
    "answer_id", "total", "code", "page_times"} (a screen for press()). bench/vs_taguette.py uses it too."""
    world = setup(server)
    started = time.perf_counter()
    interviews, answers = fill(server.database, world, count)
    print(f"Filled {answers:,} answers in {interviews:,} interviews ({len(world['keys'])} free-text "
          f"questions each: {', '.join(world['keys'])}) in {time.perf_counter() - started:.1f} s")
    # The answers went in behind the server's back, so it starts again, as after a restore or
    # an upgrade: whatever the app does on start, it does with the answers in place.
    server.stop()
    server.__init__(server.folder)
    with server.make.app.test_request_context():
        started = time.perf_counter()
        session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                    {"questions": world["keys"], "heading": "", "site": "", "uncoded": False})
        took = time.perf_counter() - started
        session = sessions.get(world["project"], session_id)
    print(f"Started a group session (sessions.start, in the app's code) holding {session['total']:,} answers "
          f"in {took * 1000:.0f} ms")
    cookie = sign_in(server.port, world["lead"])
    base = f"/projects/{world['project']}/coding/sessions/{session_id}"
    page_times = []
    for load in range(1 + 10):     # the first is the first drawing since the restart: not counted
        page = request(server.port, "GET", f"{base}/big", headers={"Cookie": cookie})
        panel(page)
        if page.set_cookie:   # the first page puts the form token in the session cookie
            cookie = f"session={cookies_in(page.set_cookie)['session']}"
        if load:
            page_times.append(page.seconds)
    version, answer_id = panel(page)
    return {"world": world, "session_id": session_id, "base": base, "cookie": cookie, "token": _token(page),
            "version": version, "answer_id": answer_id, "total": session["total"], "code": session["join_code"],
            "page_times": page_times}


def tag_and_next(server, big, rounds, rng):
    """The big screen gives the answer a theme, then moves to the next: (tag, next) seconds each."""
    tags, nexts = [], []
    for _ in range(rounds):
        shown = big["answer_id"]
        tagged = press(server.port, big, "tag", answer_id=shown, theme_id=rng.choice(big["world"]["themes"]), given=1)
        if big["answer_id"] != shown:
            raise RuntimeError("the tag reply shows another answer")
        moved = press(server.port, big, "move", answer_id=shown, to="next")
        if big["answer_id"] == shown:
            raise RuntimeError("next did not move on")
        tags.append(tagged.seconds)
        nexts.append(moved.seconds)
    return tags, nexts


def describe():
    print(f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print("Server: `python -m peersurvey serve` (waitress, its default threads) in its own process, on loopback")


def main(rounds, taps):
    describe()
    print("Figures (all warm: see the top of bench/coding.py):")
    print("  fill             sqlite3 executemany of the interviews and answers, in one transaction")
    print("  start session    sessions.start in the app's code: the session row and its list of answers")
    print("  tag              POST …/tag (X-Live), the group gives the answer a theme; reply is the panel")
    print("  load next        POST …/move to=next; reply is the panel with the next answer")
    print("  tag + next       the two together: one answer done, the next on screen")
    print(f"  whole tap loop   from just before the big screen's POST until the last (and the median) of "
          f"{LISTENERS} joined screens,")
    print("                   each its own coder on its own tablet, has its new panel (sent in the event)")
    print()
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-"))
    server = LiveServer(folder)
    try:
        big = big_session(server)
        rng = random.Random(2)
        tags, nexts = tag_and_next(server, big, rounds, rng)
        print()
        print(f"Big screen, {rounds} answers one after another, {big['total']:,} in the session:")
        figures("big screen page (full page, 10 loads after one)", big["page_times"])
        figures("tag", tags)
        figures("load the next answer", nexts)
        figures("tag + next", [t + n for t, n in zip(tags, nexts)])

        started = time.perf_counter()
        jars = sign_in_coders(server, big["world"], big["code"], LISTENERS)
        print()
        print(f"{LISTENERS} coders signed in with their PINs on {LISTENERS} tablets and joined in "
              f"{time.perf_counter() - started:.1f} s")
        joined, loops, screens = fan_out(server, big, jars, taps, rng)
        print(f"{LISTENERS} joined screens opened their event streams in {joined * 1000:.0f} ms; "
              f"{taps} taps, a theme and Next in turn:")
        every = loops["tag"] + loops["next"]
        figures(f"whole tap loop, to the last of {LISTENERS} screens", [last for last, _m, _h, _r in every])
        figures(f"whole tap loop, to the median of {LISTENERS}", [m for _l, m, _h, _r in every])
        figures("  a theme, to the last screen", [last for last, _m, _h, _r in loops["tag"]])
        figures("  Next, to the last screen", [last for last, _m, _h, _r in loops["next"]])
        figures("  the last screen's event heard", [h for _l, _m, h, _r in every])
        figures("  the big screen's own reply", [r for _l, _m, _h, r in every])
        pushed = sum(s.pushed for s in screens)
        print(f"  panels that came in their event: {pushed:,}; fetched after a bare version: "
              f"{sum(len(s.fetched) for s in screens):,}")
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)   # 50 MB of answers; kept (with server.log) if it failed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 100)

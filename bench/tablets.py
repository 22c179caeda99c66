"""200 tablets sending at once for about a minute while a group codes, through the real
server (`peersurvey serve` with its production defaults, printed below): does every sync get
an answer, is anything lost or stored twice, how long does a sync take, and do the coding
session's taps and live screens keep up?

    .venv/bin/python bench/tablets.py [--tablets 200] [--seconds 60] [--every 4] [--screens 20] [--tap 1]

Each tablet's interviewer signs in with their PIN on its page (so sign-ins meet the first
syncs, as on a busy morning). Then, again and again, the tablet sends an outbox of 5
interviews of 20 answers as the app does (static/collect/sync.js: batches of at most its
BATCH, read from there, one at a time) and waits `--every` seconds on average (half to one
and a half times it; the first wait 0 to `--every`, so tablets do not march in step):
interviewers doing more interviews, sped up. `--every 0` sends again at once: the most the
server can take, where a sync waits for the other tablets' (Little's law: it takes tablets
/ syncs per second). A 503, a 500 or a dropped connection is sent again with the same ids,
at once: harsher than the app, which waits for Retry-After.

Meanwhile the lead taps tag, then next, one tap every `--tap` seconds on the big screen,
over HTTP as static/coding/live.js sends them (X-Live: 1, the reply is the panel), in a
group session over answers sent before the clock starts; `--screens` coders, each signed in
with their own PIN on their own tablet and joined with the session's code, listen on the
event stream, which sends each its new panel, as live.js does (bench/screens.py); the big
screen listens too, and only listens: the lead is the only one tapping, and each tap's reply
brings the big screen its panel, so live.js fetches nothing more on hearing the version.
"Tap to the last joined screen" is from the tap until the last of them has the panel.

Afterwards the database is read: every interview a tablet was told was stored must be
there with all its answers ("lost"); no id may be stored twice nor hold more answers than
it was sent with ("doubled"). The clients run in this process (threads) on the same 2-core
machine as the server: the figures are for both together.
"""
import argparse
import json
import random
import sqlite3
import string
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.coding import PANEL, TOKEN, press  # noqa: E402
from bench.loopback import request  # noqa: E402
from bench.report import spread  # noqa: E402
from bench.screens import Screen  # noqa: E402
from bench.world import FREE_TEXT_KEYS, answers_questionnaire, sent_interview, tablet_batch  # noqa: E402
from peersurvey import config  # noqa: E402
from peersurvey.people import devices as tablet_devices  # noqa: E402
from peersurvey.theme import sessions  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.together import Visitor  # noqa: E402

BATCH = tablet_batch()
OUTBOX = 5              # interviews a tablet sends in one go
CODED = 100             # interviews sent before the tablets start, for the group to code
THEMES = ("Money", "Friends", "Getting about", "Work", "Home", "Health", "Family", "Going out")
SHOWN = ("THREADS", "LIVE_STREAMS", "CONNECTIONS", "IDLE_CONNECTION_SECONDS", "BUSY_SECONDS")


# --- Setting up -----------------------------------------------------------------------------

def setup(server, tablets, screens):
    make = server.make
    lead = make.lead()
    project = make.project(lead, "Two hundred tablets")
    qid, version = answers_questionnaire(make, project, lead)
    themes = [make.theme(project, lead, {"en": words, "cy": words}) for words in THEMES]
    field = [(make.tablet(project, lead, f"Tablet {n}"),
              make.member(project, f"Interviewer {n}", ("interviewer",), pin="2580"))
             for n in range(tablets)]
    coders = [(make.tablet(project, lead, f"Coding tablet {n}"),
               make.member(project, f"Coder {n}", ("coder",), pin="1470")) for n in range(screens)]
    return dict(lead=lead, project=project, questionnaire=qid, version=version, themes=themes,
                field=field, coders=coders)


def answers_to_code(server, world):
    """CODED interviews from a tablet of their own, sent before the clock starts, and a group
    session over their free-text answers (started with the app's own code)."""
    make = server.make
    device = make.tablet(world["project"], world["lead"], "First tablet")
    person = make.member(world["project"], "First interviewer", ("interviewer",))
    make.signed_in_on(device, person)
    headers = {"Authorization": f"Bearer {device['token']}", "Content-Type": "application/json"}
    for _ in range(CODED // BATCH):
        body = json.dumps({"interviews": [sent_interview(world["version"], person["id"], code())
                                          for _ in range(BATCH)]})
        assert request(server.port, "POST", "/api/v1/sync", body, headers).status == 200
    with make.app.test_request_context():
        session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                    {"questions": FREE_TEXT_KEYS, "heading": "", "site": "", "uncoded": False})
        return session_id, sessions.get(world["project"], session_id)["join_code"]


def code():
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=6))


# --- The tablets ----------------------------------------------------------------------------

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


def sign_in(port, tablet, person, until, tally):
    """The person signs in with their PIN on the tablet's page, again if the server was busy;
    their browser (a Visitor), or None if the time ran out."""
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
            return visitor
    return None


def send(port, headers, batch, until, tally):
    """One batch, sent until it is answered 200 (same ids each time) or the time is up."""
    body = json.dumps({"interviews": batch})
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            answer = request(port, "POST", "/api/v1/sync", body, headers)
        except OSError:
            tally.add("connection dropped", time.perf_counter() - start, batch)
            continue
        if answer.status == 200:
            tally.add(200, answer.seconds, batch, json.loads(answer.body)["results"])
            return True
        tally.add(answer.status, answer.seconds, batch)
    return False


def tablet(port, device, person, version, every, until, tally):
    if not sign_in(port, device, person, until, tally):
        return
    headers = {"Authorization": f"Bearer {device['token']}", "Content-Type": "application/json"}
    time.sleep(random.uniform(0, every))
    while time.monotonic() < until:
        outbox = [sent_interview(version, person["id"], code()) for _ in range(OUTBOX)]
        for start in range(0, OUTBOX, BATCH):
            if not send(port, headers, outbox[start:start + BATCH], until, tally):
                return
        time.sleep(max(0, min(random.uniform(0.5, 1.5) * every, until - time.monotonic())))


# --- The coding session ---------------------------------------------------------------------

def join(port, device, person, join_code, until, tally):
    visitor = sign_in(port, device, person, until, tally)
    status = visitor.submit("/coding/join", code=join_code)[0]
    assert status == 302, f"{person['name']} could not join the session ({status})"
    return cookie_of(visitor)


def cookie_of(visitor):
    return "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())


class Lead(threading.Thread):
    """The big screen: tag, then next, one tap every `tap` seconds, until the time is up."""

    def __init__(self, port, base, lead, themes, tap, until):
        super().__init__(daemon=True)
        self.port, self.base, self.themes, self.tap, self.until = port, base, themes, tap, until
        self.seconds, self.problems = [], Counter()
        self.taps = []              # (perf_counter as the tap was sent, the version its reply shows)
        visitor = Visitor(port).sign_in(lead["email"], lead["password"])
        status, _headers, page = visitor.get(f"{base}/big")   # puts the form token in the session
        assert status == 200, f"the big screen answered {status}"
        self.cookie = cookie_of(visitor)
        found = TOKEN.search(page.encode())
        version, answer_id = panel_of(page)
        self.screen = {"cookie": self.cookie, "base": base, "token": (found.group(1) or found.group(2)).decode(),
                       "version": version, "answer_id": answer_id}

    def run(self):
        rng = random.Random(3)
        while time.monotonic() < self.until:
            started = time.monotonic()
            self._press("tag", answer_id=self.screen["answer_id"], theme_id=rng.choice(self.themes), given=1)
            time.sleep(max(0, self.tap - (time.monotonic() - started)))
            started = time.monotonic()
            self._press("move", answer_id=self.screen["answer_id"], to="next")
            time.sleep(max(0, self.tap - (time.monotonic() - started)))

    def _press(self, button, **fields):
        try:
            sent = time.perf_counter()
            reply = press(self.port, self.screen, button, **fields)
        except (OSError, RuntimeError) as error:
            self.problems[f"{button}: {str(error)[:60]}"] += 1
            return
        self.seconds.append(reply.seconds)
        self.taps.append((sent, self.screen["version"]))


def panel_of(page):
    """(version, answer id) of the panel on a page."""
    found = PANEL.search(page.encode())
    return int(found.group(1)), found.group(2).decode()


def tap_loops(taps, screens):
    """Seconds from each tap until the last of the screens drew a panel at least as new as
    its reply; a tap some screen never drew (the run ended) is left out."""
    loops = []
    for sent, version in taps:
        drawn = [next((at for at, v in screen.drawn if v >= version), None) for screen in screens]
        if drawn and None not in drawn:
            loops.append(max(drawn) - sent)
    return loops


# --- Reading the database back ----------------------------------------------------------------

def check(database, devices, tally):
    conn = sqlite3.connect(database)
    marks = ",".join("?" * len(devices))
    try:
        stored = dict(conn.execute(
            f"""select i.id, count(a.id) from interviews i left join answers a on a.interview_id = i.id
                where i.device_id in ({marks}) group by i.id""", devices).fetchall())
        rows, ids, answers = conn.execute(
            f"""select count(*), count(distinct lower(i.id)),
                       (select count(*) from answers a join interviews j on j.id = a.interview_id
                        where j.device_id in ({marks}))
                from interviews i where i.device_id in ({marks})""", devices + devices).fetchone()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    lost = sum(1 for id_ in tally.acknowledged if stored.get(id_, 0) < tally.sent[id_])
    doubled = (rows - ids) + sum(1 for id_, count in stored.items() if count > tally.sent.get(id_, 0))
    expected = sum(tally.sent.get(id_, 0) for id_ in stored)
    return dict(interviews=len(stored), lost=lost, doubled=doubled, answers=answers,
                answers_expected=expected, integrity=integrity,
                unacknowledged=len(set(stored) - tally.acknowledged))


# --- The benchmark --------------------------------------------------------------------------

def run(server, args):
    world = setup(server, args.tablets, args.screens)
    session_id, join_code = answers_to_code(server, world)
    base = f"/projects/{world['project']}/coding/sessions/{session_id}"
    tally = Tally()
    joining = time.monotonic() + 60
    cookies = [join(server.port, device, person, join_code, joining, tally) for device, person in world["coders"]]
    until = time.monotonic() + args.seconds
    lead = Lead(server.port, base, world["lead"], world["themes"], args.tap, until)
    screens = [Screen(server.port, f"{base}/events", f"{base}?fragment=1", cookie, again=True) for cookie in cookies]
    screens.append(Screen(server.port, f"{base}/events?big=1", f"{base}?fragment=1&big=1", lead.cookie, again=True,
                          drives=True))
    for screen in screens:
        screen.start()
    for screen in screens:
        screen.ready.wait(30)
    threads = [threading.Thread(target=tablet, args=(server.port, device, person, world["version"],
                                                     args.every, until, tally))
               for device, person in world["field"]]
    started = time.monotonic()
    lead.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    lead.join()
    time.sleep(1)                   # the last tap's panels
    for screen in screens:
        screen.close()
    for screen in screens:
        screen.join(5)
    found = check(server.database, [device["id"] for device, _person in world["field"]], tally)
    return tally, found, elapsed, lead, screens


def report(args, tally, found, elapsed, lead, screens):
    syncs = sum(tally.statuses.values())
    errors = syncs - tally.statuses[200]
    offered = f"{args.tablets * OUTBOX / args.every:.0f}" if args.every else "as many as they can"
    print(f"{args.tablets} tablets for {elapsed:.0f} s: outboxes of {OUTBOX} interviews of 20 answers in "
          f"batches of at most {BATCH} (static/collect/sync.js), one every {args.every:g} s on average per "
          f"tablet (offered: {offered} interviews/s); a new database")
    print(f"  sign-ins                           {dict(tally.sign_ins)}")
    print(f"  syncs sent                         {syncs:8d}")
    for status, count in sorted(tally.statuses.items(), key=str):
        print(f"    answered {status!s:<25} {count:8d}")
    print(f"  errors (not 200, or dropped)       {errors:8d}   (503 busy: {tally.statuses[503]})")
    print(f"  interviews stored                  {found['interviews']:8d}   "
          f"({found['interviews'] / elapsed:.0f} per second)")
    print(f"  lost (told stored, not all there)  {found['lost']:8d}")
    print(f"  doubled (id twice, or more answers than sent) {found['doubled']:d}   "
          f"(answers stored {found['answers']}, sent with those interviews {found['answers_expected']})")
    print(f"  stored, answer not heard by tablet {found['unacknowledged']:8d}   (its tablet keeps it; "
          f"sending it again is answered 'already stored')")
    print(f"  PRAGMA integrity_check             {found['integrity']}")
    print(f"  one sync (POST /api/v1/sync)       {spread(tally.seconds)}")
    print(f"coding at the same time: the lead taps tag, then next, every {args.tap:g} s; "
          f"{len(screens) - 1} joined screens and the big screen listen")
    print(f"  taps answered                      {len(lead.seconds):8d}   {spread(lead.seconds)}")
    print(f"  taps refused or failed             {sum(lead.problems.values()):8d}   {dict(lead.problems)}")
    fetches = [s for screen in screens for s in screen.fetched]
    problems = sum((screen.problems for screen in screens), Counter())
    print(f"  events heard by the screens        {sum(len(screen.heard) for screen in screens):8d}")
    print(f"  panels sent in their event         {sum(screen.pushed for screen in screens):8d}")
    print(f"  panels fetched after a version     {len(fetches):8d}   {spread(fetches)}")
    loops = tap_loops(lead.taps, screens[:-1])
    print(f"  tap to the last joined screen      {len(loops):8d}   {spread(loops)}")
    print(f"  screen problems                    {sum(problems.values()):8d}   {dict(problems)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60, help="How long the tablets send (default 60).")
    parser.add_argument("--every", type=float, default=4,
                        help="Seconds between one tablet's outboxes, on average (default 4); 0: at once.")
    parser.add_argument("--screens", type=int, default=20, help="Joined screens (default 20).")
    parser.add_argument("--tap", type=float, default=1, help="Seconds between the lead's taps (default 1).")
    args = parser.parse_args()
    settings = config.from_environment()
    print("peersurvey serve with its settings: "
          + " ".join(f"{key}={settings[key]}" for key in SHOWN) + "; SQLite in WAL mode")
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder))
        try:
            results = run(server, args)
        finally:
            server.stop()
    report(args, *results)


if __name__ == "__main__":
    main()

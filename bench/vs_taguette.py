"""peersurvey against Taguette 1.5.2, side by side in one run: tag an answer and load the
next, 200 times on each, through HTTP as each web page sends it. Prints medians, p95s and
ratios; asserts nothing about speed. Exits 2 (and says why) if Taguette cannot be
installed or started here.

    make bench      or      .venv/bin/python bench/vs_taguette.py [rounds] [answers]

Both hold the same answers: peersurvey's group session lists 100,000 (bench/coding.py's
fill), and Taguette has each of them, in the same order, as a one-answer document in one
project (as it would be used for short answers): the first 20 uploaded through its page's
"Add a document" form, the rest written straight into its SQLite file in the form the upload
stored, as bench/coding.py writes peersurvey's (importing 100,000 through its upload would
take about half an hour).

  tag         peersurvey: POST …/tag on the big screen (X-Live), the reply is the panel,
              drawn as it comes.
              Taguette: POST /api/…/document/<id>/highlight/new, the whole answer with one
              tag (the highlight form's postJSON), until the page has the highlight to draw:
              taguette.js draws it only when the project's events bring it, through the long
              poll of /api/…/events the page keeps open (taguette.py follow()). Its POST's
              reply alone is printed too.
  load next   peersurvey: POST …/move to=next, the reply is the panel with the next answer,
              drawn ahead once the tap before it had been answered (theme/ahead.py: the
              server draws it while the group talks; settling, below, waits for it).
              Taguette: GET /api/…/document/<next> and …/<next>/contents at once, as
              loadDocument() does (Promise.all), until both have arrived.

The two servers take turns operation by operation (which goes first alternates each round),
one request at a time. A page goes on working after its reply has come (peersurvey's big
screen hears the new version on its stream, Taguette's page asks for the next events), and
on two shared cores that work lands on the other side's next operation: run back to back,
each side's slowest twentieth was mostly the other's page still at work (peersurvey's p95
right after Taguette's tag was 3.9 ms, after its own 2.2). So before each operation both
servers and both pages (this process's other threads) are let finish whatever they were
doing, their own side's as well as the other's (bench/settle.py: until none has used the
processor for half a millisecond), and each runs on a machine the other has left, as each
would in use. They race three times: settled on kept connections, as a browser sends a
page's requests (HTTP/1.1 keep-alive; the aim is judged on this one, as the race that
compares the two tools rather than how they get in each other's way); the same back to
back, not settled; and settled with each request on a new connection, which adds the cost
of opening one to every request on both sides. Settling costs both: a processor left idle
even half a millisecond wakes slower, so each side's median is higher settled than back to
back. Caches are warm on both: each has served 10 rounds first (not counted) and the
operating system holds both files in memory. Each page listens as it does in a browser
while this goes on: peersurvey's big screen keeps its event stream open (it hears every
tap's new version, and needs nothing more: the tap's reply brought its panel), Taguette's
page its long poll of the project's events. Each server runs as shipped: peersurvey's
`serve` (waitress), Taguette's `taguette server` (tornado, one process).
"""
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import taguette  # noqa: E402
from bench.coding import ANSWERS, THEMES, big_session, describe, press  # noqa: E402
from bench.report import figures, p95  # noqa: E402
from bench.screens import Screen  # noqa: E402
from bench.settle import settle  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402

WARM_UP = 10


def session_answers(server, session_id):
    """The words of the session's answers, in its order (what Taguette gets as documents)."""
    import json
    import sqlite3
    db = sqlite3.connect(server.database)
    try:
        return [json.loads(value) for (value,) in db.execute(
            """select a.value from session_items si join answers a on a.id = si.answer_id
               where si.session_id = ? order by si.seq""", [session_id])]
    finally:
        db.close()


class Peersurvey:
    def __init__(self, server, big):
        self.server, self.big = server, big
        self.rng = random.Random(3)
        self.keep = False
        # The big screen's page keeps its event stream open (live.js), as Taguette's keeps its
        # long poll: each tap wakes it, on the same machine, while the next request runs.
        self.stream = Screen(server.port, f"{big['base']}/events?big=1", f"{big['base']}?fragment=1&big=1",
                             big["cookie"], drives=True)
        self.stream.start()
        if not self.stream.ready.wait(30) or self.stream.error:
            raise RuntimeError(f"the big screen's event stream did not open: {self.stream.error}")

    def tag(self):
        shown = self.big["answer_id"]
        reply = press(self.server.port, self.big, "tag", keep=self.keep, answer_id=shown,
                      theme_id=self.rng.choice(self.big["world"]["themes"]), given=1)
        if self.big["answer_id"] != shown:
            raise RuntimeError("peersurvey's tag reply shows another answer")
        return reply.seconds

    def next(self):
        shown = self.big["answer_id"]
        reply = press(self.server.port, self.big, "move", keep=self.keep, answer_id=shown, to="next")
        if self.big["answer_id"] == shown:
            raise RuntimeError("peersurvey's next did not move on")
        return reply.seconds


class OnTaguette:
    def __init__(self, server, project_id, tags, documents):
        self.server, self.project_id, self.tags, self.documents = server, project_id, tags, documents
        self.at = 0
        self.rng = random.Random(3)
        self.replies = []     # the tag's POST alone, without waiting for the page to draw it

    def tag(self):
        document_id, length = self.documents[self.at]
        drawn, replied = self.server.tag(self.project_id, document_id, length, self.rng.choice(self.tags))
        self.replies.append(replied)
        return drawn

    def next(self):
        self.at += 1
        document_id, _length = self.documents[self.at]
        seconds, info, contents = self.server.load(self.project_id, document_id)
        if "highlights" not in info or not contents["contents"][0]["contents"]:
            raise RuntimeError(f"Taguette sent document {document_id} without its contents")
        return seconds


def race(sides, rounds, settled=()):
    """{side: {"tag": [...], "next": [...]}}: the sides take turns at each operation.
    settled: processes to let finish before each operation (see the top); how many were
    still busy 50 ms on is in times["unsettled"]."""
    times = {name: {"tag": [], "next": []} for name in sides}
    order = list(sides)
    unsettled = 0
    for round_ in range(WARM_UP + rounds):
        for operation in ("tag", "next"):
            for name in (order if round_ % 2 == 0 else order[::-1]):
                if settled and not settle(settled):
                    unsettled += 1
                seconds = getattr(sides[name], operation)()
                if round_ >= WARM_UP:
                    times[name][operation].append(seconds)
    for name in sides:
        times[name]["tag + next"] = [t + n for t, n in zip(times[name]["tag"], times[name]["next"])]
    times["unsettled"] = unsettled
    return times


def report(times, aim):
    for operation in ("tag", "next", "tag + next"):
        label = "load next" if operation == "next" else operation
        ours = figures(f"peersurvey  {label}", times["peersurvey"][operation], 24)
        theirs = figures(f"Taguette    {label}", times["Taguette"][operation], 24)
        ratio_p95 = p95(times["peersurvey"][operation]) / p95(times["Taguette"][operation])
        said = "   (the aim: at most 0.33 at both)" if aim and operation == "tag + next" else ""
        print(f"  {'':24} peersurvey / Taguette: median {ours / theirs:.2f}, p95 {ratio_p95:.2f}{said}")


def main(rounds, count):
    describe()
    print(f"Taguette {taguette.VERSION}: `taguette server` (tornado) in its own process, on loopback, SQLite")
    try:
        command, how = taguette.install()
    except (taguette.Unavailable, OSError, ValueError) as problem:
        print(f"\nTaguette {taguette.VERSION} could not be installed here, so there is nothing to compare "
              f"with:\n{problem}", file=sys.stderr)
        return 2
    print(f"Taguette {taguette.VERSION} {how}")
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-vs-taguette-"))
    server = other = None
    try:
        server = LiveServer(folder)
        big = big_session(server, count)
        answers = session_answers(server, big["session_id"])
        try:
            other = taguette.Taguette(command, folder)
            other.register()
            project_id, tags = other.new_project([en for en, _cy in THEMES])
            documents = other.add_documents(project_id, answers)
            other.follow(project_id)
        except taguette.Unavailable as problem:
            print(f"\nTaguette {taguette.VERSION} would not start here, so there is nothing to compare with:\n"
                  f"{problem}", file=sys.stderr)
            return 2
        print(f"Taguette holds the same {len(documents):,} answers as one-answer documents in one project, "
              f"with the same {len(tags)} tags")
        print()
        sides = {"peersurvey": Peersurvey(server, big), "Taguette": OnTaguette(other, project_id, tags, documents)}
        processes = [server.process.pid, other.process.pid, os.getpid()]
        for keep, settled, how in (
                (True, processes, "on kept connections, as a browser sends them (HTTP/1.1 keep-alive), "
                                  "each on a machine the other has left"),
                (True, (), "on kept connections, back to back: each side's page still at work "
                           "during the other's next operation"),
                (False, processes, "each on a new connection, each on a machine the other has left")):
            sides["peersurvey"].keep = other.keep = keep
            sides["Taguette"].replies = []
            times = race(sides, rounds, settled)
            print(f"{rounds} answers each, {how}, taking turns operation by operation "
                  f"(after {WARM_UP} not counted):")
            report(times, aim=keep and bool(settled))
            figures("Taguette    tag, its reply", sides["Taguette"].replies[-rounds:], 24)
            if settled:
                print(f"  {times['unsettled']} of {4 * (WARM_UP + rounds)} operations began with the machine "
                      f"still busy after 50 ms (other work on it)")
            print()
        ours = sides["peersurvey"].stream
        ours.close()
        print(f"Both pages listened as they do: peersurvey's big screen heard {len(ours.heard)} events on its "
              f"stream, Taguette's page {other.events_heard} on its long poll.")
    finally:
        if other is not None:
            other.stop()
        if server is not None:
            server.stop()
    shutil.rmtree(folder, ignore_errors=True)    # kept (with both servers' logs) if it failed
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else ANSWERS))

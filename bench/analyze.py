"""Do SQLite's planner statistics (sqlite_stat1, made by ANALYZE or PRAGMA optimize) make the
app faster? The same requests through the real server, with and without them, in turns.

    .venv/bin/python bench/analyze.py [rounds]

With 100,000 answers (bench/coding.py's fill) in a group session, and the group's codings
on them growing as the lead taps: the big screen's tag + next, the session page, the
findings dashboard right after a tap gave an answer a theme (it keeps nothing in memory: it
reads the counts the database keeps up to date as codings change), and the lead's list of
interviews (first page, one site, last page). Each is timed `rounds` times
with no statistics (sqlite_stat1 dropped), then with the statistics SQLite's own advice
would make (`PRAGMA optimize`: ANALYZE reading at most 1,000 rows of each index; on SQLite
before 3.46 that is what an optimize at start can only do by ANALYZE), then without and with
again, so a drift in the
machine shows as a difference between the two runs of the same kind. Every request is on a
new HTTP connection. The server keeps one SQLite connection per thread between requests, and
each sees every switch: dropping sqlite_stat1 and making it again both change the schema,
which a connection reads again (with the statistics) before its next statement. Caches are
warm: the file is in the OS cache after the fill, and each figure is after one
warm-up request. Prints figures; asserts nothing about speed.
"""
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.coding import ANSWERS, TOKEN, fill, panel, press, setup  # noqa: E402
from bench.pages import keep_cookies  # noqa: E402
from bench.loopback import request  # noqa: E402
from bench.report import figures  # noqa: E402
from peersurvey.theme import sessions  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402
from tests.together import Visitor  # noqa: E402


def without_statistics(database):
    conn = sqlite3.connect(database)
    try:
        conn.execute("drop table if exists sqlite_stat1")
        conn.commit()
    finally:
        conn.close()


def with_statistics(database):
    """ANALYZE as PRAGMA optimize runs it (a bounded look at each index); the seconds it took."""
    started = time.perf_counter()
    conn = sqlite3.connect(database, timeout=30)
    try:
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    return time.perf_counter() - started


class Lead:
    def __init__(self, port, world, session_id):
        self.port, self.world = port, world
        self.base = f"/projects/{world['project']}/coding/sessions/{session_id}"
        visitor = Visitor(port).sign_in(world["lead"]["email"], world["lead"]["password"])
        status, _headers, page = visitor.get(self.base)
        assert status == 200, status
        cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
        found = TOKEN.search(page.encode())
        self.token = (found.group(1) or found.group(2)).decode()
        version, answer_id = panel(request(port, "GET", f"{self.base}?fragment=1", headers={"Cookie": cookie}))
        # The cookie as a browser keeps it: press() and get() take any the server sets (the
        # sign-in's cookie is set again once a minute; an old one sent on would be set every time).
        self.screen = {"cookie": cookie, "base": self.base, "token": self.token, "version": version,
                       "answer_id": answer_id}
        self.turn = 0

    def get(self, path):
        answer = request(self.port, "GET", path, headers={"Cookie": self.screen["cookie"]})
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status}")
        keep_cookies(self.screen, answer.set_cookie)
        return answer.seconds

    def tag(self):
        self.turn += 1
        theme = self.world["themes"][self.turn % len(self.world["themes"])]
        reply = press(self.port, self.screen, "tag", answer_id=self.screen["answer_id"], theme_id=theme, given=1)
        return reply.seconds

    def tag_and_next(self):
        tagged = self.tag()
        moved = press(self.port, self.screen, "move", answer_id=self.screen["answer_id"], to="next")
        return tagged + moved.seconds

    def dashboard_after_a_change(self):
        self.tag()            # a coding changed (the counts the database keeps with it too)
        return self.get(f"/projects/{self.world['project']}/findings/")


def measure(lead, rounds):
    project = lead.world["project"]
    reading = f"/projects/{project}/interviews/list"
    cases = [("tag + next (big screen)", lead.tag_and_next),
             ("session page", lambda: lead.get(lead.base)),
             ("dashboard after a change", lead.dashboard_after_a_change),
             ("interviews: first page", lambda: lead.get(reading)),
             ("interviews: one site", lambda: lead.get(f"{reading}?site=Torfaen")),
             ("interviews: last page", lambda: lead.get(f"{reading}?page=500"))]
    for label, case in cases:
        case()                                     # one warm-up
        figures(label, [case() for _ in range(rounds)], width=34)


def main(rounds):
    with tempfile.TemporaryDirectory() as folder:
        server = LiveServer(Path(folder))
        try:
            world = setup(server)
            interviews, answers = fill(server.database, world, ANSWERS)
            with server.make.app.test_request_context():
                session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                            {"questions": world["keys"], "heading": "", "site": "",
                                             "uncoded": False})
            lead = Lead(server.port, world, session_id)
            print(f"{answers:,} answers in {interviews:,} interviews, a group session over all of them; "
                  f"SQLite {sqlite3.sqlite_version}; {rounds} requests each, one at a time, after one warm-up")
            for turn in (1, 2):
                without_statistics(server.database)
                print(f"No planner statistics (no sqlite_stat1), run {turn}:")
                measure(lead, rounds)
                took = with_statistics(server.database)
                print(f"With statistics (ANALYZE, analysis_limit 1000, took {took * 1000:.0f} ms), "
                      f"run {turn}:")
                measure(lead, rounds)
        finally:
            server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

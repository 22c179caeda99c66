"""Charts and the dashboard at scale, through the real server (waitress in its own process):
with 1,000,000 answers and 200,000 group codings stored, how long the lead's dashboard, the
theme chart (image and page) and the split-by-heading chart take, each both cold (right after
a coding changed, so the app's counts cache holds nothing for it and SQLite reads its pages
again) and warm (the same request again), and, taking turns with them, the bare SQL those
requests run (plain sqlite3 on the same file, on one connection kept throughout with the app's
own PRAGMAs, as each server thread keeps one), with ratios of a request to exactly the SQL it
runs, cold to cold and warm to warm; and a group of 20 tablets asking for the same new chart
at the same moment, until the last has it. Prints figures; asserts nothing about speed.

    .venv/bin/python bench/charts.py [n, 20] [m, 5] [interviews, 100000]

n requests of each kind for the dashboard and the theme chart PNG (the figures the issue
asks for), and for the bare SQL they are compared with; m for the rest. At this size a cold request can take
seconds, and n = 20 for everything would not finish in a few minutes on two cores.

The interviews and answers are written straight into the SQLite file with sqlite3 (each
interview of the demo questionnaire answers 4 free-text and 6 closed questions); the group's
codings (owner 0) go on free-text answers, spread unevenly over 12 themes. The bench runs no
ANALYZE or PRAGMA of its own: the file is timed as the app itself leaves it.
"""
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.group import group_at_once  # noqa: E402
from bench.loopback import request  # noqa: E402
from bench.pages import keep_cookies, sign_in  # noqa: E402
from bench.report import figures  # noqa: E402
from bench.world import published_project  # noqa: E402
from peersurvey.config import from_environment  # noqa: E402
from peersurvey.db import connect  # noqa: E402  (the app's own PRAGMAs, not copied)
from peersurvey.findings import counts  # noqa: E402  (the chart's SQL is taken from here, not copied)
from peersurvey.questions import open_kinds  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402  (the same server the tests use)
from tests.collect.conftest import DEMO  # noqa: E402

INTERVIEWS = 100_000
ANSWERS_EACH = 10
CODINGS_PER_ANSWER = 200_000 / 1_000_000      # 200,000 codings for 1,000,000 answers
SECOND_THEME = 0.25                           # of coded answers, the share given a second theme
SITES = ["Newport", "Torfaen", "Caerphilly", "Blaenau Gwent", "Monmouthshire"]
# Every theme has a picture: one theme without a picture among themes with one makes the
# chart images fail (pandas turns the missing picture into NaN in theme_frequency's merge).
THEMES = [("Money", "Arian", "openmoji:1F4B0"), ("Friends", "Ffrindiau", "openmoji:1F9D1-200D-1F91D-200D-1F9D1"),
          ("Getting about", "Teithio", "openmoji:1F68C"), ("Work", "Gwaith", "openmoji:1F4BC"),
          ("Home", "Cartref", "openmoji:1F3E0"), ("Health", "Iechyd", "openmoji:1F957"),
          ("Family", "Teulu", "openmoji:1F46A"), ("Going out", "Mynd allan", "openmoji:1F389"),
          ("Support", "Cymorth", "openmoji:1FAF6"), ("Safety", "Diogelwch", "openmoji:1F6E1"),
          ("Learning", "Dysgu", "openmoji:1F4D6"), ("Choices", "Dewisiadau", "openmoji:1F914")]
# Some themes come up far more than others, as they do.
THEME_WEIGHTS = [30, 22, 18, 14, 11, 9, 7, 5, 4, 3, 2, 1]
FREE_TEXT = ["money_not_good", "job_good", "going_out_stops", "dream_other"]
CLOSED = ["my_choices", "money_who", "money_feel", "has_job", "go_out_with", "friends_feel"]
WORDS = ["I never have money for the bus to town.", "There is no one to go with me to the cinema.",
         "I would like a paid job, not just volunteering.", "My support worker is only here on Tuesdays.",
         "It is hard to find a club on Thursday nights.", "I want to go swimming in Pontypool.",
         "Nobody asks me what I want for tea.", "I am saving for a holiday with my sister."]

# The SQL behind the pages, taken from the app (never copied, so it cannot drift from it).
THEME_SQL = counts.FREQUENCY_SQL
HEADING_SQL = counts.split_sql("heading")
DASHBOARD = counts.DASHBOARD_SQL


# --- Setting up -----------------------------------------------------------------------------

def setup(server):
    world = published_project(server, [(en, cy) for en, cy, _picture in THEMES])
    questions = world["questions"] = {q["key"]: q for q in DEMO["questions"]}
    for key in FREE_TEXT:
        assert questions[key]["kind"] == "free_text", key
    for key in CLOSED:
        assert questions[key]["kind"] in ("yes_no", "feelings", "picture_choice"), key
    return world


def closed_value(question, rng):
    """A fair answer to a closed question, as the tablet sends it (JSON)."""
    kind = question["kind"]
    if kind == "yes_no":
        return json.dumps(rng.choice(["yes", "no"]))
    if kind == "feelings":
        return json.dumps(rng.choice(["happy", "not_sure", "unhappy"]))
    keys = [o["key"] for o in question["options"]]
    if question.get("multiple"):
        return json.dumps(rng.sample(keys, rng.randint(1, 3)))
    return json.dumps(rng.choice(keys))


def fill(database, world, interviews_wanted):
    """The interviews, their answers and the group's codings, straight into the file in one
    transaction. Returns (interviews, answers, codings) as counted afterwards."""
    rng = random.Random(1)
    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    keys = FREE_TEXT + CLOSED
    interviews, free_answered = [], []

    def answers():
        for n in range(interviews_wanted):
            interview_id = str(uuid.uuid4())
            started = first + timedelta(minutes=5 * n)    # 100,000 interviews span about a year
            at = [(started + timedelta(minutes=m)).isoformat() for m in (0, 25, 26)]
            interviews.append((
                interview_id, world["project"], world["version"], world["tablet"]["id"], world["lead"]["id"],
                f"P{n:06d}", "cy" if n % 4 == 0 else "en", 1, at[0], at[1], at[2], f"bench-{n}", 0,
                SITES[n % len(SITES)], 0 if n % 3 == 0 else 1))
            for q, key in enumerate(keys):
                answer_id = str(uuid.uuid4())
                roll = rng.random()
                status = "answered" if roll < 0.88 else "skipped" if roll < 0.95 else "dont_know"
                value = None
                if status == "answered":
                    if key in FREE_TEXT:
                        value = json.dumps(rng.choice(WORDS))
                        free_answered.append(answer_id)
                    else:
                        value = closed_value(world["questions"][key], rng)
                yield (answer_id, interview_id, key, status, value,
                       (started + timedelta(minutes=1 + 2 * q)).isoformat())

    def codings():
        wanted = int(interviews_wanted * ANSWERS_EACH * CODINGS_PER_ANSWER)
        seconds = int(wanted * SECOND_THEME)
        firsts = wanted - seconds
        chosen = rng.sample(free_answered, firsts)
        at = (first + timedelta(days=400)).isoformat()
        themes = world["themes"]
        for n, answer_id in enumerate(chosen):
            theme = rng.choices(themes, THEME_WEIGHTS)[0]
            yield (world["project"], answer_id, theme, 0, at, world["lead"]["id"])
            if n < seconds:
                other = rng.choices([t for t in themes if t != theme],
                                    [w for t, w in zip(themes, THEME_WEIGHTS) if t != theme])[0]
                yield (world["project"], answer_id, other, 0, at, world["lead"]["id"])

    db = sqlite3.connect(database, timeout=30)
    try:
        with db:
            db.executemany("insert into answers (id, interview_id, question, status, value, answered_at) "
                           "values (?, ?, ?, ?, ?, ?)", answers())
            db.executemany(
                """insert into interviews (id, project_id, questionnaire_version_id, device_id,
                   interviewer_id, participant_code, language, consent, started_at, finished_at,
                   received_at, content_hash, demo, site, share_words)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", interviews)
            db.executemany("insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by) "
                           "values (?, ?, ?, ?, ?, ?)", codings())
            db.executemany("update themes set picture = ? where id = ?",
                           [(picture, theme) for (_en, _cy, picture), theme in zip(THEMES, world["themes"])])
        return tuple(db.execute(f"select count(*) from {table}").fetchone()[0]
                     for table in ("interviews", "answers", "codings"))
    finally:
        db.close()


# --- Measuring ------------------------------------------------------------------------------

def get(port, lead, path, png=False):
    """One request on a new connection, as a browser tab makes it; its time in seconds.
    lead: {"cookie"}, moved on to any cookie the reply sets, as a browser keeps it."""
    answer = request(port, "GET", path, headers={"Cookie": lead["cookie"]})
    keep_cookies(lead, answer.set_cookie)
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status}: {answer.body[:300]!r}")
    if png and not answer.body.startswith(b"\x89PNG"):
        raise RuntimeError(f"{path} is not a PNG: {answer.body[:100]!r}")
    return answer.seconds


class Bare:
    """The SQL alone: plain sqlite3 on the same file, every row fetched, on one connection
    kept from run to run and opened as the app opens its own (db.connect), as each server
    thread keeps one between requests (db.get_db). After a change by another connection
    SQLite reads the pages again (cold); with nothing changed it keeps them (warm)."""

    def __init__(self, database):
        self.conn = connect(database).conn

    def run(self, *statements):
        """(sql, params) run one after another, as one request runs them; seconds."""
        start = time.perf_counter()
        for sql, params in statements:
            self.conn.execute(sql, params).fetchall()
        return time.perf_counter() - start

    def close(self):
        self.conn.close()


def rounds(n, *jobs):
    """One warm-up of each job, then n timed rounds, the jobs taking turns within a round
    (so a server figure and the bare SQL it is compared with share the machine's moments:
    other work on it slows both alike). A list of times per job."""
    times = [[] for _ in jobs]
    for round_ in range(n + 1):
        for job, kept in zip(jobs, times):
            took = job()
            if round_:
                kept.append(took)
    return times


def plan(database, sql, params):
    db = sqlite3.connect(database)
    try:
        return [row[3] for row in db.execute(f"explain query plan {sql}", params)]
    finally:
        db.close()


def ratio(label, server_ms, sql_ms):
    print(f"  {label:<84} {server_ms / sql_ms:5.1f} ×")


def show_plan(database, label, sql, params):
    print(f"  {label}:")
    for step in plan(database, sql, params):
        print(f"    {step}")


def new_codings(database, project, world, wanted):
    """Each next() gives one more answer a theme (as a coder would), committed at once;
    `wanted` of them, said at once if the answers cannot give that many. Each in an interview
    that had no answer with that theme, so one more person talked about it: every chart's
    numbers change, and its picture is drawn again (kept_charts keeps a picture by its numbers)."""
    db = sqlite3.connect(database)
    theme_id = db.execute("select min(id) from themes where project_id = ?", [project]).fetchone()[0]
    free = [row[0] for row in db.execute(
        """select a.id from answers a join interviews i on i.id = a.interview_id
           where i.project_id = ? and a.question = 'money_not_good'
           and not exists (select 1 from answers other join codings c on c.answer_id = other.id
                           where other.interview_id = a.interview_id and c.theme_id = ? and c.owner = 0)
           limit ?""", [project, theme_id, wanted])]
    if len(free) < wanted:
        db.close()
        raise SystemExit(f"These rounds change {wanted} answers' themes, and only {len(free)} can be: "
                         "ask for fewer rounds, or more interviews.")
    lead = world["lead"]["id"]
    try:
        for answer_id in free:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T12:00:00+00:00', ?)""", [project, answer_id, theme_id, lead])
            db.commit()
            yield answer_id
    finally:
        db.close()


def measure(server, world, lead, n, m):
    """Each page cold and warm, and the bare SQL it is compared with cold and warm, taking
    turns (so all share the machine's moments): cold is right after one more coding was
    committed, warm the same again with nothing changed. Then ratios of like to like."""
    database, project, port = server.database, world["project"], server.port
    base = f"/projects/{project}/findings"
    # One change before each cold run (and its warm-up): two pages and their SQL at n rounds,
    # four pages at m (one of them with its SQL), each dashboard query alone at m, and the
    # group asking at once and one alone, taking turns, at m.
    touch = new_codings(database, project, world, 4 * (n + 1) + (7 + len(DASHBOARD)) * (m + 1))
    bare = Bare(database)
    print()
    print("Cold: one more answer given a theme (committed) just before, as after any tap in a coding")
    print("      session, in an interview that had not had it: every chart's numbers change, so the")
    print("      picture is drawn again, the app's in-process counts cache holds nothing for what is")
    print("      asked, and SQLite reads the file's pages again (a change by another connection empties")
    print("      a connection's page cache). The app's other small caches (theme pictures, chart sizes)")
    print("      stay warm.")
    print("Warm: the same again at once, nothing changed, so whatever the app and SQLite keep is kept:")
    print("      a warm PNG is the picture drawn for the cold one (kept_charts), not drawn again.")
    print("Both: the OS file cache is warm throughout (the file was just written and is read over and")
    print("      over). The bare SQL runs on one kept connection with the app's PRAGMAs, as each server")
    print("      thread keeps one; the schema is read once, on its first run (not counted).")
    print("No ANALYZE: the bench runs only what the app runs itself.")
    # What each request runs, as the app stands: the theme counts and "coded" are read from
    # the counts the database keeps (no cache), so the dashboard runs the same SQL cold or
    # warm; the by-heading split is counted and then kept in memory, and that page's PNG
    # reads the theme counts twice (for the split's order and for its own).
    theme_sql = [(THEME_SQL, [project])]
    compared = {"dashboard": ("its queries + theme counts",
                              [(sql, dashboard_params(sql, project)) for sql in DASHBOARD.values()] + theme_sql),
                "theme chart PNG": ("theme counts", theme_sql),
                "by-heading PNG": ("heading split + 2 × theme counts",
                                   [(HEADING_SQL, heading_params(project)), *theme_sql, *theme_sql])}
    pages = [("dashboard", f"{base}/", False, n), ("theme chart PNG", f"{base}/charts/themes.png", True, n),
             ("theme chart PNG, ?size=phone", f"{base}/charts/themes.png?size=phone", True, m),
             ("theme page", f"{base}/themes", False, m),
             ("by-heading page", f"{base}/themes/by/heading", False, m),
             ("by-heading PNG", f"{base}/charts/by-heading.png", True, m)]
    served = {}
    try:
        for label, path, png, runs in pages:
            what, sql = compared.get(label, ("", None))
            jobs = [lambda path=path, png=png: (next(touch), get(port, lead, path, png))[1],
                    lambda path=path, png=png: get(port, lead, path, png)]
            if sql:
                jobs += [lambda sql=sql: (next(touch), bare.run(*sql))[1], lambda sql=sql: bare.run(*sql)]
            times = rounds(runs, *jobs)
            print(f" {label}, GET {path.replace(base, '…/findings')}, {runs} each:")
            for n_, state in enumerate(("cold", "warm")):
                served[label, state] = figures(f"{label}, {state}", times[n_])
            if sql:
                for n_, state in enumerate(("cold", "warm")):
                    served[label, "sql", state] = figures(f"  its bare SQL ({what}), {state}", times[2 + n_])
        print(f" each of the dashboard's queries alone, bare, cold, {m} runs each:")
        sql_ms = {label: figures(f"dashboard: {label}", *rounds(
                      m, lambda sql=sql: (next(touch), bare.run((sql, dashboard_params(sql, project))))[1]))
                  for label, sql in DASHBOARD.items()}
    finally:
        bare.close()
    group_at_once(port, lead, f"{base}/charts/by-heading.png", touch, m)
    print(" ratios, median through the server / median of the bare SQL that request runs, in the same")
    print(" state (the rest is sign-in, the stamp of what is kept in memory, the questionnaire, and")
    print(" drawing the page or picture):")
    for label, state in (("theme chart PNG", "cold"), ("dashboard", "cold"), ("dashboard", "warm"),
                         ("by-heading PNG", "cold")):
        ratio(f"{label}, {state} / {compared[label][0]}, {state}", served[label, state],
              served[label, "sql", state])
    heaviest = max(sql_ms, key=sql_ms.get)
    print(" query plans (EXPLAIN QUERY PLAN):")
    show_plan(database, "theme counts", THEME_SQL, [project])
    show_plan(database, f"dashboard: {heaviest}", DASHBOARD[heaviest], dashboard_params(DASHBOARD[heaviest], project))


def dashboard_params(sql, project):
    open_keys = [q["key"] for q in DEMO["questions"] if q["kind"] in open_kinds()]
    return [project, json.dumps(open_keys)] if "json_each" in sql else [project]


def heading_params(project):
    return [json.dumps({q["key"]: q.get("heading") or "" for q in DEMO["questions"]}), project]


# --- The benchmark --------------------------------------------------------------------------

def main(n, m, interviews_wanted):
    begun = time.perf_counter()
    print(f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print(f"Server: `python -m peersurvey serve` (waitress, {from_environment()['THREADS']} threads) in its "
          "own process, on loopback")
    print("Figures:")
    print("  fill             sqlite3 executemany of interviews, answers and codings, in one transaction")
    print("  theme chart      the bar chart of how often each theme came up (people), drawn by matplotlib")
    print("  theme page       the HTML page around it: alt text, the table of the same numbers")
    print("  dashboard        the lead's dashboard: interviews by interviewer and site, coded so far, top 3")
    print("  by heading       themes split by Working Together for Change heading, page and PNG")
    print("  bare SQL         the same SELECTs with plain sqlite3 on the same file, one kept connection")
    print("  ratio            median through the server / median of the bare SQL behind it, same state")
    print("  p95              nearest rank: of 20, the 19th fastest; of 5, the slowest")
    print()
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-"))
    server = LiveServer(folder)
    try:
        world = setup(server)
        started = time.perf_counter()
        interviews, answers, codings_ = fill(server.database, world, interviews_wanted)
        size = os.path.getsize(server.database) / 1e6
        print(f"Filled {interviews:,} interviews, {answers:,} answers ({len(FREE_TEXT)} free-text and "
              f"{len(CLOSED)} closed questions each, 88% answered, 7% skipped, 5% don't know) and "
              f"{codings_:,} group codings over {len(THEMES)} themes in {time.perf_counter() - started:.1f} s; "
              f"file {size:,.0f} MB")

        measure(server, world, {"cookie": sign_in(server.port, world["lead"])}, n, m)
        print()
        print(f"Whole run {time.perf_counter() - begun:.0f} s")
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)   # 0.3 GB; kept (with server.log) if it failed


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*arguments, *[20, 5, INTERVIEWS][len(arguments):])

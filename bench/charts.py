"""Charts and the dashboard at scale, through the real server (waitress in its own process):
with 1,000,000 answers and 200,000 group codings stored, how long the theme chart (image
and page), the split-by-heading chart and the lead's dashboard take, and in the same run
the bare SQL behind them (plain sqlite3 on the same file), with the ratio between the two.
Prints figures; asserts nothing about speed.

    .venv/bin/python bench/charts.py [n, 20] [m, 5] [interviews, 100000]

n requests (and bare runs) for the figures the issue asks for: the theme chart PNG, the
dashboard and the aggregate behind the chart; m for the rest (the theme page, the
split-by-heading page and PNG, the dashboard's own queries, everything after ANALYZE).
At this size each chart or dashboard request takes seconds, and n = 20 for everything
would not finish in a few minutes on two cores.

The interviews and answers are written straight into the SQLite file with sqlite3 (each
interview of the demo questionnaire answers 4 free-text and 6 closed questions); the group's
codings (owner 0) go on free-text answers, spread unevenly over 12 themes. Figures are
measured first as the app finds the file (it never runs ANALYZE), then again after ANALYZE.
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
from bench.loopback import request  # noqa: E402
from bench.pages import sign_in  # noqa: E402
from bench.report import figures  # noqa: E402
from bench.world import published_project  # noqa: E402
from peersurvey.findings import counts  # noqa: E402  (the chart's SQL is taken from here, not copied)
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

# The dashboard's SQL, as counts.dashboard runs it (copied: it is written inline there).
DASHBOARD = {
    "interviews stored and agreed":
        "select count(*), coalesce(sum(consent), 0) from interviews where project_id = ?",
    "interviews by interviewer":
        """select p.name, count(*) from interviews i join people p on p.id = i.interviewer_id
           where i.project_id = ? group by p.id order by count(*) desc, p.name""",
    "interviews by site":
        """select site, count(*) from interviews where project_id = ?
           group by site order by count(*) desc, site""",
    "open answers to code / coded":
        """select count(*), coalesce(sum(exists(select 1 from codings c
                                                where c.answer_id = a.id and c.owner = 0)), 0)
           from answers a join interviews i on i.id = a.interview_id
           where i.project_id = ? and a.status = 'answered'
           and a.question in (select value from json_each(?))""",
}
THEME_SQL = f"""select c.theme_id, count(distinct a.interview_id) as people, count(*) as mentions
                {counts._CODED} group by c.theme_id"""
HEADING_SQL = f"""select c.theme_id, {counts.SPLITS['heading']} as split_value,
                  count(distinct a.interview_id) as people
                  from codings c join answers a on a.id = c.answer_id
                  join interviews i on i.id = a.interview_id
                  left join json_each(?) h on h.key = a.question
                  where c.project_id = ? and c.owner = 0 group by c.theme_id, split_value"""


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

def get(port, cookie, path, png=False):
    """One request on a new connection, as a browser tab makes it; its time in seconds."""
    answer = request(port, "GET", path, headers={"Cookie": cookie})
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status}: {answer.body[:300]!r}")
    if png and not answer.body.startswith(b"\x89PNG"):
        raise RuntimeError(f"{path} is not a PNG: {answer.body[:100]!r}")
    return answer.seconds


def run_sql(database, sql, params):
    """The SQL alone: plain sqlite3 on the same file, a new connection (the app opens one per
    request too), every row fetched; its time in seconds."""
    start = time.perf_counter()
    db = sqlite3.connect(database)
    try:
        db.execute(sql, params).fetchall()
    finally:
        db.close()
    return time.perf_counter() - start


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


def new_codings(database, project, world):
    """Each next() gives one more answer a theme (as a coder would), committed at once."""
    db = sqlite3.connect(database)
    theme_id = db.execute("select min(id) from themes where project_id = ?", [project]).fetchone()[0]
    free = [row[0] for row in db.execute(
        """select a.id from answers a join interviews i on i.id = a.interview_id
           where i.project_id = ? and a.question = 'money_not_good'
           and not exists (select 1 from codings c where c.answer_id = a.id and c.theme_id = ? and c.owner = 0)
           limit 1000""", [project, theme_id])]
    lead = world["lead"]["id"]
    try:
        for answer_id in free:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T12:00:00+00:00', ?)""", [project, answer_id, theme_id, lead])
            db.commit()
            yield answer_id
    finally:
        db.close()


def measure(server, world, cookie, n, m):
    """The app as it leaves the file (no ANALYZE): the chart PNG and the aggregate behind it
    (taking turns) and the dashboard n times each; the other pages and queries m times."""
    database, project = server.database, world["project"]
    base = f"/projects/{project}/findings"
    print()
    print("As the app leaves the file (no ANALYZE), one request at a time, each after one warm-up:")
    port, chart_path = server.port, f"{base}/charts/themes.png"
    # The app keeps its counts until a coding or theme changes, so give one more answer a
    # theme before each request: every one then builds the chart from the database.
    touch = new_codings(database, project, world)
    chart_times, theme_times, kept_times = rounds(
        n, lambda: (next(touch), get(port, cookie, chart_path, png=True))[1],
        lambda: run_sql(database, THEME_SQL, [project]), lambda: get(port, cookie, chart_path, png=True))
    print(f" the theme chart and the aggregate behind it, taking turns, {n} each:")
    chart = figures("theme chart   GET …/findings/charts/themes.png (after a change)", chart_times)
    figures("theme chart   the same again, nothing changed (counts kept)", kept_times)
    figures("theme chart   drawn for a phone, ?size=phone (counts kept)",
            *rounds(m, lambda: get(port, cookie, f"{chart_path}?size=phone", png=True)))
    theme_sql = figures("bare SQL: theme aggregate (counts.theme_frequency)", theme_times)
    print(f" through the server ({n} requests for the dashboard, {m} for the rest):")
    board = figures("dashboard     GET …/findings/", *rounds(n, lambda: get(port, cookie, f"{base}/")))
    figures("theme page    GET …/findings/themes", *rounds(m, lambda: get(port, cookie, f"{base}/themes")))
    page = figures("by heading    GET …/findings/themes/by/heading",
                   *rounds(m, lambda: get(port, cookie, f"{base}/themes/by/heading")))
    split = figures("by heading    GET …/findings/charts/by-heading.png",
                    *rounds(m, lambda: get(port, cookie, f"{base}/charts/by-heading.png", png=True)))
    print(f" bare SQL, plain sqlite3 on the same file, {m} runs each:")
    dashboard = {}
    for label, sql in DASHBOARD.items():
        params = dashboard_params(sql, project)
        dashboard[label] = figures(f"dashboard: {label}", *rounds(m, lambda: run_sql(database, sql, params)))
    heading_sql = figures("heading split (counts.theme_split)",
                          *rounds(m, lambda: run_sql(database, HEADING_SQL, heading_params(project))))
    heaviest = max(dashboard, key=dashboard.get)
    print(" ratios, median through the server / median of the bare SQL:")
    ratio("theme chart PNG / theme aggregate", chart, theme_sql)
    ratio(f"dashboard / its heaviest query ({heaviest})", board, dashboard[heaviest])
    ratio("dashboard / all its queries (the four above + theme aggregate for the top 3)",
          board, sum(dashboard.values()) + theme_sql)
    ratio("by-heading PNG / (heading split + 2 × theme aggregate, as split_figure runs them)",
          split, heading_sql + 2 * theme_sql)
    ratio("by-heading page + its PNG (one look at the page) / theme aggregate", page + split, theme_sql)
    print(" query plans (EXPLAIN QUERY PLAN):")
    show_plan(database, "theme aggregate", THEME_SQL, [project])
    show_plan(database, f"dashboard: {heaviest}", DASHBOARD[heaviest], dashboard_params(DASHBOARD[heaviest], project))
    return heaviest


def after_analyze(server, world, cookie, m, heaviest):
    """Once sqlite_stat1 exists: the chart PNG, the aggregate behind it and the dashboard's
    heaviest query (the dashboard itself is not requested again: it would add half a minute,
    and that query with its plan tells the same)."""
    database, project = server.database, world["project"]
    base = f"/projects/{project}/findings"
    db = sqlite3.connect(database)
    try:
        started = time.perf_counter()
        db.execute("analyze")
        took = time.perf_counter() - started
    finally:
        db.close()
    print()
    print(f"After ANALYZE (took {took:.1f} s; the app never runs it), {m} each after one warm-up:")
    chart_times, theme_times = rounds(m, lambda: get(server.port, cookie, f"{base}/charts/themes.png", png=True),
                                      lambda: run_sql(database, THEME_SQL, [project]))
    chart = figures("theme chart   GET …/findings/charts/themes.png", chart_times)
    theme_sql = figures("bare SQL: theme aggregate", theme_times)
    sql, params = DASHBOARD[heaviest], dashboard_params(DASHBOARD[heaviest], project)
    figures(f"bare SQL: dashboard: {heaviest}", *rounds(m, lambda: run_sql(database, sql, params)))
    ratio("theme chart PNG / theme aggregate", chart, theme_sql)
    print(" query plans (EXPLAIN QUERY PLAN):")
    show_plan(database, "theme aggregate", THEME_SQL, [project])
    show_plan(database, f"dashboard: {heaviest}", sql, dashboard_params(sql, project))


def dashboard_params(sql, project):
    open_keys = [q["key"] for q in DEMO["questions"] if q["kind"] in counts.OPEN_KINDS]
    return [project, json.dumps(open_keys)] if "json_each" in sql else [project]


def heading_params(project):
    return [json.dumps({q["key"]: q.get("heading") or "" for q in DEMO["questions"]}), project]


# --- The benchmark --------------------------------------------------------------------------

def main(n, m, interviews_wanted):
    begun = time.perf_counter()
    print(f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print("Server: `python -m peersurvey serve` (waitress, 32 threads) in its own process, on loopback")
    print("Figures:")
    print("  fill             sqlite3 executemany of interviews, answers and codings, in one transaction")
    print("  theme chart      the bar chart of how often each theme came up (people), drawn by matplotlib")
    print("  theme page       the HTML page around it: alt text, the table of the same numbers")
    print("  dashboard        the lead's dashboard: interviews by interviewer and site, coded so far, top 3")
    print("  by heading       themes split by Working Together for Change heading, page and PNG")
    print("  bare SQL         the same SELECT with plain sqlite3 on the same file, new connection each time")
    print("  ratio            median through the server / median of the bare SQL behind it")
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

        cookie = sign_in(server.port, world["lead"])
        heaviest = measure(server, world, cookie, n, m)
        after_analyze(server, world, cookie, m, heaviest)
        print()
        print(f"Whole run {time.perf_counter() - begun:.0f} s")
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)   # 0.3 GB; kept (with server.log) if it failed


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*arguments, *[20, 5, INTERVIEWS][len(arguments):])

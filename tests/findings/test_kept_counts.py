"""The counts the dashboard and the theme chart read are kept as codings change, never
counted again: after tagging, untagging, coding on your own, undo, merging, splitting, a
withdrawal, an interview arriving and a whole project imported, every kept count equals a
fresh count; so do they after taps racing each other, and in a database that held codings
before the counts were kept."""
import sqlite3
import threading
import uuid

import pytest

from peersurvey import db as database
from peersurvey import migrations
from peersurvey.collect import sync
from peersurvey.db import get_db
from peersurvey.findings import counts, kept_counts
from peersurvey.theme import coding, sessions, themes, undo

from ..collect.conftest import answer
from ..theme.conftest import build_coding_world
from .test_project_transfer import bring_in, download


@pytest.fixture
def world(make, app):
    world = build_coding_world(make)
    lead, project = world["lead"], world["project"]
    theme = {name: make.theme(project, lead, {"en": name, "cy": name}) for name in ("Money", "Dogs", "Home")}
    with app.test_request_context():
        group, own = (sessions.start(project, world["questionnaire"], person["id"], mode,
                                     {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
                      for person, mode in ((lead, "group"), (world["coders"][0], "own")))
    return dict(world, theme=theme, group=group, own=own)


def tag(app, world, answer_id, theme, given=True, session="group", person=None):
    with app.test_request_context():
        coding.set_tag(sessions.get(world["project"], world[session]), (person or world["lead"])["id"],
                       answer_id, world["theme"].get(theme, theme), given)


def assert_kept_right(app):
    with app.app_context():
        assert kept_counts.differences(get_db()) == {}


def frequency(app, project):
    with app.test_request_context():
        table = counts.theme_frequency(project)
        return {row.words: (row.people, row.mentions) for row in table.itertuples()}


def test_kept_counts_equal_a_fresh_count_after_codings_undo_withdrawal_and_an_import(client, login, world, app):
    login.as_lead(world["lead"])
    project, answers = world["project"], world["answers"]
    tag(app, world, answers[0], "Money")
    tag(app, world, answers[0], "Dogs")
    tag(app, world, answers[1], "Money")
    tag(app, world, answers[2], "Dogs")
    tag(app, world, answers[3], "Home")
    tag(app, world, answers[0], "Money", given=False)
    tag(app, world, answers[1], "Home", session="own", person=world["coders"][0])   # a coder's own: not counted
    assert_kept_right(app)
    assert frequency(app, project) == {"Dogs": (2, 2), "Money": (1, 1), "Home": (1, 1)}

    with app.test_request_context():
        undo.undo(sessions.get(project, world["group"]), world["lead"]["id"])   # Money back on the first answer
        undo.undo(sessions.get(project, world["group"]), world["lead"]["id"])   # Home off the fourth
    assert_kept_right(app)
    assert frequency(app, project) == {"Dogs": (2, 2), "Money": (2, 2), "Home": (0, 0)}

    with app.test_request_context():
        themes.merge(project, world["lead"]["id"], world["theme"]["Dogs"], world["theme"]["Money"])
        themes.split(project, world["lead"]["id"], world["theme"]["Money"], {"en": "Cash", "cy": "Arian"}, [answers[1]])
    assert_kept_right(app)
    assert frequency(app, project) == {"Money": (2, 2), "Cash": (1, 1), "Home": (0, 0)}

    client.submit(f"/projects/{project}/interviews/withdraw", {"code": "CODE02", "confirm": "yes"},
                  page=f"/projects/{project}/interviews/")
    assert_kept_right(app)
    assert frequency(app, project) == {"Money": (1, 1), "Cash": (1, 1), "Home": (0, 0)}

    new = dict(world["interviews"][0], id=str(uuid.uuid4()), participant_code="CODE09",
               answers=[answer("money_not_good", "Nothing left at the end of the week."),
                        answer("job_good", "I like the people.")])
    with app.test_request_context():
        assert sync.ingest(project, [new])[0]["result"] == "stored"
    assert_kept_right(app)
    board = client.get(f"/projects/{project}/findings/")
    assert [p.get_text(" ", strip=True) for p in board.soup.select(".big-figure")][2] == \
        "2 of 6 answers in people's own words have a theme"

    arrived = bring_in(client, project, download(client, world))
    copy = int(arrived.headers["Location"].strip("/").split("/")[-1])
    assert_kept_right(app)
    assert frequency(app, copy) == frequency(app, project)


def test_taps_racing_each_other_keep_the_counts_right(world, app):
    """Eight screens tap the same two answers at once, each tagging and then untagging in turn."""
    answers, barrier, failures = world["answers"][:2], threading.Barrier(8), []

    def screen(n):
        try:
            barrier.wait()
            for round_ in range(6):
                tag(app, world, answers[n % 2], ("Money", "Dogs")[n % 2 if round_ % 2 else 1 - n % 2],
                    given=round_ % 3 != 2)
        except Exception as problem:   # a failed tap must fail the test, not vanish in a thread
            failures.append(problem)

    threads = [threading.Thread(target=screen, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert_kept_right(app)


def test_a_database_with_codings_from_before_is_counted_when_it_is_upgraded(world, app):
    tag(app, world, world["answers"][0], "Money")
    tag(app, world, world["answers"][1], "Dogs")
    path = app.config["DATABASE"]
    old = database.connect(path)
    with old.conn:   # as the database was before m018_kept_counts
        for name, kind in old.execute("select name, type from sqlite_master where name like 'kept_%'").fetchall():
            old.execute(f"drop {kind} if exists {name}")
        old.execute("delete from _sqlite_migrations where name = 'm018_kept_counts'")
    old.close()

    database.migrate(path)

    assert_kept_right(app)
    assert frequency(app, world["project"]) == {"Money": (1, 1), "Dogs": (1, 1), "Home": (0, 0)}
    with app.app_context():
        assert [m.name for m in migrations.steps.applied(get_db())][-1] == "m018_kept_counts"


def test_an_answer_written_before_its_interview_counts_once_both_are_there(world, app):
    """A script with plain sqlite3 and no foreign keys may write answers first (bench/charts.py
    does) and delete an interview before its answers: an answer counts while both exist."""
    path, interview = app.config["DATABASE"], dict(world["interviews"][0])
    raw = sqlite3.connect(path)
    try:
        row = dict(zip([c[0] for c in raw.execute("select * from interviews where id = ?", [interview["id"]]).description],
                       raw.execute("select * from interviews where id = ?", [interview["id"]]).fetchone()))
        row.update(id=str(uuid.uuid4()), participant_code="CODE77")
        answer_id = str(uuid.uuid4())
        steps = [
            ("insert into answers (id, interview_id, question, status, value, answered_at) "
             "values (?, ?, 'money_not_good', 'answered', '\"No bus.\"', ?)", [answer_id, row["id"], row["started_at"]]),
            (f"insert into interviews ({', '.join(row)}) values ({', '.join('?' * len(row))})", list(row.values())),
            ("insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by) values (?, ?, ?, 0, ?, ?)",
             [world["project"], answer_id, world["theme"]["Home"], row["started_at"], world["lead"]["id"]]),
            ("delete from interviews where id = ?", [row["id"]]),
            ("delete from codings where answer_id = ?", [answer_id]),
            ("delete from answers where id = ?", [answer_id]),
        ]
        for sql, params in steps:
            with raw:
                raw.execute(sql, params)
            assert_kept_right(app)
    finally:
        raw.close()

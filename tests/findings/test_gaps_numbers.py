"""The numbers on the split charts (by question, site and month), the closed-question
charts and the dashboard's by-site table equal counts made here straight from the tables
with SQL: group codings only, people counted once, missing answers counted too."""
import calendar
import uuid

import pytest

from peersurvey.collect import sync
from peersurvey.db import get_db
from peersurvey.prepare import questionnaires

from ..collect.conftest import DEMO, answer
from ..theme.conftest import build_coding_world
from .test_charts import table

QUESTION_WORDS = {q["key"]: q["text"]["en"] for q in DEMO["questions"]}
OPTION_WORDS = {q["key"]: {o["key"]: o["text"]["en"] for o in q.get("options", [])} for q in DEMO["questions"]}

# Closed answers for five more interviews: a single picture choice, a multiple one, and
# yes/no questions, each with a choice, a skip, an "I don't know" or nothing at all.
EXTRA = [
    [answer("money_who", "family"), answer("go_out_with", ["friends", "partner"]), answer("my_choices", "yes"),
     answer("has_job", "no"), answer("money_not_good", "The bank letters are too hard to read.")],
    [answer("money_who", "family"), answer("go_out_with", ["friends"]), answer("my_choices", "no"),
     answer("has_job", None, "dont_know")],
    [answer("money_who", "me"), answer("go_out_with", None, "skipped"), answer("my_choices", "yes"),
     answer("has_job", None, "skipped")],
    [answer("money_who", None, "dont_know"), answer("my_choices", None, "skipped"), answer("has_job", "yes")],
    [answer("money_who", None, "skipped"), answer("go_out_with", ["on_my_own"])],
]


def ingest_more(app, world, answer_lists, first_code=10):
    with app.test_request_context():
        version = questionnaires.latest_published(world["questionnaire"])["id"]
        interviewer = get_db().execute("select id from people where name = 'Dewi'").fetchone()[0]
        items = [{"id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": interviewer,
                  "participant_code": f"CODE{first_code + n:02d}", "language": "en",
                  "started_at": f"2026-1{n % 3}-0{n + 1}T10:00:00+00:00",
                  "finished_at": f"2026-1{n % 3}-0{n + 1}T10:30:00+00:00",
                  "consent": bool(answers) or answers is None, "answers": answers or []}
                 for n, answers in enumerate(answer_lists)]
        assert [r["result"] for r in sync.ingest(world["project"], items)] == ["stored"] * len(items)
    return items


@pytest.fixture
def spread(make, app):
    """The coding world, five more interviews with closed answers, one who did not agree to
    take part, interviews over three months and three sites (one not known), and themes given
    by the group to answers to three questions, plus one coder's own theme, which must not count."""
    world = build_coding_world(make)
    lead, project = world["lead"], world["project"]
    money = make.theme(project, lead, {"en": "Money", "cy": "Arian"})
    letters = make.theme(project, lead, {"en": "Hard letters", "cy": "Llythyrau anodd"})
    make.theme(project, lead, {"en": "Unused", "cy": "Heb ei ddefnyddio"})
    more = ingest_more(app, world, EXTRA)
    refused = ingest_more(app, world, [[]], first_code=20)  # did not agree: no answers at all
    assert refused
    with app.app_context():
        db = get_db()
        # Sites: Newport, Torfaen, Caerphilly and not known (NULL, as a tablet with no site sends).
        sites = ["Newport", "Torfaen", None, "Caerphilly", "Newport"]
        for n, item in enumerate(more):
            db.execute("update interviews set site = ? where id = ?", [sites[n], item["id"]])
        db.execute("update interviews set site = null, started_at = '2026-10-03T09:00:00+00:00' where id = ?",
                   [world["interviews"][4]["id"]])
        ids = {row[0]: row[1] for row in db.execute(
            """select a.id, a.question || ':' || i.participant_code from answers a
               join interviews i on i.id = a.interview_id where i.project_id = ?""", [project])}
        by_name = {v: k for k, v in ids.items()}
        group = [("money_not_good:CODE00", money), ("money_not_good:CODE01", money), ("money_not_good:CODE02", money),
                 ("money_feel:CODE00", money), ("money_feel:CODE03", money), ("money_not_good:CODE03", letters),
                 ("money_not_good:CODE10", letters), ("money_not_good:CODE10", money),
                 ("money_who:CODE10", money), ("money_who:CODE11", money), ("money_not_good:CODE04", letters),
                 ("money_feel:CODE04", letters)]
        for name, theme_id in group:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T10:00:00+00:00', ?)""",
                       [project, by_name[name], theme_id, lead["id"]])
        # A coder's own coding, for comparing: not a finding.
        coder = world["coders"][0]["id"]
        for name in ("money_feel:CODE01", "money_feel:CODE02", "money_who:CODE12"):
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, ?, '2026-11-25T10:00:00+00:00', ?)""",
                       [project, by_name[name], letters, coder, coder])
        db.conn.commit()
    return dict(world, money=money, letters=letters)


def headers(page):
    return [th.get_text(strip=True) for th in page.soup.select(".chart__table thead th")][1:]


def sql_split(app, project_id, expression):
    """{(theme words, value): people} for the group's codings, and every theme's words."""
    with app.app_context():
        db = get_db()
        cells = {(words, value): people for words, value, people in db.execute(
            f"""select json_extract(t.words, '$.en'), {expression}, count(distinct i.id)
                from codings c join themes t on t.id = c.theme_id join answers a on a.id = c.answer_id
                join interviews i on i.id = a.interview_id
                where c.project_id = ? and c.owner = 0 group by t.id, 2""", [project_id])}
        themes = [row[0] for row in db.execute(
            "select json_extract(words, '$.en') from themes where project_id = ?", [project_id])]
    return cells, themes


def expected_table(cells, themes, label):
    columns = {value: label(value) for _words, value in cells}
    return {words: {columns[value]: cells.get((words, value), 0) for value in columns} for words in themes}


def shown_table(page):
    columns = headers(page)
    assert len(columns) == len(set(columns)), f"a column is shown twice: {columns}"
    return {words: dict(zip(columns, values)) for words, values in table(page).items()}


def month_words(value):
    year, month = value.split("-")
    return f"{calendar.month_abbr[int(month)]} {year}"


@pytest.mark.parametrize("by, expression, label", [
    ("question", "a.question", QUESTION_WORDS.get),
    ("site", "i.site", lambda site: site or "Site not known"),
    ("month", "strftime('%Y-%m', i.started_at)", month_words),
])
def test_each_split_counts_people_per_theme_and_value_as_sql_does(client, login, spread, app, by, expression, label):
    login.as_lead(spread["lead"])
    cells, themes = sql_split(app, spread["project"], expression)
    expected = expected_table(cells, themes, label)
    page = client.get(f"/projects/{spread['project']}/findings/themes/by/{by}")
    assert page.status_code == 200
    assert shown_table(page) == expected
    # The world is made so each split has several columns and someone counted once
    # though they mentioned a theme twice.
    assert len(headers(page)) >= 2
    assert expected["Unused"] and set(expected["Unused"].values()) == {0}


def test_the_splits_hold_the_numbers_the_world_was_made_with(client, login, spread):
    """The same numbers, written out by hand, so a wrong query here would be caught too."""
    login.as_lead(spread["lead"])
    base = f"/projects/{spread['project']}/findings/themes/by"
    by_question = shown_table(client.get(f"{base}/question"))
    assert by_question["Money"] == {QUESTION_WORDS["money_not_good"]: 4, QUESTION_WORDS["money_feel"]: 2,
                                    QUESTION_WORDS["money_who"]: 2}
    assert by_question["Hard letters"] == {QUESTION_WORDS["money_not_good"]: 3, QUESTION_WORDS["money_feel"]: 1,
                                           QUESTION_WORDS["money_who"]: 0}
    by_site = shown_table(client.get(f"{base}/site"))
    assert by_site["Money"] == {"Newport": 3, "Torfaen": 3, "Site not known": 0}
    assert by_site["Hard letters"] == {"Newport": 1, "Torfaen": 1, "Site not known": 1}
    by_month = shown_table(client.get(f"{base}/month"))
    assert by_month["Money"] == {"Oct 2026": 1, "Nov 2026": 5}
    assert by_month["Hard letters"] == {"Oct 2026": 2, "Nov 2026": 1}


def closed_sql(app, project_id, key):
    """People per choice, skipped, "I don't know" and not asked for one question, from SQL."""
    with app.app_context():
        db = get_db()
        chosen = dict(db.execute(
            """select j.value, count(distinct a.interview_id) from answers a
               join interviews i on i.id = a.interview_id,
               json_each(case when json_type(a.value) = 'array' then a.value else json_array(json(a.value)) end) j
               where i.project_id = ? and a.question = ? and a.status = 'answered' group by j.value""",
            [project_id, key]).fetchall())
        status = dict(db.execute(
            """select a.status, count(*) from answers a join interviews i on i.id = a.interview_id
               where i.project_id = ? and a.question = ? group by a.status""", [project_id, key]).fetchall())
        not_asked = db.execute(
            """select count(*) from interviews i where i.project_id = ? and i.consent = 1 and not exists
               (select 1 from answers a where a.interview_id = i.id and a.question = ?)""",
            [project_id, key]).fetchone()[0]
    return chosen, status.get("skipped", 0), status.get("dont_know", 0), not_asked


def shown_question(page, key):
    section = page.soup.select_one(f"#question-{key}-title").find_parent("section")
    return {r.th.get_text(strip=True): int(r.td.get_text()) for r in section.select("tbody tr")}


@pytest.mark.parametrize("key, choices", [
    ("money_who", OPTION_WORDS["money_who"]),
    ("go_out_with", OPTION_WORDS["go_out_with"]),
    ("my_choices", {"yes": "Yes", "no": "No"}),
    ("has_job", {"yes": "Yes", "no": "No"}),
])
def test_closed_questions_count_people_per_choice_as_sql_does(client, login, spread, app, key, choices):
    login.as_lead(spread["lead"])
    chosen, skipped, dont_know, not_asked = closed_sql(app, spread["project"], key)
    expected = {words: chosen.get(choice, 0) for choice, words in choices.items()}
    expected.update({"Skipped it": skipped, "Said ‘I don't know’": dont_know, "Not asked": not_asked})
    page = client.get(f"/projects/{spread['project']}/findings/questions")
    assert shown_question(page, key) == expected


def test_closed_question_numbers_written_out_by_hand(client, login, spread):
    login.as_lead(spread["lead"])
    page = client.get(f"/projects/{spread['project']}/findings/questions")
    # Ten people agreed to take part; the five from the coding world were asked none of these.
    who = shown_question(page, "money_who")
    assert (who["My family"], who["Me"], who["Skipped it"], who["Said ‘I don't know’"], who["Not asked"]) == (2, 1, 1, 1, 5)
    assert shown_question(page, "my_choices") == {"Yes": 2, "No": 1, "Skipped it": 1, "Said ‘I don't know’": 0,
                                                  "Not asked": 6}
    assert shown_question(page, "has_job") == {"Yes": 1, "No": 1, "Skipped it": 1, "Said ‘I don't know’": 1,
                                               "Not asked": 6}
    out = shown_question(page, "go_out_with")
    assert (out["My friends"], out["My partner"], out["On my own"], out["Skipped it"], out["Not asked"]) == (2, 1, 1, 1, 6)


def test_the_dashboard_counts_interviews_per_site_as_sql_does(client, login, spread, app):
    login.as_lead(spread["lead"])
    with app.app_context():
        expected = sorted((site or "Site not known", n) for site, n in get_db().execute(
            "select site, count(*) from interviews where project_id = ? group by site", [spread["project"]]))
    page = client.get(f"/projects/{spread['project']}/findings/")
    by_site = page.soup.find("caption", string="Interviews by site or group").find_parent("table")
    shown = sorted((r.th.get_text(strip=True), int(r.td.get_text())) for r in by_site.select("tbody tr"))
    assert shown == expected
    # 11 interviews in all, the one who did not agree to take part too.
    assert dict(shown) == {"Newport": 4, "Torfaen": 3, "Caerphilly": 1, "Site not known": 3}
    assert sum(n for _s, n in shown) == 11

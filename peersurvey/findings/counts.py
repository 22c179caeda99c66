"""The numbers behind every chart, poster and the dashboard, as pandas tables.

Two ways of counting, and every table says which:
  people    how many interviews (people) had at least one answer given the theme
  mentions  how many answers were given the theme (one person can mention it twice)
Only the group's agreed themes count (codings.owner = 0); coding on your own is for
comparing, not for findings. Withdrawn participants are erased, so never counted.
"""
import copy
import json
import threading

import pandas
from flask import current_app

from .. import one_at_a_time
from ..db import get_db, reading
from ..i18n import current_language
from ..prepare import questionnaires
from ..prepare.document import HEADINGS
from ..questions import kind_of, open_kinds
from ..theme import display, themes

NO_HEADING = ""


def _frame(sql, params):
    return pandas.read_sql_query(sql, get_db().conn, params=params)


def theme_table(project_id):
    """One row per theme in use: id, words (page language), colour, picture, parent_id."""
    rows = [{"theme_id": t["id"], "words": display.text_in(t["words"]), "colour": t["colour"],
             "picture": t["picture"], "parent_id": t["parent_id"]} for t in themes.active(project_id)]
    return pandas.DataFrame(rows, columns=["theme_id", "words", "colour", "picture", "parent_id"])


# What a theme split can be by: the SQL expression for each, and the join it needs (heading
# comes from the questionnaire document, passed in as a JSON object of question key -> heading).
_INTERVIEWS = "join interviews i on i.id = a.interview_id "
SPLITS = {"question": ("a.question", ""), "site": ("coalesce(i.site, '')", _INTERVIEWS),
          "month": ("substr(i.started_at, 1, 7)", _INTERVIEWS), "heading": ("coalesce(h.value, '')", "")}

# The SQL behind the numbers, named so bench/charts.py times exactly what the app runs.
# Theme counts and answers coded are kept by triggers as codings change (kept_counts.py).
FREQUENCY_SQL = """select k.theme_id, k.people, k.mentions from kept_theme_counts k
                   join themes t on t.id = k.theme_id where t.project_id = ?"""
# The headings as a table of their own (h), which SQLite indexes for the join: joined to
# json_each() itself, the whole JSON was read again for every coding (1.2 of the 2.6 s a
# split took at 1,000,000 answers). Interviews are joined only for a split that needs them (SPLITS).
SPLIT_SQL = """with h(key, value) as (select key, value from json_each(?))
               select c.theme_id, {split} as split_value, count(distinct a.interview_id) as people
               from codings c join answers a on a.id = c.answer_id
               {interviews}left join h on h.key = a.question
               where c.project_id = ? and c.owner = 0 group by c.theme_id, split_value"""


def split_sql(by):
    """SPLIT_SQL for a split by `by` (a key of SPLITS)."""
    split, join = SPLITS[by]
    return SPLIT_SQL.format(split=split, interviews=join)


DASHBOARD_SQL = {
    "interviews stored and agreed":
        "select count(*), coalesce(sum(consent), 0) from interviews where project_id = ?",
    "interviews by interviewer":
        # Counted by the index first, then each interviewer's name looked up once.
        """select p.name, g.interviews from (select interviewer_id, count(*) as interviews from interviews
                                            where project_id = ? group by interviewer_id) g
           join people p on p.id = g.interviewer_id order by g.interviews desc, p.name""",
    "interviews by site":
        """select site, count(*) from interviews where project_id = ?
           group by site order by count(*) desc, site""",
    "open answers to code / coded":
        """select coalesce(sum(answers), 0), coalesce(sum(coded), 0) from kept_question_counts
           where project_id = ? and status = 'answered' and question in (select value from json_each(?))""",
}


_cache = {}
_cache_lock = threading.Lock()


def stamp(project_id):
    """Something that changes whenever the project's numbers might: kept counts, charts and
    poster pictures are looked up by it. A few index lookups, no counting of answers.

    Row ids alone are not enough: SQLite gives a new row the highest id again once that row
    is deleted, so untagging the newest coding and tagging another theme would look the
    same. So the stamp is made of logs that only grow, plus counts for what they miss:
      coding_log     a row for every tag, untag, vote and quote, undo too
      theme_history  a row for every theme made, changed, renamed, merged or split
      audit_log      a row for every withdrawal (which also deletes coding_log rows), upload
                     and publish; nothing deletes from it
      codings, interviews, published versions   counted for the project, for writes that
                     leave no log (demo projects, imports, tests)
    """
    return tuple(get_db().execute(
        """select (select max(rowid) from coding_log),
                  (select max(rowid) from theme_history),
                  (select max(rowid) from audit_log),
                  (select count(*) from codings where project_id = ? and owner = 0),
                  (select count(*) from interviews where project_id = ?),
                  (select count(*) from questionnaire_versions v join questionnaires q on q.id = v.questionnaire_id
                   where q.project_id = ? and v.status = 'published')""",
        [project_id, project_id, project_id]).fetchone())


def _cached(name, project_id, make):
    """Counts over a whole project are kept until anything they are made from changes (see
    stamp), so a page and its chart images (several requests) count once."""
    stamp_now = stamp(project_id)
    key = (current_app.config["DATABASE"], name, project_id, current_language(), stamp_now)
    with _cache_lock:
        if key in _cache:
            return _copy(_cache[key])
    with one_at_a_time.turn(key):      # a group opening the findings at once counts once
        with _cache_lock:
            if key in _cache:
                return _copy(_cache[key])
        value = make()
        with _cache_lock:
            if len(_cache) > 64:
                _cache.clear()
            _cache[key] = value
    return _copy(value)


def _copy(value):
    """A copy the caller may change without changing what is kept."""
    return value.copy() if isinstance(value, pandas.DataFrame) else copy.deepcopy(value)


def theme_frequency(project_id):
    """How often each theme came up: people and mentions, most people first. Themes
    nobody has been given yet are listed with 0, so they are shown, not hidden. Read from
    the kept counts, so always as stored now, with no counting and nothing to cache."""
    table = theme_table(project_id)
    counts = _frame(FREQUENCY_SQL, [project_id])
    table = table.merge(counts, on="theme_id", how="left")
    table[["people", "mentions"]] = table[["people", "mentions"]].fillna(0).astype(int)
    table["picture"] = table["picture"].astype(object).where(table["picture"].notna(), None)
    return table.sort_values(["people", "mentions", "words"], ascending=[False, False, True]).reset_index(drop=True)


def people_interviewed(project_id):
    """Interviews where the person agreed to take part."""
    return get_db().execute("select count(*) from interviews where project_id = ? and consent = 1",
                            [project_id]).fetchone()[0]


def question_headings(project_id):
    """{question key: heading key or ""} over every published questionnaire."""
    result = {}
    for questionnaire in questionnaires.published(project_id):
        for question in questionnaires.questions_of(questionnaire["id"]):
            result.setdefault(question["key"], question.get("heading") or NO_HEADING)
    return result


def question_words(project_id):
    return {q["key"]: display.text_in(q["text"]) for questionnaire in questionnaires.published(project_id)
            for q in questionnaires.questions_of(questionnaire["id"])}


def theme_split(project_id, by):
    """People per theme and per `by` (a key of SPLITS). One row per theme, most people
    first, one column per value (headings in their usual order, "" for none)."""
    return _cached(f"split-{by}", project_id, lambda: _theme_split(project_id, by))


def _theme_split(project_id, by):
    order = theme_frequency(project_id)
    headings = json.dumps(question_headings(project_id)) if by == "heading" else "{}"
    counts = _frame(split_sql(by), [headings, project_id])
    if counts.empty:
        return pandas.DataFrame(index=pandas.Index(order["theme_id"], name="theme_id"))
    split = counts.pivot(index="theme_id", columns="split_value", values="people").fillna(0)
    split = split.reindex(order["theme_id"], fill_value=0)
    if by == "heading":
        split = split.reindex(columns=[h for h in (*HEADINGS, NO_HEADING) if h in split.columns])
    split.columns.name = by
    return split.astype(int)


def closed_questions(project_id):
    """For every question with fixed answers to choose from (picture choice, feelings,
    yes/no): how many people gave each answer, and how many skipped it, said "I don't
    know", or were never asked. One dict per question, in questionnaire order."""
    return _cached("closed", project_id, lambda: _closed_questions(project_id))


def _closed_questions(project_id):
    result = []
    for questionnaire in questionnaires.published(project_id):
        interviews = get_db().execute(
            """select count(*) from interviews i join questionnaire_versions v on v.id = i.questionnaire_version_id
               where i.project_id = ? and i.consent = 1 and v.questionnaire_id = ?""",
            [project_id, questionnaire["id"]]).fetchone()[0]
        for question in questionnaires.questions_of(questionnaire["id"]):
            if not kind_of(question).CHARTED:
                continue
            result.append(_spread(project_id, questionnaire["id"], question, interviews))
    return result


def _spread(project_id, questionnaire_id, question, interviews):
    rows = get_db().execute(
        """select a.status, a.value from answers a join interviews i on i.id = a.interview_id
           join questionnaire_versions v on v.id = i.questionnaire_version_id
           where i.project_id = ? and v.questionnaire_id = ? and a.question = ?""",
        [project_id, questionnaire_id, question["key"]]).fetchall()
    choices = kind_of(question).chart_choices(question)
    counts = {key: 0 for key, _w, _p in choices}
    status = {"skipped": 0, "dont_know": 0}
    for row_status, value in rows:
        if row_status != "answered":
            status[row_status] = status.get(row_status, 0) + 1
            continue
        chosen = json.loads(value)
        for key in chosen if isinstance(chosen, list) else [chosen]:
            if key in counts:
                counts[key] += 1
    return {"key": question["key"], "question": display.text_in(question["text"]),
            "heading": question.get("heading") or NO_HEADING, "multiple": bool(question.get("multiple")),
            "choices": [{"key": k, "words": w, "picture": p, "people": counts[k]} for k, w, p in choices],
            "skipped": status["skipped"], "dont_know": status["dont_know"],
            "not_asked": max(interviews - len(rows), 0), "interviews": interviews}


def shareable_quotes(project_id, theme_id, limit=3, prefer=None):
    """Answers marked as quotes, given this theme by the group, whose participant agreed
    their words could be shared (checked again here, not only when marked), each with the
    language the person spoke in. Quotes given in `prefer` come first, so a poster in one
    language shows its own language's words where it has them."""
    rows = get_db().execute(
        """select a.id, a.value, a.question, i.questionnaire_version_id, i.language from quotes q
           join answers a on a.id = q.answer_id join interviews i on i.id = a.interview_id
           join codings c on c.answer_id = a.id and c.owner = 0 and c.theme_id = ?
           where q.project_id = ? and i.share_words = 1
           order by i.language is not ?, q.marked_at, a.id limit ?""",
        [theme_id, project_id, prefer, limit]).fetchall()
    documents = display.Documents()
    quotes = []
    for answer_id, value, key, version, language in rows:
        question = documents.question(version, key)
        if question:
            words = display.plain_words(display.shown({"value": value}, question, project_id))
            if words:
                quotes.append({"answer_id": answer_id, "words": words, "language": language})
    return quotes


def open_keys(project_id):
    """The keys of questions answered in people's own words, over every published questionnaire."""
    return [q["key"] for questionnaire in questionnaires.published(project_id)
            for q in questionnaires.questions_of(questionnaire["id"]) if q["kind"] in open_kinds()]


def dashboard(project_id):
    """What the lead's dashboard shows: interviews by interviewer and by site, and how much
    of what people said in their own words has been given a theme."""
    db, sql = get_db(), DASHBOARD_SQL
    with reading(db):   # every number from one snapshot, so "coded" never exceeds "to code"
        return _dashboard(db, sql, project_id)


def _dashboard(db, sql, project_id):
    stored, agreed = db.execute(sql["interviews stored and agreed"], [project_id]).fetchone()
    by_interviewer = [dict(name=r[0], interviews=r[1])
                      for r in db.execute(sql["interviews by interviewer"], [project_id])]
    by_site = [dict(site=r[0] or "", interviews=r[1]) for r in db.execute(sql["interviews by site"], [project_id])]
    to_code, coded = db.execute(sql["open answers to code / coded"],
                                [project_id, json.dumps(open_keys(project_id))]).fetchone()
    return dict(stored=stored, agreed=agreed, by_interviewer=by_interviewer, by_site=by_site,
                to_code=to_code, coded=coded, leaders=theme_frequency(project_id).head(3))

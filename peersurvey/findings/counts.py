"""The numbers behind every chart, poster and the dashboard, as pandas tables.

Two ways of counting, and every table says which:
  people    how many interviews (people) had at least one answer given the theme
  mentions  how many answers were given the theme (one person can mention it twice)
Only the group's agreed themes count (codings.owner = 0); coding on your own is for
comparing, not for findings. Withdrawn participants are erased, so never counted.
"""
import json

import pandas

from ..db import get_db
from ..prepare.document import HEADINGS
from ..questions import kind_of
from ..theme import display, sessions, themes

NO_HEADING = ""


def _frame(sql, params):
    return pandas.read_sql_query(sql, get_db().conn, params=params)


def theme_table(project_id):
    """One row per theme in use: id, words (page language), colour, picture, parent_id."""
    rows = [{"theme_id": t["id"], "words": display.text_in(t["words"]), "colour": t["colour"],
             "picture": t["picture"], "parent_id": t["parent_id"]} for t in themes.active(project_id)]
    return pandas.DataFrame(rows, columns=["theme_id", "words", "colour", "picture", "parent_id"])


def coded_answers(project_id):
    """Every (theme, answer) the group agreed, with what each answer belongs to."""
    return _frame(
        """select c.theme_id, a.id as answer_id, a.question, i.id as interview_id,
                  coalesce(i.site, '') as site, substr(i.started_at, 1, 7) as month,
                  v.questionnaire_id
           from codings c join answers a on a.id = c.answer_id
           join interviews i on i.id = a.interview_id
           join questionnaire_versions v on v.id = i.questionnaire_version_id
           where c.project_id = ? and c.owner = 0""", [project_id])


def theme_frequency(project_id):
    """How often each theme came up: people and mentions, most people first. Themes
    nobody has been given yet are listed with 0, so they are shown, not hidden."""
    table = theme_table(project_id)
    coded = coded_answers(project_id)
    counts = coded.groupby("theme_id").agg(people=("interview_id", "nunique"), mentions=("answer_id", "size"))
    table = table.merge(counts, left_on="theme_id", right_index=True, how="left")
    table[["people", "mentions"]] = table[["people", "mentions"]].fillna(0).astype(int)
    return table.sort_values(["people", "mentions", "words"], ascending=[False, False, True]).reset_index(drop=True)


def people_interviewed(project_id):
    """Interviews where the person agreed to take part."""
    return get_db().execute("select count(*) from interviews where project_id = ? and consent = 1",
                            [project_id]).fetchone()[0]


def question_headings(project_id):
    """{question key: heading key or ""} over every published questionnaire."""
    result = {}
    for questionnaire in sessions.questionnaires(project_id):
        for question in sessions.questions_of(questionnaire["id"]):
            result.setdefault(question["key"], question.get("heading") or NO_HEADING)
    return result


def question_words(project_id):
    return {q["key"]: display.text_in(q["text"]) for questionnaire in sessions.questionnaires(project_id)
            for q in sessions.questions_of(questionnaire["id"])}


def theme_split(project_id, by):
    """People per theme and per `by`: "question", "heading", "site" or "month".
    Returns a table with one row per theme (most people first) and one column per value."""
    coded = coded_answers(project_id)
    if by == "heading":
        headings = question_headings(project_id)
        coded["heading"] = coded["question"].map(lambda key: headings.get(key, NO_HEADING))
    order = theme_frequency(project_id)
    if coded.empty:
        return pandas.DataFrame(index=order["theme_id"])
    split = coded.groupby(["theme_id", by])["interview_id"].nunique().unstack(fill_value=0)
    split = split.reindex(order["theme_id"], fill_value=0)
    if by == "heading":
        split = split.reindex(columns=[h for h in (*HEADINGS, NO_HEADING) if h in split.columns])
    return split.astype(int)


def closed_questions(project_id):
    """For every question with fixed answers to choose from (picture choice, feelings,
    yes/no): how many people gave each answer, and how many skipped it, said "I don't
    know", or were never asked. One dict per question, in questionnaire order."""
    result = []
    for questionnaire in sessions.questionnaires(project_id):
        interviews = get_db().execute(
            """select count(*) from interviews i join questionnaire_versions v on v.id = i.questionnaire_version_id
               where i.project_id = ? and i.consent = 1 and v.questionnaire_id = ?""",
            [project_id, questionnaire["id"]]).fetchone()[0]
        for question in sessions.questions_of(questionnaire["id"]):
            kind = kind_of(question)
            if not (kind.FIXED_ANSWERS or kind.NAME == "picture_choice"):
                continue
            result.append(_spread(project_id, questionnaire["id"], question, interviews))
    return result


def _spread(project_id, questionnaire_id, question, interviews):
    rows = get_db().execute(
        """select a.status, a.value from answers a join interviews i on i.id = a.interview_id
           join questionnaire_versions v on v.id = i.questionnaire_version_id
           where i.project_id = ? and v.questionnaire_id = ? and a.question = ?""",
        [project_id, questionnaire_id, question["key"]]).fetchall()
    kind = kind_of(question)
    if kind.FIXED_ANSWERS:
        choices = [(key, str(words), picture) for key, words, picture in kind.FIXED_ANSWERS]
    else:
        choices = [(o["key"], display.text_in(o["text"]), o.get("picture")) for o in question.get("options", [])]
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


def shareable_quotes(project_id, theme_id, limit=3):
    """Answers marked as quotes, given this theme by the group, whose participant agreed
    their words could be shared (checked again here, not only when marked)."""
    rows = get_db().execute(
        """select a.id, a.value, a.question, i.questionnaire_version_id from quotes q
           join answers a on a.id = q.answer_id join interviews i on i.id = a.interview_id
           join codings c on c.answer_id = a.id and c.owner = 0 and c.theme_id = ?
           where q.project_id = ? and i.share_words = 1 order by q.marked_at, a.id limit ?""",
        [theme_id, project_id, limit]).fetchall()
    documents = display.Documents()
    quotes = []
    for answer_id, value, key, version in rows:
        question = documents.question(version, key)
        if question:
            words = display.plain_words(display.shown({"value": value}, question, project_id))
            if words:
                quotes.append({"answer_id": answer_id, "words": words})
    return quotes

"""Reading interviews, as a lead does: a page of a project's interviews (filtered by
interviewer, site, questionnaire and day), and one interview with every question of its
questionnaire version, in the interview's language.

A project may hold 100,000 interviews: a page is read with LIMIT/OFFSET over the index
(project_id[, interviewer_id], datetime(started_at), id) made by migration m012, and only
the page's questionnaire versions are parsed. Withdrawn interviews are erased, so they are
never here."""
import json
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import force_locale, get_timezone

from ..db import get_db
from ..i18n import text_in
from ..prepare.picture_urls import picture_url, picture_words
from ..questions import kind_of
from . import recordings

PER_PAGE = 50
STARTED = "datetime(i.started_at)"    # the indexed expression: the time in UTC


def choices(project_id):
    """What the filters offer: (id, name) of everyone who interviewed here or may, the sites
    interviews came from, and (id, title in the page's language) of each questionnaire."""
    db = get_db()
    people = list(db.query(
        """select id, name from people where id in (
               select person_id from memberships where project_id = ? and role = 'interviewer'
               union select distinct interviewer_id from interviews where project_id = ?)
           order by name, id""", [project_id, project_id]))
    sites = [row["site"] for row in db.query(
        "select distinct site from interviews where project_id = ? and site is not null order by site",
        [project_id])]
    questionnaires = [(row["id"], text_in(json.loads(row["document"])["title"])) for row in db.query(
        """select q.id, v.document from questionnaires q join questionnaire_versions v
           on v.questionnaire_id = q.id and v.number = (
               select max(number) from questionnaire_versions where questionnaire_id = q.id)
           where q.project_id = ? order by q.id""", [project_id])]
    return {"people": people, "sites": sites, "questionnaires": questionnaires}


def _utc_start_of(day):
    """The first moment of a day in the project's clock (Europe/London), as SQLite's
    datetime() writes a UTC time: '2026-12-04 00:00:00'."""
    # zoneinfo, not Babel's pytz zone: pytz given as tzinfo= would be an hour-less LMT offset.
    local = datetime.combine(day, time(0), tzinfo=ZoneInfo(str(get_timezone())))
    return local.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _where(project_id, filters):
    clauses, params = ["i.project_id = ?"], [project_id]
    if filters.get("interviewer"):
        clauses.append("i.interviewer_id = ?")
        params.append(filters["interviewer"])
    if filters.get("site"):
        clauses.append("i.site = ?")
        params.append(filters["site"])
    if filters.get("questionnaire"):
        clauses.append("i.questionnaire_version_id in "
                       "(select id from questionnaire_versions where questionnaire_id = ?)")
        params.append(filters["questionnaire"])
    if filters.get("start"):
        clauses.append(f"{STARTED} >= ?")
        params.append(_utc_start_of(filters["start"]))
    if filters.get("end"):
        clauses.append(f"{STARTED} < ?")
        params.append(_utc_start_of(filters["end"] + timedelta(days=1)))
    return " and ".join(clauses), params


def count(project_id, filters):
    where, params = _where(project_id, filters)
    return get_db().execute(f"select count(*) from interviews i where {where}", params).fetchone()[0]


def page(project_id, filters, number=1, per_page=PER_PAGE):
    """One page of interviews, newest first: each with the interviewer's name, how many
    answers it has, and its questionnaire's title in the page's language. The page's ids are
    found first, in the index's order, so the rows OFFSET skips are never joined to their
    interviewer or have their answers counted."""
    where, params = _where(project_id, filters)
    db = get_db()
    rows = list(db.query(
        f"""select i.id, i.started_at, i.site, i.participant_code, i.language, i.demo,
                   i.questionnaire_version_id, people.name as interviewer,
                   (select count(*) from answers where interview_id = i.id) as answers
            from interviews i join people on people.id = i.interviewer_id
            where i.id in (select i.id from interviews i where {where}
                           order by {STARTED} desc, i.id desc limit ? offset ?)
            order by {STARTED} desc, i.id desc""",
        [*params, per_page, (number - 1) * per_page]))
    titles = _titles({row["questionnaire_version_id"] for row in rows})
    for row in rows:
        row["questionnaire"] = titles.get(row["questionnaire_version_id"], "")
    return rows


def _titles(version_ids):
    return {row["id"]: text_in(json.loads(row["document"])["title"]) for row in get_db().query(
        "select id, document from questionnaire_versions where id in (select value from json_each(?))",
        [json.dumps(sorted(version_ids))])}


def interview(project_id, interview_id):
    """The interview (with its interviewer's name and its version's document), or None if
    there is no such interview in this project."""
    rows = list(get_db().query(
        """select i.*, people.name as interviewer, v.document from interviews i
           join people on people.id = i.interviewer_id
           join questionnaire_versions v on v.id = i.questionnaire_version_id
           where i.id = ? and i.project_id = ?""", [interview_id, project_id]))
    if not rows:
        return None
    return dict(rows[0], document=json.loads(rows[0]["document"]))


def questions_and_answers(project_id, found):
    """Every question of the interview's version, in order, with its words, picture and
    answer in the interview's language: {"key", "text", "picture", "alt", "status", "text"
    and "chosen" as the kind's `shown` gives them}. status is "answered", "skipped" ("I don't
    want to say"), "dont_know", or "not_asked" (a condition left it out, or it was never
    reached), and "recording" (collect/recordings.for_answers) for the answer and for each
    chosen picture, or None."""
    answers = {row["question"]: row for row in get_db().query(
        "select id, question, status, value from answers where interview_id = ?", [found["id"]])}
    recorded = recordings.for_answers([row["id"] for row in answers.values()])
    shown = []
    # The kinds and text_in read the page's language: here it is the interview's.
    with force_locale(found["language"]):
        for question in found["document"]["questions"]:
            answer = answers.get(question["key"])
            item = {"key": question["key"], "asked": text_in(question.get("text")),
                    "picture": picture_url(question.get("picture"), project_id),
                    "alt": picture_words(question.get("picture"), project_id, found["language"]),
                    "status": answer["status"] if answer else "not_asked", "said": "", "chosen": []}
            if answer and answer["status"] == "answered":
                value = json.loads(answer["value"]) if answer["value"] is not None else None
                view = kind_of(question).shown(question, value)
                item["said"] = view["text"]
                item["chosen"] = [_chosen(c, project_id, found["language"]) for c in view["chosen"]]
            # Each recording beside what it is of: the answer, or a chosen picture's "tell me more".
            parts = {r["part"]: r for r in recorded.get(answer["id"], [])} if answer else {}
            item["recording"] = parts.get("")
            for chosen in item["chosen"]:
                chosen["recording"] = parts.get(chosen.get("key"))
            shown.append(item)
    return shown


def _chosen(chosen, project_id, language):
    """A chosen answer with where its picture is served and its alt text: the picture's own
    words, or none when they are the answer's words beside it (read once, not twice)."""
    words = picture_words(chosen["picture"], project_id, language)
    return {**chosen, "picture": picture_url(chosen["picture"], project_id),
            "alt": "" if words.casefold() == (chosen["words"] or "").casefold() else words}

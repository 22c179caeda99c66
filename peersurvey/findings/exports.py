"""Exports for professionals: the answers, the interviews, the themes and the codings as
tables (pandas), written as CSV or as one Excel workbook with a "Read me" sheet.

Personal data is kept to what the research needs: no participant codes and no
interviewer names (a lead sees those in the app). Withdrawn participants are erased from
the database, so they are in no table. Words are in the language of the page the lead
downloads from; the column names stay the same in every language, so scripts keep working.

Every text cell that a spreadsheet could take for a formula (starting with = + - @, or a
tab or carriage return) gets a leading apostrophe: a participant's words can start with "=".
"""
import io
import json
import re

import pandas
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..db import get_db, now
from ..prepare.document import HEADINGS
from ..questions import kind_of
from ..theme import display, sessions, themes

# Every column of every table, with what it means (the "Read me" sheet and the page).
COLUMNS = {
    "Answers": [
        ("answer_id", _l("The answer's own id. The Codings sheet uses it.")),
        ("interview_id", _l("The interview the answer belongs to. The Interviews sheet has one row for each.")),
        ("questionnaire", _l("The questionnaire's title.")),
        ("version", _l("Which version of the questionnaire was used (1, 2, …).")),
        ("question_key", _l("The question's short name. It never changes.")),
        ("question_en", _l("The question's words in English.")),
        ("question_cy", _l("The question's words in Welsh.")),
        ("kind", _l("The kind of question: picture_choice, feelings, yes_no, free_text, dream_trigger "
                    "or short_answer.")),
        ("heading", _l("The Working Together for Change heading: what is working, what is not working, "
                       "or what is important for the future. Empty if none.")),
        ("status", _l("answered, skipped (the person did not want to say) or dont_know (the person "
                      "said ‘I don't know’).")),
        ("answer", _l("The answer in words. Pictures chosen are given by their words; what the person "
                      "said about a picture follows a colon, and several are split by ‘;’.")),
        ("site", _l("Where the interview happened (the tablet's place or group). Empty if not known.")),
        ("language", _l("The language of the interview: en (English) or cy (Welsh).")),
        ("started_at", _l("When the interview started (UTC).")),
        ("themes", _l("The themes the group gave this answer, split by ‘;’.")),
    ],
    "Interviews": [
        ("interview_id", _l("The interview's own id.")),
        ("questionnaire", _l("The questionnaire's title.")),
        ("version", _l("Which version of the questionnaire was used (1, 2, …).")),
        ("site", _l("Where the interview happened (the tablet's place or group). Empty if not known.")),
        ("language", _l("The language of the interview: en (English) or cy (Welsh).")),
        ("consent", _l("1 if the person agreed to take part, 0 if not.")),
        ("share_words", _l("1 if the person agreed their words could go on posters, 0 if not, empty "
                           "if they were not asked.")),
        ("started_at", _l("When the interview started (UTC).")),
        ("finished_at", _l("When the interview finished (UTC).")),
        ("demo", _l("1 for made-up interviews in the demo project, else 0.")),
        ("…", _l("Then one column for each question, named by its short name, with the answer in "
                 "words. [skipped] means the person did not want to say, [dont_know] that they "
                 "said ‘I don't know’; empty means the question was not asked.")),
    ],
    "Themes": [
        ("theme_id", _l("The theme's own id.")),
        ("words_en", _l("The theme's words in English.")),
        ("words_cy", _l("The theme's words in Welsh.")),
        ("description_en", _l("What the theme means, in English.")),
        ("description_cy", _l("What the theme means, in Welsh.")),
        ("colour", _l("The colour of the theme's card: blue, green, orange, purple, red, teal, pink, brown "
                      "or grey.")),
        ("colour_hex", _l("The same colour as a web colour code.")),
        ("parent_id", _l("For a sub-theme, the id of the theme it sits under. Empty for a main theme.")),
        ("answers", _l("How many answers the group gave this theme.")),
    ],
    "Codings": [
        ("answer_id", _l("The answer that was given the theme (see the Answers sheet).")),
        ("theme_id", _l("The theme it was given (see the Themes sheet).")),
        ("theme_words", _l("The theme's words.")),
        ("owner", _l("group for the group's agreed themes; otherwise the name of the coder who "
                     "coded on their own, for comparing.")),
        ("created_at", _l("When the theme was given (UTC).")),
        ("created_by", _l("Who gave it.")),
    ],
}
SHEETS = tuple(COLUMNS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters an Excel file cannot hold at all (openpyxl refuses them).
NOT_IN_EXCEL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _columns(sheet):
    return [name for name, _meaning in COLUMNS[sheet] if name != "…"]


def safe_cell(value):
    """A text that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe(frame):
    return frame.map(safe_cell).rename(columns=safe_cell)


class _Versions:
    """Each questionnaire version's title and questions (in order), read once."""

    def __init__(self):
        self._versions = {}

    def get(self, version_id):
        if version_id not in self._versions:
            row = get_db().execute("select number, document from questionnaire_versions where id = ?",
                                   [version_id]).fetchone()
            document = json.loads(row[1])
            self._versions[version_id] = {
                "number": row[0], "title": display.text_in(document["title"]),
                "questions": {q["key"]: (n, q) for n, q in enumerate(document["questions"])}}
        return self._versions[version_id]


def answer_words(question, status, value):
    """The answer as words: option words for pictures, "Cinema: with my sister; Swimming" for
    dream triggers; numbers stay numbers."""
    if status != "answered":
        return ""
    kind = kind_of(question)
    if kind.FIXED_ANSWERS:
        return next((str(words) for key, words, _p in kind.FIXED_ANSWERS if key == value), str(value))
    if kind.HAS_OPTIONS:
        options = {o["key"]: display.text_in(o.get("text")) or o["key"] for o in question.get("options", [])}
        parts = []
        for item in value if isinstance(value, list) else [value]:
            key, said = (item.get("option"), item.get("text")) if isinstance(item, dict) else (item, "")
            words = options.get(key, str(key))
            parts.append(f"{words}: {said}" if said else words)
        return "; ".join(parts)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return "" if value is None else str(value)


def _interviews(project_id):
    return [dict(row) for row in get_db().query(
        """select id, questionnaire_version_id, site, language, consent, share_words, started_at,
                  finished_at, demo from interviews where project_id = ? order by started_at, id""",
        [project_id])]


def _answers(project_id):
    """{interview id: [answer rows]}."""
    result = {}
    for row in get_db().query(
            """select a.id, a.interview_id, a.question, a.status, a.value from answers a
               join interviews i on i.id = a.interview_id where i.project_id = ?""", [project_id]):
        result.setdefault(row["interview_id"], []).append(dict(row, value=json.loads(row["value"] or "null")))
    return result


def _group_themes(project_id):
    """{answer id: [theme words]} for the group's codings, in codebook order."""
    order = {theme["id"]: (n, display.text_in(theme["words"])) for n, theme in enumerate(themes.active(project_id))}
    given = {}
    for answer_id, theme_id in get_db().execute(
            "select answer_id, theme_id from codings where project_id = ? and owner = 0", [project_id]):
        if theme_id in order:
            given.setdefault(answer_id, []).append(order[theme_id])
    return {answer_id: [words for _n, words in sorted(items)] for answer_id, items in given.items()}


def answers_table(project_id):
    """One row per answer."""
    versions, given, rows = _Versions(), _group_themes(project_id), []
    answers = _answers(project_id)
    for interview in _interviews(project_id):
        version = versions.get(interview["questionnaire_version_id"])
        for answer in sorted(answers.get(interview["id"], []),
                             key=lambda a: version["questions"].get(a["question"], (1e9, None))[0]):
            _n, question = version["questions"][answer["question"]]
            rows.append({
                "answer_id": answer["id"], "interview_id": interview["id"],
                "questionnaire": version["title"], "version": version["number"],
                "question_key": answer["question"], "question_en": question["text"].get("en", ""),
                "question_cy": question["text"].get("cy", ""), "kind": question["kind"],
                "heading": str(HEADINGS[question["heading"]]) if question.get("heading") else "",
                "status": answer["status"], "answer": answer_words(question, answer["status"], answer["value"]),
                "site": interview["site"] or "", "language": interview["language"],
                "started_at": interview["started_at"], "themes": "; ".join(given.get(answer["id"], [])),
            })
    return pandas.DataFrame(rows, columns=_columns("Answers"))


def question_columns(project_id):
    """[(questionnaire id, question key, column name)] for every question any published
    version asked, in questionnaire order. A key two questionnaires share is told apart
    by the questionnaire's title."""
    asked = [(q["id"], display.text_in(json.loads(q["document"])["title"]), question["key"])
             for q in sessions.questionnaires(project_id) for question in sessions.questions_of(q["id"])]
    keys = [key for _q, _t, key in asked]
    return [(qid, key, key if keys.count(key) == 1 else f"{key} ({title})") for qid, title, key in asked]


def interviews_table(project_id):
    """One row per interview, then one column per question."""
    versions, answers, rows = _Versions(), _answers(project_id), []
    owner = dict(get_db().execute(
        "select v.id, v.questionnaire_id from questionnaire_versions v join questionnaires q "
        "on q.id = v.questionnaire_id where q.project_id = ?", [project_id]).fetchall())
    columns = question_columns(project_id)
    for interview in _interviews(project_id):
        version = versions.get(interview["questionnaire_version_id"])
        row = {"interview_id": interview["id"], "questionnaire": version["title"],
               "version": version["number"], "site": interview["site"] or "",
               "language": interview["language"], "consent": interview["consent"],
               "share_words": interview["share_words"], "started_at": interview["started_at"],
               "finished_at": interview["finished_at"], "demo": interview["demo"]}
        by_key = {a["question"]: a for a in answers.get(interview["id"], [])}
        for questionnaire_id, key, column in columns:
            answer = by_key.get(key) if owner[interview["questionnaire_version_id"]] == questionnaire_id else None
            if answer is None:
                row[column] = ""
            elif answer["status"] != "answered":
                row[column] = f"[{answer['status']}]"
            else:
                row[column] = answer_words(version["questions"][key][1], "answered", answer["value"])
        rows.append(row)
    frame = pandas.DataFrame(rows, columns=_columns("Interviews") + [c for _q, _k, c in columns])
    frame["share_words"] = frame["share_words"].astype("Int64")
    return frame


def themes_table(project_id):
    counts = themes.answer_counts(project_id)
    rows = [{"theme_id": t["id"], "words_en": t["words"].get("en", ""), "words_cy": t["words"].get("cy", ""),
             "description_en": t["description"].get("en", ""), "description_cy": t["description"].get("cy", ""),
             "colour": t["colour"], "colour_hex": themes.COLOURS[t["colour"]][0],
             "parent_id": t["parent_id"], "answers": counts.get(t["id"], 0)}
            for t in themes.active(project_id)]
    frame = pandas.DataFrame(rows, columns=_columns("Themes"))
    frame["parent_id"] = frame["parent_id"].astype("Int64")
    return frame


def codings_table(project_id):
    words = {t["id"]: display.text_in(t["words"]) for t in themes.active(project_id)}
    rows = [{"answer_id": row["answer_id"], "theme_id": row["theme_id"], "theme_words": words.get(row["theme_id"], ""),
             "owner": "group" if row["owner"] == 0 else row["owner_name"], "created_at": row["created_at"],
             "created_by": row["created_by_name"] or ""}
            for row in get_db().query(
                """select c.answer_id, c.theme_id, c.owner, c.created_at, owner.name as owner_name,
                          maker.name as created_by_name from codings c
                   left join people owner on owner.id = c.owner left join people maker on maker.id = c.created_by
                   where c.project_id = ? order by c.owner, c.created_at, c.id""", [project_id])]
    return pandas.DataFrame(rows, columns=_columns("Codings"))


TABLES = {"Answers": answers_table, "Interviews": interviews_table, "Themes": themes_table,
          "Codings": codings_table}


def csv_bytes(frame):
    """UTF-8 with a byte order mark, so Excel shows Welsh letters (ŵ, ŷ) right."""
    return _safe(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def workbook_bytes(project_id, project_name):
    """One Excel workbook: a "Read me" sheet first, then Answers, Interviews, Themes, Codings."""
    out = io.BytesIO()
    with pandas.ExcelWriter(out, engine="openpyxl") as writer:
        _read_me(writer.book.create_sheet("Read me"), project_name)
        for sheet in SHEETS:
            # Characters Excel cannot hold go first, so none can hide a formula's "=" behind it.
            frame = _safe(TABLES[sheet](project_id).map(
                lambda v: NOT_IN_EXCEL.sub("", v) if isinstance(v, str) else v))
            frame.to_excel(writer, sheet_name=sheet, index=False)
            _tidy(writer.sheets[sheet])
    return out.getvalue()


def _read_me(sheet, project_name):
    lines = [
        [_("Exports for professionals from peersurvey")],
        [_("Project: %(name)s", name=project_name)],
        [_("Made on %(when)s (UTC).", when=now())],
        [_("Participant codes and interviewer names are left out: only what the research needs is here. "
           "People who were taken out of the research are not in it.")],
        [_("A text that starts with = + - or @ has an apostrophe put in front, so the spreadsheet "
           "does not run it as a formula.")],
        [],
        [_("Sheet"), _("Column"), _("What it means")],
    ]
    lines += [[sheet_name, name, str(meaning)] for sheet_name, columns in COLUMNS.items() for name, meaning in columns]
    for line in lines:
        sheet.append([safe_cell(cell) for cell in line])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 100


def _tidy(sheet):
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(longest + 2, 10), 60)

"""Exports for professionals: the answers, the interviews, the themes and the codings as
tables, written as CSV or as one Excel workbook with a "Read me" sheet.

Every table is read a row at a time and written out as it is read (CSV as a stream, Excel in
openpyxl's write-only mode), so a project of millions of answers needs no more memory than a
small one. Each table function gives (column names, rows); call it inside `db.reading`, so
every row comes from one snapshot of the database.

Personal data is kept to what the research needs: no participant codes and no
interviewer names (a lead sees those in the app). Withdrawn participants are erased from
the database, so they are in no table. Words are in the language of the page the lead
downloads from; the column names stay the same in every language, so scripts keep working.

Every cell goes through `safe_cell`: a text a spreadsheet could take for a formula gets a
leading apostrophe (a participant's words can start with "="), and characters the file
cannot hold (NUL in CSV) are left out.
"""
import csv
import io
import itertools
import json
import re
import tempfile

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..db import get_db, now, reading
from ..prepare import questionnaires
from ..prepare.document import HEADINGS
from ..questions import QUESTION_KINDS, kind_of
from ..theme import display, themes

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
        ("kind", LazyString(lambda: _("The kind of question, one of: %(kinds)s.",
                                      kinds=", ".join(kind.NAME for kind in QUESTION_KINDS)))),
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
        ("recording", _l("1 if what the person said was recorded, else 0. Listen on the interview's page "
                         "in peersurvey. The answer column has the words typed.")),
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
        ("record_voice", _l("1 if the person agreed their voice could be recorded, 0 if not, empty if "
                            "they were not asked.")),
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
# A text starting with one of these could be run as a formula: = + - @, their full-width forms
# (which spreadsheets in East Asian languages read the same way), and a space, tab or line
# break, which a spreadsheet may skip before it looks.
FORMULA_START = ("=", "+", "-", "@", "＝", "＋", "－", "＠", " ", "\t", "\r", "\n")
# NUL ends the text for many programs that read CSV, so it is left out of every cell.
NOT_IN_CSV = re.compile("\000")
# Characters an Excel file cannot hold at all (openpyxl refuses them); NUL is one of them.
NOT_IN_EXCEL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
EXCEL_MAX_ROWS = 1_048_576      # on one sheet, the column names' row included
WIDTH_SAMPLE = 1000             # rows an Excel column's width is measured on


def _columns(sheet):
    return [name for name, _meaning in COLUMNS[sheet] if name != "…"]


def safe_cell(value, unwritable=NOT_IN_CSV):
    """A text that no spreadsheet will run as a formula. Characters the file cannot hold go
    first, so none can hide a formula's "=" behind it."""
    if not isinstance(value, str):
        return value
    value = unwritable.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


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
    return kind_of(question).answer_words(question, value)


UNKNOWN_QUESTION = {"text": {}, "kind": "", "heading": None}


def _words_of(question, answer):
    if question is UNKNOWN_QUESTION:
        return "" if answer["value"] is None or answer["status"] != "answered" else str(answer["value"])
    return answer_words(question, answer["status"], answer["value"])


def _interviews(project_id):
    """The project's interviews in order, read as they are used."""
    return get_db().query(
        """select id, questionnaire_version_id, site, language, consent, share_words, started_at,
                  finished_at, demo, record_voice from interviews where project_id = ? order by started_at, id""",
        [project_id])


def _answers_of(interview_id):
    return [dict(row, value=json.loads(row["value"] or "null")) for row in get_db().query(
        """select id, question, status, value,
                  exists (select 1 from recordings r where r.answer_id = answers.id) as recorded
           from answers where interview_id = ?""", [interview_id])]


class _GroupThemes:
    """The themes the group gave each answer, in codebook order, one interview at a time."""

    def __init__(self, project_id):
        self.project_id = project_id
        self.order = {theme["id"]: (n, display.text_in(theme["words"]))
                      for n, theme in enumerate(themes.active(project_id))}

    def of_interview(self, interview_id):
        """{answer id: "words; words"}."""
        given = {}
        for answer_id, theme_id in get_db().execute(
                """select c.answer_id, c.theme_id from answers a join codings c on c.answer_id = a.id
                   where a.interview_id = ? and c.project_id = ? and c.owner = 0""",
                [interview_id, self.project_id]):
            if theme_id in self.order:
                given.setdefault(answer_id, []).append(self.order[theme_id])
        return {answer_id: "; ".join(words for _n, words in sorted(items)) for answer_id, items in given.items()}


def answers_table(project_id):
    """One row per answer: (column names, rows)."""
    return _columns("Answers"), _answer_rows(project_id)


def _answer_rows(project_id):
    versions, group = _Versions(), _GroupThemes(project_id)
    for interview in _interviews(project_id):
        version = versions.get(interview["questionnaire_version_id"])
        given = group.of_interview(interview["id"])
        for answer in sorted(_answers_of(interview["id"]),
                             key=lambda a: version["questions"].get(a["question"], (1e9, None))[0]):
            # A key its version does not ask (only a damaged file brought in makes one) is kept,
            # its answer as it was: the rest of the export must not stop there.
            question = version["questions"].get(answer["question"], (None, UNKNOWN_QUESTION))[1]
            yield [answer["id"], interview["id"], version["title"], version["number"], answer["question"],
                   question["text"].get("en", ""), question["text"].get("cy", ""), question["kind"],
                   str(HEADINGS[question["heading"]]) if question.get("heading") else "",
                   answer["status"], _words_of(question, answer),
                   interview["site"] or "", interview["language"], interview["started_at"],
                   given.get(answer["id"], ""), answer["recorded"]]


def question_columns(project_id):
    """[(questionnaire id, question key, column name)] for every question any published
    version asked, in questionnaire order. A key two questionnaires share is told apart
    by the questionnaire's title."""
    asked = [(q["id"], display.text_in(json.loads(q["document"])["title"]), question["key"])
             for q in questionnaires.published(project_id) for question in questionnaires.questions_of(q["id"])]
    keys = [key for _q, _t, key in asked]
    return [(qid, key, key if keys.count(key) == 1 else f"{key} ({title})") for qid, title, key in asked]


def interviews_table(project_id):
    """One row per interview, then one column per question: (column names, rows)."""
    columns = question_columns(project_id)
    return _columns("Interviews") + [c for _q, _k, c in columns], _interview_rows(project_id, columns)


def _interview_rows(project_id, columns):
    versions = _Versions()
    owner = dict(get_db().execute(
        "select v.id, v.questionnaire_id from questionnaire_versions v join questionnaires q "
        "on q.id = v.questionnaire_id where q.project_id = ?", [project_id]).fetchall())
    for interview in _interviews(project_id):
        version = versions.get(interview["questionnaire_version_id"])
        row = [interview["id"], version["title"], version["number"], interview["site"] or "",
               interview["language"], interview["consent"], interview["share_words"],
               interview["started_at"], interview["finished_at"], interview["demo"], interview["record_voice"]]
        by_key = {a["question"]: a for a in _answers_of(interview["id"])}
        for questionnaire_id, key, _column in columns:
            answer = by_key.get(key) if owner[interview["questionnaire_version_id"]] == questionnaire_id else None
            if answer is None:
                row.append("")
            elif answer["status"] != "answered":
                row.append(f"[{answer['status']}]")
            else:
                row.append(_words_of(version["questions"].get(key, (None, UNKNOWN_QUESTION))[1], answer))
        yield row


def themes_table(project_id):
    """One row per theme in use: (column names, rows)."""
    counts = themes.answer_counts(project_id)
    rows = ([t["id"], t["words"].get("en", ""), t["words"].get("cy", ""), t["description"].get("en", ""),
             t["description"].get("cy", ""), t["colour"], themes.COLOURS[t["colour"]][0], t["parent_id"],
             counts.get(t["id"], 0)] for t in themes.active(project_id))
    return _columns("Themes"), rows


def codings_table(project_id):
    """One row each time a theme was given to an answer: (column names, rows)."""
    words = {t["id"]: display.text_in(t["words"]) for t in themes.active(project_id)}
    rows = ([row["answer_id"], row["theme_id"], words.get(row["theme_id"], ""),
             "group" if row["owner"] == 0 else row["owner_name"], row["created_at"], row["created_by_name"] or ""]
            for row in get_db().query(
                """select c.answer_id, c.theme_id, c.owner, c.created_at, owner.name as owner_name,
                          maker.name as created_by_name from codings c
                   left join people owner on owner.id = c.owner left join people maker on maker.id = c.created_by
                   where c.project_id = ? order by c.owner, c.created_at, c.id""", [project_id]))
    return _columns("Codings"), rows


TABLES = {"Answers": answers_table, "Interviews": interviews_table, "Themes": themes_table,
          "Codings": codings_table}


def csv_chunks(table, size=64 * 1024):
    """A table as CSV, in pieces of whole lines about `size` characters long: UTF-8 with a
    byte order mark, so Excel shows Welsh letters (ŵ, ŷ) right. Empty cells are empty."""
    columns, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow([safe_cell(name) for name in columns])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        if out.tell() >= size:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def csv_of_snapshot(db, sheet, project_id):
    """The table `sheet` as csv_chunks, every row read from one snapshot of `db`."""
    with reading(db):
        yield from csv_chunks(TABLES[sheet](project_id))


def too_big_for_excel(project_id):
    """True if a table has more rows than an Excel sheet holds."""
    db = get_db()
    most = max(db.execute(sql, [project_id]).fetchone()[0] for sql in (
        "select count(*) from answers a join interviews i on i.id = a.interview_id where i.project_id = ?",
        "select count(*) from interviews where project_id = ?",
        "select count(*) from codings where project_id = ?",
        "select count(*) from themes where project_id = ?"))
    return most >= EXCEL_MAX_ROWS


def write_workbook(out, project_id, project_name):
    """One Excel workbook, written to the file `out`: a "Read me" sheet first, then Answers,
    Interviews, Themes, Codings. Rows go to disk as they are read (openpyxl's write-only mode)."""
    book = Workbook(write_only=True)
    _read_me(book.create_sheet("Read me"), project_name)
    for sheet in SHEETS:
        _write_sheet(book.create_sheet(sheet), *TABLES[sheet](project_id))
    book.save(out)


def workbook_file(project_id, project_name):
    """The workbook, read from one snapshot, in a private temporary file (gone once closed,
    after sending; never the whole file in memory) left at its end; None if too_big_for_excel."""
    with reading(get_db()):
        if too_big_for_excel(project_id):
            return None
        out = tempfile.TemporaryFile()
        try:
            write_workbook(out, project_id, project_name)
        except BaseException:
            out.close()
            raise
    return out


def _excel_cell(value):
    return "" if value is None else safe_cell(value, NOT_IN_EXCEL)


def _write_sheet(sheet, columns, rows):
    rows = ([_excel_cell(value) for value in row] for row in itertools.chain([columns], rows))
    # A write-only sheet needs its widths before its first row, so they are measured on the
    # first rows only: every row of most projects.
    first = list(itertools.islice(rows, WIDTH_SAMPLE + 1))
    for n, cells in enumerate(itertools.zip_longest(*first), start=1):
        longest = max((len(str(cell)) for cell in cells if cell is not None), default=8)
        sheet.column_dimensions[get_column_letter(n)].width = min(max(longest + 2, 10), 60)
    sheet.freeze_panes = "A2"
    for row in itertools.chain(first, rows):
        sheet.append(row)


def _read_me(sheet, project_name):
    lines = [
        [_("Exports for professionals from peersurvey")],
        [_("Project: %(name)s", name=project_name)],
        [_("Made on %(when)s (UTC).", when=now())],
        [_("Participant codes and interviewer names are left out: only what the research needs is here. "
           "People who were taken out of the research are not in it.")],
        [_("A text that starts with = + - or @ (or their wide forms ＝ ＋ － ＠), a space, a tab or a line "
           "break has an apostrophe put in front, so the spreadsheet does not run it as a formula. Control "
           "characters that a spreadsheet cannot hold are left out.")],
        [],
        [_("Sheet"), _("Column"), _("What it means")],
    ]
    lines += [[sheet_name, name, str(meaning)] for sheet_name, columns in COLUMNS.items() for name, meaning in columns]
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 100
    for line in lines:
        sheet.append([_excel_cell(cell) for cell in line])

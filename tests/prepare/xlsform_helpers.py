"""Helpers for the tests of the XLSForm importer (tests/prepare/test_xlsform_*.py): write a
workbook from lists of rows, find what was said about a row, and check that an imported
questionnaire has the fields of docs/questionnaire-format.md and nothing else. The
`render` fixture that turns import lines into sentences is in tests/prepare/conftest.py."""
import re

import openpyxl

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
QUESTION_FIELDS = {"key", "kind", "text", "picture", "note", "heading", "condition", "audio"}
EXTRA_FIELDS = {"picture_choice": {"multiple", "options"}, "short_answer": {"numeric", "min", "max"},
                "yes_no": set(), "free_text": set(), "spoken_answer": set()}


def workbook(tmp_path, survey, choices=None, settings=None, name="form.xlsx"):
    """Write an XLSForm from lists of rows (the first row of each sheet is its headings)."""
    book = openpyxl.Workbook()
    sheets = [("survey", survey), ("choices", choices), ("settings", settings)]
    book.remove(book.active)
    for title, rows in sheets:
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def rows_of(rendered):
    return [row for _, row, _ in rendered]


def said_about(rendered, row, sheet="survey"):
    return " ".join(text for s, r, text in rendered if r == row and s == sheet)


def check_document(document):
    """The fields of docs/questionnaire-format.md, and nothing else."""
    assert set(document) == {"format", "title", "consent", "questions"}
    assert document["format"] == "peersurvey-questionnaire/1"
    for text in (document["title"], document["consent"]):
        assert set(text) == {"en", "cy"} and all(isinstance(v, str) for v in text.values())
    seen = {}
    for question in document["questions"]:
        kind = question["kind"]
        optional = {"answer_words"} if kind == "yes_no" else set()   # a list's own yes and no words
        assert set(question) - optional == QUESTION_FIELDS | EXTRA_FIELDS[kind], question
        assert KEY.match(question["key"]) and question["key"] not in seen
        for text in (question["text"], question["note"]):
            assert set(text) == {"en", "cy"} and all(isinstance(v, str) for v in text.values())
        assert question["picture"] is None and question["heading"] is None
        assert question["audio"] == {"en": None, "cy": None}
        if kind == "picture_choice":
            option_keys = [option["key"] for option in question["options"]]
            assert len(set(option_keys)) == len(option_keys)
            for option in question["options"]:
                assert set(option) == {"key", "text", "picture", "audio"}
                assert KEY.match(option["key"]) and option["picture"] is None
                assert option["audio"] == {"en": None, "cy": None}
        condition = question["condition"]
        if condition is not None:
            assert set(condition) == {"question", "options"}
            earlier = seen[condition["question"]]  # a KeyError means: not an earlier question
            allowed = ({"yes", "no"} if earlier["kind"] == "yes_no"
                       else {option["key"] for option in earlier["options"]})
            assert condition["options"] and set(condition["options"]) <= allowed
        seen[question["key"]] = question


def questions_by_key(result):
    check_document(result.document)
    return {question["key"]: question for question in result.document["questions"]}

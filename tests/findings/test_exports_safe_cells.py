"""What a participant said can never turn into a formula in the lead's spreadsheet, however it
starts, and no export carries a NUL (many programs that read CSV stop at one)."""
import io

import openpyxl
import pytest

from peersurvey.collect import sync
from peersurvey.db import get_db
from tests.collect.conftest import answer, interview

from .test_exports import base, build_rich_project, read_csv

# What a spreadsheet could run, or find a formula behind once it skips the first character.
DANGEROUS = {
    "space": " =1+2", "tab": "\t=1+2", "new line": "\n=1+2", "carriage return": "\r=1+2",
    "wide equals": "＝HYPERLINK(\"http://evil.example\")", "wide plus": "＋1+2",
    "wide minus": "－1+2", "wide at": "＠SUM(A1)",
    "equals": "=1+2", "plus": "+1", "minus": "-1", "at": "@SUM(A1)",
}


@pytest.fixture
def said(make, login, app):
    """A project where each dangerous start, and a NUL, is what someone said."""
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    texts = dict(DANGEROUS, nul="=1+2\x00 and\x00 more", hidden="\x00=1+2")
    with app.test_request_context():
        db = get_db()
        version, interviewer = db.execute(
            "select questionnaire_version_id, interviewer_id from interviews where project_id = ? limit 1",
            [world["project"]]).fetchone()
        field = {"version": version, "interviewer": {"id": interviewer}}
        made = {name: interview(field, [answer("money_not_good", "placeholder")]) for name in texts}
        assert all(r["result"] == "stored" for r in sync.ingest(world["project"], list(made.values())))
        # Put straight in, so the test does not depend on what the sync lets through.
        for name, text in texts.items():
            db.execute("update answers set value = json_quote(?) where id = ?", [text, made[name]["answers"][0]["id"]])
    return dict(world, said={made[name]["answers"][0]["id"]: text for name, text in texts.items()})


def test_every_start_a_spreadsheet_could_run_gets_an_apostrophe_in_csv(client, said):
    table = read_csv(client.get(base(said) + "/answers.csv")).set_index("answer_id")
    for answer_id, text in said["said"].items():
        if text in DANGEROUS.values():
            assert table.loc[answer_id, "answer"] == "'" + text, repr(text)
    interviews = client.get(base(said) + "/interviews.csv")
    body = interviews.data.decode("utf-8-sig")
    interviews.close()
    for text in DANGEROUS.values():
        assert '"\'' + text.replace('"', '""') in body or ",'" + text in body, repr(text)


def test_no_nul_reaches_a_csv_and_none_hides_a_formula(client, said):
    for path in ("/answers.csv", "/interviews.csv", "/themes.csv", "/codings.csv"):
        response = client.get(base(said) + path)
        assert b"\x00" not in response.data, path
        response.close()
    table = read_csv(client.get(base(said) + "/answers.csv")).set_index("answer_id")
    answers = set(table.answer)
    assert "'=1+2 and more" in answers, "NUL is left out; the rest of the words stay"
    assert "\x00=1+2" not in answers and "=1+2" not in answers, "a NUL in front cannot hide a formula"


def test_the_workbook_makes_the_same_starts_harmless(client, said):
    response = client.get(base(said) + "/workbook.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    response.close()
    try:
        assert [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
        cells = {row[0]: row[10] for row in book["Answers"].iter_rows(values_only=True)}
        for answer_id, text in said["said"].items():
            if text in DANGEROUS.values():
                # XML reads a carriage return back as a line break.
                assert cells[answer_id] == "'" + text.replace("\r", "\n"), repr(text)
        assert cells[next(a for a, t in said["said"].items() if t.startswith("\x00"))] == "'=1+2"
    finally:
        book.close()


def test_an_answer_its_version_does_not_ask_is_kept_and_does_not_cut_the_export_short(client, make, login, app):
    """Only a damaged file brought in can make one; the CSV is sent as it is read, so a row
    that stopped it would leave a file that looks whole but is not."""
    import sqlite3

    from .test_exports import base, build_rich_project
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    before = client.get(base(world) + "/answers.csv").get_data(as_text=True).splitlines()
    conn = sqlite3.connect(app.config["DATABASE"])
    with conn:
        interview = conn.execute("select id from interviews order by id limit 1").fetchone()[0]
        conn.execute("insert into answers (id, interview_id, question, status, value, answered_at) values "
                     "('not-asked-answer', ?, 'never_asked', 'answered', '\"kept\"', '2026-01-01T00:00:00+00:00')",
                     [interview])
    conn.close()
    for path in ("/answers.csv", "/interviews.csv"):
        assert client.get(base(world) + path).status_code == 200
    after = client.get(base(world) + "/answers.csv").get_data(as_text=True).splitlines()
    assert len(after) == len(before) + 1
    assert any("never_asked" in line and "kept" in line for line in after)

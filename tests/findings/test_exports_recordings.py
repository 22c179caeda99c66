"""CSV and Excel exports say which answers were recorded (the typed words stay the answer)
and whether the person agreed to be recorded."""
import io

import openpyxl

from tests.collect.conftest import answer, field, interview, post  # noqa: F401  (field: a fixture)
from tests.collect.recording_helpers import announce, put, sound

from .test_exports import read_csv


def test_the_answers_say_which_were_recorded(client, field, login):  # noqa: F811  (the fixture)
    data = sound()
    rec = announce(data)
    recorded = interview(field, answers=[dict(answer("money_not_good", "Not enough"), recordings=[rec]),
                                         answer("town", "Newport")], record_voice=True)
    waiting = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[announce(sound(0.2))])],
                        record_voice=True, participant_code="WAIT01")
    typed = interview(field, answers=[answer("money_not_good", "Typed")], participant_code="TYPED1")
    post(client, field, [recorded, waiting, typed])
    put(client, field, rec["id"], 0, data)
    login.as_lead(field["lead"])
    base = f"/projects/{field['project']}/exports"
    table = read_csv(client.get(base + "/answers.csv")).set_index("answer_id")
    ids = {a["id"]: a for item in (recorded, waiting, typed) for a in item["answers"]}
    got = {answer_id: (table.loc[answer_id, "recording"], table.loc[answer_id, "answer"]) for answer_id in ids}
    assert got[recorded["answers"][0]["id"]] == ("1", "Not enough")
    assert got[recorded["answers"][1]["id"]] == ("0", "Newport")
    assert got[waiting["answers"][0]["id"]] == ("1", ""), "on its way still counts: it was recorded"
    assert got[typed["answers"][0]["id"]] == ("0", "Typed")
    interviews = read_csv(client.get(base + "/interviews.csv")).set_index("interview_id")
    assert interviews.loc[recorded["id"], "record_voice"] == "1" and interviews.loc[typed["id"], "record_voice"] == ""
    response = client.get(base + "/workbook.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    response.close()
    rows = list(book["Answers"].iter_rows(values_only=True))
    column = rows[0].index("recording")
    by_id = {row[0]: row[column] for row in rows[1:]}
    assert by_id[recorded["answers"][0]["id"]] == 1 and by_id[typed["answers"][0]["id"]] == 0
    explained = {row[1] for row in book["Read me"].iter_rows(values_only=True) if len(row) > 1}
    assert "recording" in explained and "record_voice" in explained

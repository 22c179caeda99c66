"""A yes/no question's own words (Welsh "Oes" / "Nac oes") travel in the bundle, but the
answer kept is still yes or no: the sync takes it, a condition on it still works, and
charts and exports count it under yes and no, in the words of the page's language."""
import io
import json

import pandas

from peersurvey.db import connect

from .conftest import answer, interview, post


def stored(app, question):
    db = connect(app.config["DATABASE"])
    try:
        return [json.loads(r["value"]) for r in db.query(
            "select value from answers where question = ? order by answered_at, value", [question])]
    finally:
        db.close()


def test_the_bundle_carries_the_words_and_the_built_in_keys(client, field):
    bundle = client.get(f"/api/v1/bundle/{field['version']}", headers=field["headers"]).json
    has_job = next(q for q in bundle["document"]["questions"] if q["key"] == "has_job")
    assert has_job["answer_words"] == {"yes": {"en": "Yes", "cy": "Oes"}, "no": {"en": "No", "cy": "Nac oes"}}
    assert [a["key"] for a in bundle["fixed_answers"]["yes_no"]] == ["yes", "no"]


def test_answers_stay_yes_and_no_and_charts_and_exports_use_the_words(client, field, app, login):
    has = interview(field, answers=[answer("has_job", "yes"), answer("job_good", "I like the people")])
    has_not = interview(field, answers=[answer("has_job", "no"), answer("job_want", "yes")])
    results = post(client, field, [has, has_not]).json["results"]
    assert [r["result"] for r in results] == ["stored", "stored"]
    assert sorted(stored(app, "has_job")) == ["no", "yes"] and stored(app, "job_want") == ["yes"]
    assert "Oes" not in json.dumps(stored(app, "has_job"))
    wrong = interview(field, answers=[answer("has_job", "Oes")])
    assert post(client, field, [wrong]).json["results"][0]["result"] == "rejected"

    login.as_lead(field["lead"])
    for language, yes, no, like in (("en", "Yes", "No", "Yes"), ("cy", "Oes", "Nac oes", "Hoffwn")):
        client.get(f"/language/{language}")
        page = client.get(f"/projects/{field['project']}/findings/questions")
        job = page.soup.select_one("#question-has_job-title").find_parent("section")
        rows = {r.th.get_text(strip=True): int(r.td.get_text()) for r in job.select("tbody tr")}
        assert (rows[yes], rows[no]) == (1, 1), rows
        want = page.soup.select_one("#question-job_want-title").find_parent("section")
        rows = {r.th.get_text(strip=True): int(r.td.get_text()) for r in want.select("tbody tr")}
        assert rows[like] == 1 and list(rows.values()).count(1) == 2, rows   # one yes, one not asked
        body = client.get(f"/projects/{field['project']}/exports/answers.csv").data
        table = pandas.read_csv(io.BytesIO(body), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert sorted(table[table.question_key == "has_job"].answer) == sorted([yes, no])

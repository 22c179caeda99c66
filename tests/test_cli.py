"""The command line: create the first lead on a new install, and the demo project."""
import json
import os

from pathlib import Path

from peersurvey.db import connect


def read_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_create_lead_makes_an_account_that_can_sign_in(runner, client):
    result = runner.invoke(args=["create-lead", "--name", "Rhian", "--email", "Rhian@Example.org"],
                           input="a good long password\na good long password\n")
    assert result.exit_code == 0, result.output
    assert "Made a lead account for Rhian <rhian@example.org>" in result.output
    response = client.submit("/signin", {"email": "rhian@example.org", "password": "a good long password"})
    assert response.headers["Location"] == "/projects/"


def test_create_lead_refuses_a_short_password_a_bad_email_or_a_taken_one(runner, app):
    def run(email, password):
        return runner.invoke(args=["create-lead", "--name", "R", "--email", email],
                             input=f"{password}\n{password}\n")
    assert "at least 10 characters" in run("r@example.org", "short").output
    assert "does not look right" in run("not-an-email", "a good long password").output
    assert run("r@example.org", "a good long password").exit_code == 0
    result = run("r@example.org", "another long password")
    assert result.exit_code != 0 and "already uses" in result.output
    assert connect(app.config["DATABASE"])["people"].count == 1


def test_demo_makes_the_project_once_and_writes_its_logins(runner, app, client, login):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    path = os.path.join(app.instance_path, "demo-logins.json")
    logins = read_json(path)
    assert logins["project"]["name"] == "Better Lives (demo)"
    assert logins["lead"]["password"] in first.output
    assert logins["tablet"]["token"] not in first.output, "the long token is never shown: a short code is"
    second = runner.invoke(args=["demo"])
    assert read_json(path) == logins
    assert connect(app.config["DATABASE"])["projects"].count == 1
    lead = dict(logins["lead"])
    login.as_lead(lead)
    assert "Better Lives (demo)" in client.get("/projects/").get_data(as_text=True)
    dewi = next(p for p in logins["people"] if p["name"] == "Dewi Price")
    client.set_cookie("peersurvey_tablet", logins["tablet"]["token"])
    people = client.get("/tablet/").soup.select(".person-button")
    href = next(a["href"] for a in people if "Dewi Price" in a.get_text())
    assert client.submit(href, {"pin": dewi["pin"]}).headers["Location"] == "/tablet/home"
    assert second.exit_code == 0


def test_demo_gives_fresh_logins_if_its_file_was_lost(runner, app):
    runner.invoke(args=["demo"])
    path = os.path.join(app.instance_path, "demo-logins.json")
    old = read_json(path)
    os.remove(path)
    assert runner.invoke(args=["demo"]).exit_code == 0
    new = read_json(path)
    assert new["tablet"]["token"] != old["tablet"]["token"]
    assert connect(app.config["DATABASE"])["projects"].count == 1


def test_the_demo_has_a_published_bilingual_questionnaire_using_every_kind(runner, app):
    from peersurvey.questions import BY_NAME
    assert runner.invoke(args=["demo"]).exit_code == 0
    db = connect(app.config["DATABASE"])
    [row] = list(db.query("select * from questionnaire_versions"))
    document = json.loads(row["document"])
    assert row["status"] == "published"
    kinds = {q["kind"] for q in document["questions"]}
    assert kinds == set(BY_NAME)
    assert {q.get("multiple") for q in document["questions"] if q["kind"] == "picture_choice"} == {True, False}
    assert all(q["text"]["en"] and q["text"]["cy"] and q["picture"] for q in document["questions"])
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db["questionnaire_versions"].count == 1
    demo = db.execute("select count(*), sum(demo), sum(consent) from interviews").fetchone()
    assert demo[0] == demo[1] and 110 <= demo[0] <= 120, "about 120 demo interviews, all marked as demo"
    texts = {json.loads(r["value"]) for r in db.query(
        "select value from answers where question = 'going_out_stops' and status = 'answered'")}
    assert len(texts) >= 8, "free-text answers varied enough to be worth coding"

"""Sync validation is exact: codes and ids match whole (no trailing newline), a UUID is the
same in capitals, the order of answers means nothing, an id from another project is not
called a conflict, one out-of-range number refuses only its own interview, and a tablet
sends only for people who signed in on it."""
import json
import uuid

from peersurvey.people import queries as people

from ..pages import text
from .conftest import interview, post
from .test_lead_interviews import count


def results(response):
    return [r["result"] for r in response.json["results"]]


def test_a_code_or_id_with_a_trailing_newline_is_refused(client, field, app):
    with_newline = interview(field, participant_code="ABCD\n")
    id_newline = interview(field)
    id_newline["id"] += "\n"
    response = post(client, field, [with_newline, id_newline])
    assert results(response) == ["rejected", "rejected"]
    assert "participant code is not right" in response.json["results"][0]["reason"]
    assert count(app, "select count(*) from interviews") == 0


def test_the_same_uuid_in_capitals_is_the_same_interview(client, field, app):
    item = interview(field)
    assert results(post(client, field, [item])) == ["stored"]
    shouted = json.loads(json.dumps(item))
    shouted["id"] = item["id"].upper()
    for answer in shouted["answers"]:
        answer["id"] = answer["id"].upper()
    response = post(client, field, [shouted])
    assert response.json["results"] == [{"id": shouted["id"], "result": "already_stored"}]
    assert count(app, "select count(*) from interviews") == 1


def test_an_interview_stored_in_capitals_is_kept_lower_case(client, field, app):
    item = interview(field)
    item["id"] = item["id"].upper()
    assert results(post(client, field, [item])) == ["stored"]
    assert count(app, "select count(*) from interviews where id = ?", [item["id"].lower()]) == 1


def test_the_same_interview_with_its_answers_in_another_order_is_already_stored(client, field):
    item = interview(field)
    post(client, field, [item])
    shuffled = dict(item, answers=list(reversed(item["answers"])))
    assert results(post(client, field, [shuffled])) == ["already_stored"]


def test_an_id_used_in_another_project_is_not_called_a_conflict(client, field, make, app):
    lead = make.lead()
    other_project = make.project(lead, "Elsewhere")
    item = interview(field)
    with app.app_context():
        from peersurvey.db import get_db
        get_db().execute(
            """insert into interviews (id, project_id, questionnaire_version_id, interviewer_id, participant_code,
               language, consent, started_at, finished_at, received_at, content_hash)
               values (?, ?, ?, ?, 'ELSE01', 'en', 1, 'x', 'x', 'x', 'x')""",
            [item["id"], other_project, field["version"], field["interviewer"]["id"]])
        get_db().conn.commit()
    [result] = post(client, field, [item]).json["results"]
    assert result["result"] == "rejected"
    assert "cannot be used on this server" in result["reason"]
    assert "sent before with different answers" not in result["reason"]


def test_one_out_of_range_number_refuses_only_its_own_interview(client, field, app):
    good = interview(field)
    for bad_value in ("9223372036854775808", "-9223372036854775809", "1" + "0" * 30, "9" * 5000, "1e999",
                      "1.5", "true", "-1", "0"):
        bad = interview(field, questionnaire_version="@@")
        worse = interview(field, interviewer="@@")
        body = json.dumps({"interviews": [bad, worse, good]}).replace('"@@"', bad_value)
        response = client.post("/api/v1/sync", data=body, headers=field["headers"], content_type="application/json")
        assert response.status_code == 200, bad_value
        assert results(response)[:2] == ["rejected", "rejected"]
    assert count(app, "select count(*) from interviews") == 1


def test_a_number_answer_too_big_for_the_database_refuses_only_its_interview(client, field, app):
    item = interview(field)
    next(a for a in item["answers"] if a["question"] == "age")["value"] = "@@"
    body = json.dumps({"interviews": [item, interview(field)]}).replace('"@@"', "1" + "0" * 30)
    response = client.post("/api/v1/sync", data=body, headers=field["headers"], content_type="application/json")
    assert results(response) == ["rejected", "stored"]
    assert count(app, "select count(*) from interviews") == 1


def test_a_tablet_sends_only_for_people_who_signed_in_on_it(client, field, make, app):
    stranger = make.member(field["project"], "Nia", ("interviewer",), pin="1111")
    response = post(client, field, [interview(field, interviewer=stranger["id"])])
    assert results(response) == ["rejected"]
    assert "never signed in on this tablet" in response.json["results"][0]["reason"]
    make.signed_in_on(field["tablet"], stranger)
    assert results(post(client, field, [interview(field, interviewer=stranger["id"])])) == ["stored"]


def test_signing_in_with_a_pin_on_the_tablet_lets_it_send_for_that_person(client, field, make, login):
    nia = make.member(field["project"], "Nia", ("interviewer",), pin="1111")
    login.as_tablet_person(field["tablet"], nia)
    assert results(post(client, field, [interview(field, interviewer=nia["id"])])) == ["stored"]


def test_the_tablet_token_is_not_in_the_tablet_pages(client, field, login):
    login.as_tablet_person(field["tablet"], field["interviewer"])
    page = client.get("/tablet/home")
    assert field["tablet"]["token"] not in page.get_data(as_text=True)
    assert "data-token" not in page.get_data(as_text=True)


def test_the_api_takes_the_tablet_cookie_only_with_the_tablets_own_header(client, field):
    client.set_cookie("peersurvey_tablet", field["tablet"]["token"])
    body = {"interviews": [interview(field)]}
    assert client.post("/api/v1/sync", json=body).status_code == 401, "another site's form post is refused"
    response = client.post("/api/v1/sync", json=body, headers={"X-Peersurvey-Tablet": "1"})
    assert response.status_code == 200 and results(response) == ["stored"]


def test_an_interviewer_whose_role_was_removed_is_refused_then_stored_after_the_fix(client, field, login, app):
    item = interview(field, participant_code="STUCK1")
    with app.app_context():
        people.set_roles(field["project"], field["interviewer"]["id"], ("coder",))
    [result] = post(client, field, [item]).json["results"]
    assert result["result"] == "rejected" and "Try again" in result["reason"]
    assert "Rhowch gynnig arall" in result["reasons"]["cy"], "every language, for the tablet's screen"
    login.as_lead(field["lead"])
    page = text(client.get(f"/projects/{field['project']}/interviews/"))
    assert "Interviews a tablet could not send" in page
    assert "STUCK1" in page and field["tablet"]["name"] in page and "give them the interviewer role" in page
    assert count(app, "select count(*) from sync_refusals") == 1
    listing = client.get(f"/projects/{field['project']}/interviews/")
    client.get(listing.soup.select_one(".language-switch a[lang=cy]")["href"])
    assert "roi rôl cyfwelydd iddyn nhw" in text(client.get(f"/projects/{field['project']}/interviews/")), \
        "the reason is in the lead's language, not the tablet's"
    with app.app_context():
        people.set_roles(field["project"], field["interviewer"]["id"], ("interviewer",))
    assert results(post(client, field, [item])) == ["stored"]
    assert count(app, "select count(*) from sync_refusals") == 0, "the record goes once it is in"
    assert "Cyfweliadau nad oedd llechen yn gallu eu hanfon" not in text(client.get(f"/projects/{field['project']}/interviews/"))


def test_a_body_over_the_limit_answers_413_in_plain_words(client, field):
    body = json.dumps({"interviews": [interview(field)], "padding": "x" * (2 * 1024 * 1024)})
    response = client.post("/api/v1/sync", data=body, headers=field["headers"], content_type="application/json")
    assert response.status_code == 413 and "too big" in response.json["error"]


def test_hostile_json_bodies_get_a_plain_400(client, field):
    deep = "[" * 100_000 + "]" * 100_000
    for body in (deep, '{"interviews": [NaN]}', '{"interviews": [Infinity]}',
                 '{"interviews": ' + "[" * 40 + "]" * 40 + "}"):
        response = client.post("/api/v1/sync", data=body, headers=field["headers"], content_type="application/json")
        assert response.status_code == 400, body[:30]
        assert "could not read" in response.json["error"]


def test_a_random_id_is_a_uuid_made_by_any_tablet(client, field):
    assert results(post(client, field, [interview(field, id=str(uuid.uuid4()).upper())])) == ["stored"]


def test_a_refused_interview_brought_in_from_a_file_leaves_the_lead_s_list(client, field, login, app):
    from .test_lead_interviews import upload
    item = interview(field, participant_code="FILE01")
    with app.app_context():
        people.set_roles(field["project"], field["interviewer"]["id"], ("coder",))
    assert results(post(client, field, [item])) == ["rejected"]
    assert count(app, "select count(*) from sync_refusals") == 1
    with app.app_context():
        people.set_roles(field["project"], field["interviewer"]["id"], ("interviewer",))
    login.as_lead(field["lead"])
    assert "Interview 1: stored." in text(upload(client, field, json.dumps({"interviews": [item]}).encode()))
    assert count(app, "select count(*) from sync_refusals") == 0, "stored from a file: the record goes too"

"""The whole-project file carries peer researchers' work and pay: the accounts need them
wherever the project goes. What an interview, a session or a writing session suggested still
names it by its id on the new server."""
import json

from peersurvey.db import get_db, now
from peersurvey.pay import claims, work

from tests.collect.conftest import field, interview, post  # noqa: F401  (field: a fixture)

from .test_project_transfer import bring_in, download, fresh, rows  # noqa: F401  (fresh: a fixture)


def paid_project(client, field, app, login):  # noqa: F811
    sent = interview(field, started_at="2026-11-03T10:00:00+00:00", finished_at="2026-11-03T10:30:00+00:00")
    post(client, field, [sent])
    lead, person = field["lead"]["id"], field["interviewer"]["id"]
    with app.test_request_context():
        db = get_db()
        db["projects"].update(field["project"], {"pay_limit_pence": 10000, "pay_limit_period": "week"})
        db["pay_rates"].insert({"project_id": field["project"], "kind": "interview", "unit": "interview",
                                "pence": 1500, "starts_on": "2026-01-01", "created_at": now(), "created_by": lead})
        session_id = db["coding_sessions"].insert({
            "project_id": field["project"], "questionnaire_id": field["questionnaire"], "mode": "group",
            "started_at": now(), "started_by": lead}).last_pk
        db["session_attendance"].insert({"session_id": session_id, "person_id": person, "project_id": field["project"],
                                         "joined_at": "2026-11-04T10:00:00+00:00",
                                         "last_seen_at": "2026-11-04T11:00:00+00:00"})
        db["work_entries"].insert_all([
            {"project_id": field["project"], "person_id": person, "kind": "coding", "minutes": 60,
             "started_at": "2026-11-04T10:00:00+00:00", "source": f"session:{session_id}",
             "detail": json.dumps({"session_id": session_id}), "status": "suggested", "added_at": now()},
            {"project_id": field["project"], "person_id": person, "kind": "writing", "minutes": 90,
             "started_at": "2026-11-05T10:00:00+00:00", "source": "writing:1b2c",
             "detail": json.dumps({"questionnaire_id": field["questionnaire"]}), "status": "suggested",
             "added_at": now()}])
        [entry] = work.entries(field["project"], person_id=person, status="suggested", first="2026-11-03",
                               following="2026-11-04")
        work.decide(field["project"], [entry["id"]], "confirmed", by=lead)
        claims.set_choice(field["project"], person, "vouchers", by=lead)
        claim_id = claims.approve(field["project"], person, "2026-11", by=lead)
        claims.mark_paid(field["project"], claim_id, "voucher", by=lead)
    login.as_lead(field["lead"])
    return {"project": field["project"], "interview": sent["id"]}


def pay_of(app, project):
    entries = rows(app, "select kind, minutes, source, detail, status, claim_id is not null as claimed "
                        "from work_entries where project_id = ? order by kind", [project])
    paid = rows(app, "select period, pence, paid_how from pay_claims where project_id = ?", [project])
    return entries, paid


def test_work_and_pay_move_to_a_fresh_server(client, field, app, login, fresh):  # noqa: F811
    world = paid_project(client, field, app, login)
    arrived = bring_in(fresh["client"], fresh["landing"], download(client, world))
    project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    entries, paid = pay_of(fresh["app"], project)
    assert paid == [{"period": "2026-11", "pence": 1500, "paid_how": "voucher"}]
    assert [(e["kind"], e["minutes"], e["status"], e["claimed"]) for e in entries] == [
        ("coding", 60, "suggested", 0), ("interview", 30, "confirmed", 1), ("writing", 90, "suggested", 0)]
    [session] = rows(fresh["app"], "select id from coding_sessions where project_id = ?", [project])
    [questionnaire] = rows(fresh["app"], "select id from questionnaires where project_id = ?", [project])
    assert entries[0]["source"] == f"session:{session['id']}"
    assert json.loads(entries[0]["detail"]) == {"session_id": session["id"]}
    assert entries[1]["source"] == f"interview:{world['interview']}"
    assert json.loads(entries[2]["detail"]) == {"questionnaire_id": questionnaire["id"]}
    assert rows(fresh["app"], "select pay_limit_pence, pay_limit_period from projects where id = ?", [project]) == \
        [{"pay_limit_pence": 10000, "pay_limit_period": "week"}]
    assert rows(fresh["app"], "select choice from pay_choices where project_id = ?", [project]) == \
        [{"choice": "vouchers"}]
    assert len(rows(fresh["app"], "select * from session_attendance where project_id = ?", [project])) == 1


def test_a_copy_on_the_same_server_names_its_own_interviews(client, field, app, login):  # noqa: F811
    world = paid_project(client, field, app, login)
    arrived = bring_in(client, world["project"], download(client, world))
    project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    entries, paid = pay_of(app, project)
    [copied] = rows(app, "select id from interviews where project_id = ?", [project])
    assert copied["id"] != world["interview"]
    assert [e["source"] for e in entries if e["kind"] == "interview"] == [f"interview:{copied['id']}"]
    assert len(paid) == 1

"""A withdrawal lasts: once a lead takes a participant out, the same interviews sent again
(by a tablet that never heard the reply, from a file, or in a whole-project move) and any
later interview with their code are answered "withdrawn" and never stored."""
import io
import json

from peersurvey.collect import queries
from peersurvey.collect.queries import fingerprint
from peersurvey.project_files import bring_in as project_import
from peersurvey.project_files import transfer

from ..findings.test_project_transfer import fresh  # noqa: F401  (another server, as a fixture)
from ..pages import text
from .conftest import interview, post
from .test_lead_interviews import count, upload


def withdraw(client, field, code):
    page = f"/projects/{field['project']}/interviews/"
    return client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": code, "confirm": "yes"},
                         page=page)


def results(response):
    return [r["result"] for r in response.json["results"]]


def test_an_interview_sent_again_after_withdrawal_is_not_stored_again(client, field, login, app):
    login.as_lead(field["lead"])
    theirs, later, other = (interview(field, participant_code="K7P4QX"), interview(field, participant_code="K7P4QX"),
                            interview(field, participant_code="OTHER1"))
    post(client, field, [theirs, other])
    withdraw(client, field, "K7P4QX")
    # The tablet never heard "stored", so it sends the first one again, and one made later.
    again = post(client, field, [theirs, later, other])
    assert results(again) == ["withdrawn", "withdrawn", "already_stored"]
    assert "taken out of the research" in again.json["results"][0]["reason"]
    assert count(app, "select count(*) from interviews where participant_code = 'K7P4QX'") == 0
    assert count(app, "select count(*) from answers where interview_id in (?, ?)", [theirs["id"], later["id"]]) == 0
    # Remembered: the code and the interview id, never the answers.
    assert count(app, "select count(*) from withdrawals where code_sha256 = ?", [fingerprint('K7P4QX')]) == 1
    assert count(app, "select count(*) from withdrawn_interviews where id_sha256 = ?", [fingerprint(theirs["id"])]) == 1


def test_a_file_saved_on_a_tablet_cannot_bring_a_withdrawn_interview_back(client, field, login, app):
    login.as_lead(field["lead"])
    theirs = interview(field, participant_code="WXYZ22")
    post(client, field, [theirs])
    withdraw(client, field, "WXYZ22")
    page = text(upload(client, field, json.dumps({"interviews": [theirs]}).encode()))
    assert "Interview 1: not stored, because the person asked to be taken out of the research." in page
    assert count(app, "select count(*) from interviews") == 0


def test_a_code_can_be_withdrawn_before_any_of_its_interviews_arrive(client, field, login, app):
    login.as_lead(field["lead"])
    page = f"/projects/{field['project']}/interviews/"
    confirm = text(client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": "NOPE99"}, page=page))
    assert "No interviews with this code have come in yet." in confirm
    assert "still waiting on a tablet will be deleted from that tablet when it next sends" in confirm
    done = withdraw(client, field, "NOPE99")
    assert "None of their interviews had come in." in text(client.get(done.headers["Location"]))
    assert results(post(client, field, [interview(field, participant_code="NOPE99")])) == ["withdrawn"]
    assert count(app, "select count(*) from interviews") == 0


def test_the_confirm_page_says_what_happens_to_interviews_still_on_a_tablet(client, field, login):
    login.as_lead(field["lead"])
    post(client, field, [interview(field)])
    page = f"/projects/{field['project']}/interviews/"
    confirm = text(client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": "K7P4QX"}, page=page))
    assert "1 interview will be erased" in confirm
    assert "still waiting on a tablet will be deleted from that tablet when it next sends" in confirm


def test_a_whole_project_move_carries_its_withdrawals(client, field, login, app, fresh):  # noqa: F811
    login.as_lead(field["lead"])
    theirs, kept = interview(field, participant_code="GONE11"), interview(field, participant_code="STAY22")
    post(client, field, [theirs, kept])
    withdraw(client, field, "GONE11")
    out = io.BytesIO()
    with app.test_request_context():
        transfer.export_project(field["project"], field["lead"]["id"], out)
    out.seek(0)
    with fresh["app"].test_request_context():
        moved = project_import.import_project(out, fresh["lead"]["id"]).project_id
        assert queries.is_withdrawn(moved, "GONE11")
    # On the new server the interview comes back in a file a tablet saved: refused.
    moved_field = dict(field, project=moved)
    fresh_page = text(upload(fresh["client"], moved_field, json.dumps({"interviews": [theirs, kept]}).encode()))
    assert "Interview 1: not stored, because the person asked to be taken out" in fresh_page
    assert "Interview 2: already here" in fresh_page

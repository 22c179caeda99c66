"""A lead sees the interviews come in, brings in a file saved on a tablet (same rules as
the sync), and withdraws a participant who asks: erased, and the erasure recorded."""
import io
import json

from peersurvey.collect import interview_file
from peersurvey.db import connect

from ..pages import errors, text
from .conftest import interview, post


def upload(client, field, data):
    return client.submit(f"/projects/{field['project']}/interviews/upload",
                         {"file": (io.BytesIO(data), "waiting.json")},
                         page=f"/projects/{field['project']}/interviews/", content_type="multipart/form-data")


def count(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql, params).fetchone()[0]
    finally:
        db.close()


def test_a_file_saved_on_a_tablet_is_stored_once_with_the_same_rules(client, field, login, app):
    login.as_lead(field["lead"])
    good, bad = interview(field), interview(field, language="fr")
    already = interview(field)
    post(client, field, [already])
    data = json.dumps({"interviews": [good, bad, already]}).encode()
    page = text(upload(client, field, data))
    assert "Interview 1: stored." in page
    assert "Interview 2: not stored. This interview's language is not English or Welsh." in page
    assert "Interview 3: already here, so not stored again." in page
    assert count(app, "select count(*) from interviews") == 2
    text(upload(client, field, data))
    assert count(app, "select count(*) from interviews") == 2
    assert "Brought in interviews from the file waiting.json." in text(client.get(f"/projects/{field['project']}/history"))


def test_a_file_that_is_not_from_the_tablet_gets_a_plain_message(client, field, login, app):
    """Checked all through before anything is stored: a file cut short after its first
    interview, or with one too many, stores none."""
    login.as_lead(field["lead"])
    whole = json.dumps({"interviews": [interview(field), interview(field)]}).encode()
    too_many = json.dumps({"interviews": [interview(field) for _ in range(1001)]}).encode()
    twice = b'{"interviews": [], ' + whole[1:]            # json.loads would keep the last only
    for data in (b"hello", b'{"nope": 1}', b"\xff\xfe", b"[]", b'{"interviews": {}}', b'{"interviews": [1] "x": 2}',
                 whole[:len(whole) - 40], whole + b"{", too_many, twice, whole[:-1] + b', "x": 1}'):
        response = upload(client, field, data)
        assert response.status_code == 400
        assert "This is not a file saved by the peersurvey tablet app." in " ".join(errors(response))
    assert count(app, "select count(*) from interviews") == 0


def test_withdrawing_a_participant_erases_their_answers_after_asking_and_records_it(client, field, login, app):
    login.as_lead(field["lead"])
    theirs, other = interview(field, participant_code="WXYZ22"), interview(field, participant_code="ABCD23")
    post(client, field, [theirs, other])
    page = f"/projects/{field['project']}/interviews/"
    confirm = client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": "wxyz 22"}, page=page)
    assert "Erase everything participant WXYZ22 said?" in text(confirm)
    assert count(app, "select count(*) from interviews") == 2, "nothing is erased before the lead confirms"
    done = client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": "WXYZ22", "confirm": "yes"}, page=page)
    assert "Everything participant WXYZ22 said has been erased." in text(client.get(done.headers["Location"]))
    assert count(app, "select count(*) from interviews where participant_code = 'WXYZ22'") == 0
    assert count(app, "select count(*) from answers where interview_id = ?", [theirs["id"]]) == 0
    assert count(app, "select count(*) from answers where interview_id = ?", [other["id"]]) == len(other["answers"])
    history = text(client.get(f"/projects/{field['project']}/history"))
    assert "Erased everything a participant said, because they asked." in history
    assert "WXYZ22" not in history and count(app, "select count(*) from audit_log where detail like '%WXYZ22%'") == 0, \
        "the history keeps that it was done, never whose words"


def test_withdrawing_a_malformed_code_changes_nothing(client, field, login, app):
    login.as_lead(field["lead"])
    post(client, field, [interview(field)])
    page = f"/projects/{field['project']}/interviews/"
    for code, message in (("<script>", "A participant code is 4 to 12 letters and numbers"),
                          ("ABCD\n\n!", "A participant code is 4 to 12 letters and numbers"),
                          ("", "Type the participant's code.")):
        response = client.submit(f"/projects/{field['project']}/interviews/withdraw", {"code": code, "confirm": "yes"}, page=page)
        assert any(e.startswith(message) for e in errors(response)), errors(response)
    assert count(app, "select count(*) from interviews") == 1
    assert count(app, "select count(*) from withdrawals") == 0


def test_the_page_counts_interviews_by_interviewer(client, field, login):
    login.as_lead(field["lead"])
    post(client, field, [interview(field), interview(field)])
    page = client.get(f"/projects/{field['project']}/interviews/")
    assert "2 interviews have come in." in text(page)
    assert page.soup.find("th", string="Dewi").find_next("td").get_text() == "2"


def test_a_file_is_stored_a_few_interviews_at_a_time_in_its_order(client, field, login, app):
    """Read one interview at a time (collect/interview_file.py) and stored in batches as a
    sync stores them: every interview of a file longer than a batch is stored once, and each
    result is said against its place in the file."""
    login.as_lead(field["lead"])
    items = [interview(field) for _ in range(interview_file.BATCH + 2)]
    items[interview_file.BATCH] = interview(field, language="fr")       # the first of the second batch
    items.append(items[0])                                              # the same interview again
    page = text(upload(client, field, json.dumps({"interviews": items}).encode()))
    assert f"Interview {interview_file.BATCH + 1}: not stored. This interview's language is not English or Welsh." in page
    assert f"Interview {interview_file.BATCH + 2}: stored." in page
    assert f"Interview {interview_file.BATCH + 3}: already here, so not stored again." in page
    assert count(app, "select count(*) from interviews") == interview_file.BATCH + 1

"""Type what they said: anyone coding types the words of an answer sent with none (a spoken
answer) from the coding screen, and can put typed-up words right; each version is kept
with who and when, and the answer is then coded, shown and exported like a typed one."""
import json

from peersurvey.collect import answer_versions, sync
from peersurvey.db import get_db
from peersurvey.prepare import questionnaires
from peersurvey.theme import sessions
from tests.collect.conftest import answer, interview

from ..conftest import Login
from ..pages import csrf_token, text
from .conftest import build_coding_world
from .session_helpers import new_client, start


def with_spoken_answer(make, app):
    """The coding world, and an interview (first in time) whose answer came with no words."""
    coding = build_coding_world(make)
    with app.test_request_context():
        db = get_db()
        version = questionnaires.latest_published(coding["questionnaire"])["id"]
        dewi = db.execute("select interviewer_id from interviews where project_id = ?", [coding["project"]]).fetchone()[0]
        spoken = interview(dict(version=version, interviewer={"id": dewi}),
                           [answer("money_not_good", ""), answer("money_feel", "happy")],
                           participant_code="SPOKE1", started_at="2026-11-19T10:00:00+00:00")
        assert sync.ingest(coding["project"], [spoken])[0]["result"] == "stored"
        coding["spoken"] = db.execute(
            "select id from answers where interview_id = ? and question = 'money_not_good'", [spoken["id"]]).fetchone()[0]
        coding["feel"] = db.execute(
            "select id from answers where interview_id = ? and question = 'money_feel'", [spoken["id"]]).fetchone()[0]
    return coding


def value_of(app, answer_id):
    with app.app_context():
        return json.loads(get_db().execute("select value from answers where id = ?", [answer_id]).fetchone()[0])


def type_words(client, url, words):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), "words": words,
                                  "before": page.soup.select_one("input[name=before]")["value"]})


def test_a_coder_types_up_a_spoken_answer_and_it_is_coded_like_a_typed_one(app, make, client):
    coding = with_spoken_answer(make, app)
    session_id = start(app, coding)
    sam = coding["coders"][0]
    Login(client).as_tablet_person(coding["tablet"], sam)
    screen_url = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    screen = client.get(screen_url)
    assert "Nobody has typed these words yet." in text(screen)
    link = screen.soup.select_one(".answer-view .words-tools__change")
    assert link.get_text(strip=True) == "Type what they said"
    page = client.get(link["href"])
    assert page.soup.h1.get_text(strip=True) == "Type what they said"
    assert page.soup.select_one("label[for=words]").get_text(strip=True) == "Type what they said"
    with app.app_context():
        version_before = sessions.get(coding["project"], session_id)["version"]
    saved = type_words(client, link["href"], "I can't afford the bus to see my friends.")
    assert saved.status_code == 302 and saved.headers["Location"] == screen_url
    assert value_of(app, coding["spoken"]) == "I can't afford the bus to see my friends."
    with app.app_context():
        assert sessions.get(coding["project"], session_id)["version"] > version_before, "screens redraw"
    screen = client.get(screen_url)
    assert "I can't afford the bus to see my friends." in screen.soup.select_one(".answer-view__words").get_text()
    assert screen.soup.select_one(".answer-view .words-tools__change").get_text(strip=True) == "Correct the words"
    # Put right, then the history has all three, with who.
    assert type_words(client, link["href"], "I cannot afford the bus to see my friends.").status_code == 302
    page = client.get(link["href"])
    versions = [li.get_text(" ", strip=True) for li in page.soup.select(".word-versions__item")]
    assert len(versions) == 3 and versions[0] == "Sent from the tablet No words", \
        "a coder is not told who interviewed, nor when"
    assert "Dewi" not in page.get_data(as_text=True)
    assert "Typed up by Sam" in versions[1] and "Typed up by Sam" in versions[2] and "The words now" in versions[2]
    with app.test_request_context():
        whys = [(v["why"], v["changed_by"]) for v in answer_versions.history(coding["spoken"])]
    assert whys[1:] == [("typed_up", sam["id"]), ("typed_up", sam["id"])]
    # The lead's big screen, the answers export and the coding go on from the words.
    lead = new_client(app)
    Login(lead).as_lead(coding["lead"])
    big = lead.get(f"{screen_url}/big")
    assert "Sent from the tablet by Dewi" in lead.get(link["href"]).get_data(as_text=True), "a lead sees who"
    assert "I cannot afford the bus to see my friends." in big.soup.select_one(".answer-view__words").get_text()
    assert "I cannot afford the bus" in lead.get(f"/projects/{coding['project']}/exports/answers.csv").get_data(as_text=True)
    with app.app_context():
        audit = [row[0] for row in get_db().execute("select action from audit_log where action like 'answer.%'")]
    assert audit == ["answer.typed_up", "answer.typed_up"]


def test_typing_up_is_refused_outside_the_session_and_to_people_who_do_not_code(app, make, client):
    coding = with_spoken_answer(make, app)
    session_id = start(app, coding)
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}/answers"
    other = build_coding_world(make, "Other project")
    other_session = start(app, other)
    Login(client).as_tablet_person(coding["tablet"], coding["coders"][0])
    # An answer of this project that the session does not go through: sent back, plainly.
    refused = client.get(f"{base}/{coding['feel']}/words")
    assert refused.status_code == 302
    assert "That answer is not here any more" in text(client.get(refused.headers["Location"]))
    # An answer of another project, or another project's session: not found, or not in this session.
    assert client.get(f"{base}/{other['answers'][0]}/words").status_code == 302
    assert client.get(f"/projects/{other['project']}/coding/sessions/{other_session}/answers/"
                      f"{other['answers'][0]}/words").status_code == 404
    # No CSRF token: nothing is kept.
    assert client.post(f"{base}/{coding['spoken']}/words", data={"words": "Hello"}).status_code == 400
    assert value_of(app, coding["spoken"]) == ""
    # An interviewer never.
    interviewer = new_client(app)
    dewi = make.member(coding["project"], "Ifan", ("interviewer",), pin="9753")
    Login(interviewer).as_tablet_person(coding["tablet"], dewi)
    assert interviewer.get(f"{base}/{coding['spoken']}/words").status_code == 404
    # A finished session: sent back with why.
    with app.test_request_context():
        sessions.end(sessions.get(coding["project"], session_id))
    ended = client.get(f"{base}/{coding['spoken']}/words")
    assert ended.status_code == 302
    assert "finished" in text(client.get(ended.headers["Location"]))
    assert value_of(app, coding["spoken"]) == ""


def test_a_coder_never_changes_what_the_interviewer_typed_but_types_up_a_recording(app, make, client):
    """The interviewer's typed words are theirs and the person's: only a lead puts them right.
    A coder types up words not there yet, or what a recording says, even with words typed."""
    coding = with_spoken_answer(make, app)
    session_id = start(app, coding)
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}/answers"
    typed = coding["answers"][0]
    Login(client).as_tablet_person(coding["tablet"], coding["coders"][0])
    refused = client.get(f"{base}/{typed}/words")
    assert refused.status_code == 302
    assert "Only your project lead can change them." in text(client.get(refused.headers["Location"]))
    before = value_of(app, typed)
    assert client.post(f"{base}/{typed}/words", data={"csrf_token": "x", "words": "Changed"}).status_code in (302, 400)
    assert value_of(app, typed) == before
    # With a recording of what they said, the coder may type it up over the typed words.
    with app.app_context():
        interview = get_db().execute("select interview_id from answers where id = ?", [typed]).fetchone()[0]
    make.recording(coding["project"], interview, "money_not_good")
    assert type_words(client, f"{base}/{typed}/words", "What the recording says.").status_code == 302
    assert value_of(app, typed) == "What the recording says."
    # A lead may put any typed words right, here too, as a correction.
    lead = new_client(app)
    Login(lead).as_lead(coding["lead"])
    other = coding["answers"][1]
    assert type_words(lead, f"{base}/{other}/words", "Put right by the lead.").status_code == 302
    with app.test_request_context():
        assert answer_versions.history(other)[-1]["why"] == "corrected"

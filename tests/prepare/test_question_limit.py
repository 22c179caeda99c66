"""At most 500 questions in a questionnaire (doc.MOST_QUESTIONS): as many answers as the
server takes for one interview, so every questionnaire a lead can make can be sent from a
tablet. A longer file, XLSForm or builder is told so in plain words, and nothing changes."""
import copy
import io
import json

from peersurvey.db import connect
from peersurvey.prepare import document as doc
from peersurvey.project_files import bring_in, transfer

from ..pages import text
from .helpers import add_written_question, new_questionnaire, snapshot, versions
from .test_transfer import import_file
from .test_xlsform_import import upload as upload_xlsform
from .xlsform_helpers import workbook


def long_document(client, lead_project, app, count):
    url = new_questionnaire(client, lead_project)
    add_written_question(client, url, "yes_no")
    document = copy.deepcopy(versions(app)[-1]["document"])
    one = document["questions"][0]
    document["questions"] = [dict(copy.deepcopy(one), key=f"q{n}") for n in range(count)]
    return url, document


def test_a_questionnaire_file_of_more_questions_than_a_tablet_can_send_is_refused(client, lead_project, app):
    _url, document = long_document(client, lead_project, app, doc.MOST_QUESTIONS + 1)
    before = snapshot(app)
    page = text(import_file(client, lead_project["id"], json.dumps(document).encode(), "long.json"))
    assert "This questionnaire has 501 questions. A questionnaire can have 500 at most. " \
           "Make it into two or more questionnaires." in page
    assert snapshot(app) == before
    document["questions"].pop()
    page = text(import_file(client, lead_project["id"], json.dumps(document).encode(), "long.json"))
    assert "The questionnaire is in your project as a new draft." in page


def test_an_xlsform_of_more_questions_is_refused_and_makes_nothing(client, lead_project, app, tmp_path):
    before = snapshot(app)
    survey = [["type", "name", "label"]] + [["text", f"q{n}", f"Question {n}?"] for n in range(doc.MOST_QUESTIONS + 1)]
    page = text(upload_xlsform(client, lead_project["id"], workbook(tmp_path, survey).read_bytes()))
    assert "This questionnaire has 501 questions. A questionnaire can have 500 at most." in page
    assert "Nothing was brought in. Your project has not changed." in page
    assert snapshot(app) == before


def test_the_builder_says_when_a_questionnaire_has_all_the_questions_it_can(client, lead_project, app):
    _url, document = long_document(client, lead_project, app, doc.MOST_QUESTIONS)
    import_file(client, lead_project["id"], json.dumps(document).encode(), "long.json")
    url = f"{lead_project['base']}/{versions(app)[-1]['questionnaire_id']}"
    full = "This questionnaire has 500 questions, and 500 is the most one can have. To ask more, make another " \
           "questionnaire."
    builder = client.get(url)
    assert builder.status_code == 200 and len(builder.soup.select(".question-card")) == doc.MOST_QUESTIONS
    assert full in builder.soup.select_one("#add-question").get_text(" ", strip=True), "said where a question is added"
    assert not builder.soup.select("form#add-question"), "no button that cannot work"
    added = client.submit(f"{url}/questions/new", {"kind": "free_text"}, page=url)    # from a page of before
    assert added.status_code == 302 and "#" not in added.headers["Location"], "the message is at the top"
    assert full in text(client.get(added.headers["Location"]))
    assert len(versions(app)[-1]["document"]["questions"]) == doc.MOST_QUESTIONS


def a_questionnaire_from_before_the_limit(client, lead_project, app, count, status="draft"):
    """A version of `count` questions, as the builder could make before there was a limit."""
    url, document = long_document(client, lead_project, app, count)
    row = versions(app)[-1]
    db = connect(app.config["DATABASE"])
    try:
        with db.conn:
            db.execute("update questionnaire_versions set document = ?, status = ? where id = ?",
                       [json.dumps(document), status, row["id"]])
    finally:
        db.close()
    return url


def test_one_made_before_the_limit_can_be_taken_down_to_it_and_published(client, lead_project, app):
    url = a_questionnaire_from_before_the_limit(client, lead_project, app, doc.MOST_QUESTIONS + 100)
    assert "This questionnaire has 600 questions, and 500 is the most one can have." in text(client.get(url))
    taken = client.submit(f"{url}/questions/q5/remove", {"confirmed": "1"}, page=url)
    assert taken.status_code == 302
    assert len(versions(app)[-1]["document"]["questions"]) == doc.MOST_QUESTIONS + 99
    assert client.submit(f"{url}/publish", {}, page=url).status_code == 302
    assert versions(app)[-1]["status"] == "published"


def test_a_project_file_with_one_made_before_the_limit_still_comes_in(client, lead_project, app):
    a_questionnaire_from_before_the_limit(client, lead_project, app, doc.MOST_QUESTIONS + 100, "published")
    out = io.BytesIO()
    with app.test_request_context():
        transfer.export_project(lead_project["id"], lead_project["lead"]["id"], out)
        out.seek(0)
        bring_in.import_project(out, lead_project["lead"]["id"])
    assert [len(v["document"]["questions"]) for v in versions(app)][-1] == doc.MOST_QUESTIONS + 100


def test_a_file_of_a_million_broken_questions_is_refused_at_once(client, lead_project, app):
    """Counted before anything else is read; and a file's problems are listed 50 at most."""
    _url, document = long_document(client, lead_project, app, 1)
    page = text(import_file(client, lead_project["id"],
                            json.dumps({**document, "questions": [1] * 1_000_000}).encode(), "junk.json"))
    assert "This questionnaire has 1000000 questions. A questionnaire can have 500 at most." in page
    page = import_file(client, lead_project["id"], json.dumps({**document, "questions": [1] * 400}).encode(), "junk.json")
    assert len(page.soup.select("main li")) <= doc.MOST_PROBLEMS + 5

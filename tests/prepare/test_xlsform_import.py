"""An XLSForm brought in from the builder page and from the command line: what was and
was not carried over is listed row by row, and a form that cannot be read makes nothing."""
import io

import pytest

from ..pages import text
from .helpers import snapshot, versions
from .xlsform_helpers import workbook

SURVEY = [
    ["type", "name", "label::English (en)", "label::Welsh (cy)", "relevant"],
    ["select_one yn", "likes_work", "Do you like work?", "Ydych chi'n hoffi gwaith?", ""],
    ["text", "why", "Why?", "Pam?", "${likes_work} = 'yes'"],
    ["calculate", "score", "", "", ""],
    ["begin repeat", "kids", "Children", "Plant", ""],
    ["text", "kid_name", "Name", "Enw", ""],
    ["end repeat", "", "", "", ""],
]
CHOICES = [["list_name", "name", "label::English (en)", "label::Welsh (cy)"],
           ["yn", "yes", "Yes", "Ie"], ["yn", "no", "No", "Na"]]


def upload(client, project_id, data, name="form.xlsx"):
    return client.submit(f"/projects/{project_id}/questionnaires/import",
                         {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_an_xlsform_is_brought_in_and_each_row_is_accounted_for(client, lead_project, app, tmp_path):
    path = workbook(tmp_path, SURVEY, CHOICES)
    response = upload(client, lead_project["id"], path.read_bytes())
    page = text(response)
    assert "The questionnaire is in your project as a new draft." in page
    assert "Row 2: “likes_work” was carried over as a yes or no question." in page
    assert "Row 4: “score” is a calculation." in page
    assert "Row 5: “kids” is a repeat" in page
    document = versions(app)[-1]["document"]
    assert [q["key"] for q in document["questions"]] == ["likes_work", "why"]
    assert document["questions"][1]["condition"] == {"question": "likes_work", "options": ["yes"]}
    assert versions(app)[-1]["status"] == "draft"


def test_a_spreadsheet_that_is_not_an_xlsform_makes_nothing(client, lead_project, app, tmp_path):
    before = snapshot(app)
    not_a_form = workbook(tmp_path, [["just", "some"], ["numbers", 1]], name="sums.xlsx")
    for data, name in ((b"PK\x03\x04 broken zip", "form.xlsx"), (not_a_form.read_bytes(), "sums.xlsx")):
        response = upload(client, lead_project["id"], data, name)
        assert "Nothing was brought in. Your project has not changed." in text(response)
    assert snapshot(app) == before


def test_the_command_line_import_prints_what_was_carried_and_fails_when_nothing_was(runner, make, app, tmp_path):
    lead = make.lead()
    project = make.project(lead)
    good = workbook(tmp_path, SURVEY, CHOICES)
    result = runner.invoke(args=["import-xlsform", "--project", str(project), str(good)])
    assert result.exit_code == 0, result.output
    assert "carried over: Row 2: “likes_work” was carried over as a yes or no question." in result.output
    assert "not carried over: Row 4: “score” is a calculation." in result.output
    assert "Made questionnaire" in result.output
    only_unsupported = workbook(tmp_path, [["type", "name", "label"], ["calculate", "x", ""]], name="bad.xlsx")
    result = runner.invoke(args=["import-xlsform", "--project", str(project), str(only_unsupported)])
    assert result.exit_code == 1 and "Nothing was imported" in result.output
    result = runner.invoke(args=["import-xlsform", "--project", "999", str(good)])
    assert result.exit_code != 0 and "There is no project 999." in result.output


@pytest.mark.parametrize("data, name, said", [
    (b"", "form.xlsx", "This file is empty."),
    (b"%PDF-1.4\n...", "form.pdf", "This is a PDF file."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "form.xls", "This is an old Excel file (.xls)."),
    (b"type,name,label\ntext,a,A", "form.csv", "This is not a spreadsheet peersurvey can read."),
    (b"hello, not a workbook", "form.xlsx", "This file could not be opened as an Excel workbook."),
    (b"PK\x03\x04 not really a zip", "form.zip", "This file could not be opened as an Excel workbook."),
])
def test_a_file_that_is_not_a_form_says_what_it_is_and_changes_nothing(client, lead_project, app, data, name, said):
    before = snapshot(app)
    page = text(upload(client, lead_project["id"], data, name))
    assert said in page
    assert snapshot(app) == before


def test_words_longer_than_a_questionnaire_keeps_are_cut_and_the_lead_is_told(client, lead_project, app, tmp_path):
    """A long consent note, notes joined into one, a long title or choice: cut to the
    longest a questionnaire keeps (2,000 letters), said row by row, never a 500."""
    long = "Please read this to the person. " * 80       # 2,560 letters
    survey = [SURVEY[0], ["note", "intro", long, long, ""], *SURVEY[1:3],
              ["select_one colours", "colour", "Colour?", "Lliw?", ""]]
    choices = [*CHOICES, ["colours", "red", "Red " + "x" * 2100, "Coch", ""]]
    path = workbook(tmp_path, survey, choices, settings=[["form_title"], ["T" * 2100]])
    response = upload(client, lead_project["id"], path.read_bytes())
    assert response.status_code == 200
    page = text(response)
    assert "The questionnaire is in your project as a new draft." in page
    assert "The title was longer than 2,000 letters, so only the first 2,000 were carried over." in page
    for key in ("likes_work", "colour"):
        assert f"Some words of the question “{key}” were longer than 2,000 letters" in page
    document = versions(app)[-1]["document"]
    assert document["title"]["en"] == "T" * 2000
    assert len(document["questions"][0]["note"]["en"]) == 2000


def test_a_questionnaire_a_tablet_could_not_ask_is_not_published_and_the_lead_is_told_why(client, lead_project, app,
                                                                                         tmp_path):
    """An XLSForm's choice list that is not there, or a row with no words, comes in as a draft
    to put right; publishing says which questions, instead of sending them to tablets."""
    survey = [["type", "name", "label"], ["select_one missing", "colour", "Colour?"], ["text", "blank", None],
              ["text", "fine", "Fine?"]]
    assert "new draft" in text(upload(client, lead_project["id"], workbook(tmp_path, survey).read_bytes()))
    url = f"/projects/{lead_project['id']}/questionnaires/{versions(app)[-1]['questionnaire_id']}"
    response = client.submit(f"{url}/publish", {}, page=url)
    said = text(client.get(response.headers["Location"]) if response.status_code == 302 else response)
    assert "The question “colour” has no answers to choose from." in said
    assert "The question “blank” has no words, picture or recording." in said
    assert versions(app)[-1]["status"] == "draft"


def test_a_question_a_picture_or_a_voice_carries_may_be_published_without_words(app):
    """Easy read: a picture (or a recording) can ask the question; only a question with none
    of words, picture or recording is one a tablet could not ask."""
    from peersurvey.prepare import questionnaires
    question = {"key": "age", "kind": "short_answer", "text": {"en": "", "cy": ""}, "picture": None,
                "audio": {"en": None, "cy": None}}
    with app.test_request_context():
        assert [str(p) for p in questionnaires.unfinished({"questions": [question]})] == [
            "The question “age” has no words, picture or recording. Write its words, or take the question out."]
        assert questionnaires.unfinished({"questions": [{**question, "picture": "openmoji:1F382"}]}) == []
        assert questionnaires.unfinished({"questions": [{**question, "audio": {"en": None, "cy": "media:ab"}}]}) == []


def test_markup_in_a_form_s_cells_is_shown_as_words_in_the_report(client, lead_project, tmp_path):
    """A cell holding <meta http-equiv="refresh"> sent the lead's browser to another site."""
    survey = [["type", "name", "label", "appearance", "default"],
              ["text", "town", "Where do you live?", '<meta http-equiv="refresh" content="1;url=https://example.org/">',
               "<h1>Your session ended</h1>"]]
    response = upload(client, lead_project["id"], workbook(tmp_path, survey).read_bytes())
    html = response.get_data(as_text=True)
    assert "<meta http-equiv" not in html and "<h1>Your session ended" not in html
    assert "&lt;meta http-equiv=&#34;refresh&#34;" in html and "&lt;h1&gt;Your session ended&lt;/h1&gt;" in html

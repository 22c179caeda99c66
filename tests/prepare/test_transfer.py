"""Export a questionnaire to a file and import it into another project: nothing lost.
Broken or tampered files get a plain answer and make nothing."""
import base64
import io
import json

from ..pages import text
from . import media_samples as samples
from .helpers import add_question, new_questionnaire, snapshot, versions


def build_rich_questionnaire(client, lead_project, app):
    """Every kind, an uploaded picture and a recorded voice."""
    client.submit(f"/projects/{lead_project['id']}/pictures/",
                  {"file": (io.BytesIO(samples.png()), "x.png"), "words_en": "Our hall", "words_cy": "Ein neuadd"},
                  content_type="multipart/form-data")
    own = "media:" + snapshot(app)["media"][0][1]
    url = new_questionnaire(client, lead_project, "Trip", "Taith")
    for kind in ("picture_choice", "feelings", "yes_no", "free_text", "dream_trigger", "short_answer"):
        edit = add_question(client, url, kind)
        client.submit(edit, {"text_en": f"A {kind} question?", "text_cy": f"Cwestiwn {kind}?",
                             "picture": own, "note_en": "Note", "note_cy": "Nodyn", "heading": "future"})
    first = versions(app)[-1]["document"]["questions"][0]["key"]
    edit = f"{url}/questions/{first}"
    option = client.submit(f"{edit}/options/new", {}, page=edit).headers["Location"]
    client.submit(option, {"text_en": "Hall", "text_cy": "Neuadd", "picture": own})
    client.submit(f"{url}/voices", {"question": first, "option": "", "language": "cy",
                                    "audio": (io.BytesIO(samples.wav()), "v.wav")},
                  page=url, content_type="multipart/form-data")
    return url


def import_file(client, project_id, data, name):
    return client.submit(f"/projects/{project_id}/questionnaires/import",
                         {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_questionnaire_moves_to_another_project_with_nothing_lost(client, lead_project, app, make):
    url = build_rich_questionnaire(client, lead_project, app)
    exported = client.get(url + "/versions/1/export.json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    other = make.project(lead_project["lead"], "Another group")
    response = import_file(client, other, exported.data, "trip.json")
    assert "The questionnaire is in your project as a new draft." in text(response)
    original, copy = versions(app)[0]["document"], versions(app)[-1]["document"]
    assert copy == original
    picture = copy["questions"][0]["picture"]
    assert client.get(f"/projects/{other}/media/{picture[6:]}").status_code == 200
    voice = copy["questions"][0]["audio"]["cy"]
    assert client.get(f"/projects/{other}/media/{voice[6:]}").data == samples.wav()


def test_a_bare_document_without_uploads_imports_too(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    document = versions(app)[-1]["document"]
    response = import_file(client, lead_project["id"], json.dumps(document).encode(), "q.json")
    assert "The questionnaire is in your project as a new draft." in text(response)
    assert versions(app)[-1]["document"] == document


def test_a_broken_or_tampered_file_makes_nothing(client, lead_project, app):
    url = build_rich_questionnaire(client, lead_project, app)
    good = json.loads(client.get(url + "/versions/1/export.json").data)
    tampered = json.loads(json.dumps(good))
    sha = next(iter(tampered["media"]))
    tampered["media"][sha]["data"] = base64.b64encode(samples.HTML).decode()
    unknown = json.loads(json.dumps(good))
    unknown["questionnaire"]["questions"][0]["colour"] = "red"
    later = json.loads(json.dumps(good))
    later["questionnaire"]["questions"][1]["condition"] = {
        "question": later["questionnaire"]["questions"][2]["key"], "options": ["yes"]}
    missing_media = json.loads(json.dumps(good))
    missing_media["media"] = {}
    before = snapshot(app)
    for data, expected in [
        (b"{not json", "This file is not a questionnaire exported from peersurvey."),
        (b"\xff\xfe\x00garbage", "This file is not a questionnaire exported from peersurvey."),
        (json.dumps({"hello": "world"}).encode(), "This is not a peersurvey questionnaire file"),
        (json.dumps(tampered).encode(), "A picture or recording in the file is damaged."),
        (json.dumps(unknown).encode(), "parts peersurvey does not know: colour"),
        (json.dumps(later).encode(), "does not come before it"),
        (json.dumps(missing_media).encode(), "uses pictures or recordings that are not in it"),
    ]:
        response = import_file(client, lead_project["id"], data, "q.json")
        assert "Nothing was brought in. Your project has not changed." in text(response)
        assert expected in text(response), (expected, text(response)[-400:])
    assert snapshot(app) == before


def test_importing_with_no_file_says_what_to_do(client, lead_project):
    response = client.submit(f"/projects/{lead_project['id']}/questionnaires/import", {})
    assert "Choose a file to import." in text(response)

"""Builder saves carry the revision of the draft their page was made from. A save made from
an older one is refused in plain words: a typed form comes back with what was typed, a
button changes nothing and shows the questionnaire as it is now. (The same, raced for real
against the real server: tests/test_write_races.py.)"""
import io

from . import media_samples as samples
from ..pages import text
from .helpers import add_question, add_written_question, new_questionnaire, versions

STALE_TYPED = ("Someone else changed this questionnaire while you were working. What you typed is "
               "still here: check it and save again.")
STALE_BUTTON = ("Someone else changed this questionnaire while you were working, so nothing was "
                "changed. This is how it is now: check it and try again.")
TAKEN_OUT = ("Someone else took this out of the questionnaire while you were working, so your change "
             "could not be saved. This is how the questionnaire is now.")


def revision_on(page):
    return page.soup.select_one("input[name=revision]")["value"]


def test_every_save_moves_the_revision_on_and_every_builder_form_carries_it(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    assert versions(app)[-1]["revision"] == 0
    edit = add_question(client, url, "picture_choice")
    client.submit(f"{edit}/options/new", {}, page=edit)
    assert versions(app)[-1]["revision"] == 2
    option = versions(app)[-1]["document"]["questions"][0]["options"][0]["key"]
    for page in (url, edit, f"{edit}/options/{option}", f"{url}/title", f"{url}/consent"):
        html = client.get(page)
        forms = [f for f in html.soup.select("form[method=post]") if (f.get("action") or url).startswith(url)]
        assert forms and all(f.select_one("input[name=revision]")["value"] == "2" for f in forms), page


def test_a_question_saved_from_an_older_page_is_refused_and_what_was_typed_is_kept(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "free_text")
    old_page = revision_on(client.get(edit))
    client.submit(f"{url}/title", {"title_en": "Someone else's title", "title_cy": "Teitl"})
    response = client.post(edit, data={"csrf_token": client.get(edit).soup.select_one("[name=csrf_token]")["value"],
                                       "revision": old_page, "text_en": "What do you do at weekends?"})
    assert response.status_code == 409
    assert STALE_TYPED in text(response)
    assert response.soup.select_one("#text_en").get_text().strip() == "What do you do at weekends?"
    assert revision_on(response) == "2", "the page is now made from the newest revision"
    [question] = versions(app)[-1]["document"]["questions"]
    assert question["text"]["en"] == "" and versions(app)[-1]["document"]["title"]["en"] == "Someone else's title"
    again = client.post(edit, data={"csrf_token": response.soup.select_one("[name=csrf_token]")["value"],
                                    "revision": revision_on(response), "text_en": "What do you do at weekends?"})
    assert again.status_code == 302
    assert versions(app)[-1]["document"]["questions"][0]["text"]["en"] == "What do you do at weekends?"


def test_a_save_that_does_not_say_its_revision_is_refused(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    token = client.get(f"{url}/title").soup.select_one("[name=csrf_token]")["value"]
    for revision in (None, "", "x", "²", "9" * 30, "-1", "0.0"):
        data = {"csrf_token": token, "title_en": "No revision", "title_cy": "Dim"}
        if revision is not None:
            data["revision"] = revision
        response = client.post(f"{url}/title", data=data)
        assert response.status_code == 409 and STALE_TYPED in text(response)
    assert versions(app)[-1]["document"]["title"]["en"] == "What matters"


def test_a_button_pressed_on_an_older_page_changes_nothing_and_shows_the_questionnaire_now(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    add_question(client, url, "free_text")
    first, second = [q["key"] for q in versions(app)[-1]["document"]["questions"]]
    token = client.get(url).soup.select_one("[name=csrf_token]")["value"]
    old = revision_on(client.get(url))
    client.submit(f"{url}/title", {"title_en": "Changed meanwhile", "title_cy": "Wedi newid"})
    for path in (f"{url}/questions/{first}/move/down", f"{url}/questions/{second}/remove",
                 f"{url}/questions/new", f"{url}/publish"):
        response = client.post(path, data={"csrf_token": token, "revision": old, "kind": "yes_no"})
        assert response.status_code == 302 and response.headers["Location"].split("#")[0].endswith(url)
        assert STALE_BUTTON in text(client.get(url))
    draft = versions(app)[-1]
    assert draft["status"] == "draft" and [q["key"] for q in draft["document"]["questions"]] == [first, second]


def test_publishing_publishes_the_revision_the_lead_saw(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_written_question(client, url, "yes_no")
    seen = revision_on(client.get(url))
    token = client.get(url).soup.select_one("[name=csrf_token]")["value"]
    add_written_question(client, url, "free_text")  # someone adds a question nobody checked
    client.post(f"{url}/publish", data={"csrf_token": token, "revision": seen})
    assert versions(app)[-1]["status"] == "draft"
    assert client.submit(f"{url}/publish", {}, page=url).status_code == 302
    assert versions(app)[-1]["status"] == "published"


def test_an_answer_taken_out_by_someone_else_is_said_plainly(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "picture_choice")
    option_url = client.submit(f"{edit}/options/new", {}, page=edit).headers["Location"]
    page = client.get(option_url)
    token, old = page.soup.select_one("[name=csrf_token]")["value"], revision_on(page)
    client.submit(f"{option_url}/remove", {}, page=edit)
    response = client.post(option_url, data={"csrf_token": token, "revision": old, "text_en": "Bus"})
    assert response.status_code == 302
    assert TAKEN_OUT in text(client.get(response.headers["Location"]))


def test_make_changes_when_a_new_version_is_already_being_written_opens_it(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_written_question(client, url, "yes_no")
    client.submit(f"{url}/publish", {}, page=url)
    token = client.get(url).soup.select_one("[name=csrf_token]")["value"]
    assert client.post(f"{url}/new-version", data={"csrf_token": token}).status_code == 302
    assert client.post(f"{url}/new-version", data={"csrf_token": token}).status_code == 302
    assert "Version 2 is already being written. You can change it here." in text(client.get(url))
    assert [(v["number"], v["status"]) for v in versions(app)] == [(1, "published"), (2, "draft")]


def test_a_recording_saved_without_reloading_keeps_the_page_valid_and_nothing_typed_is_lost(client, lead_project, app):
    """The recorder (static/easyread/recorder.js) saves without reloading, so it cannot learn a
    new revision: its recording goes into the draft as it is now and keeps the revision, and
    the question typed on the same page afterwards is saved, recording and all."""
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    page = client.get(edit)
    token, revision = page.soup.select_one("[name=csrf_token]")["value"], revision_on(page)
    recorded = client.post(f"{url}/voices", data={"csrf_token": token, "question": key, "option": "",
                                                  "language": "cy", "audio": (io.BytesIO(samples.wav()), "r.webm")},
                           content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert recorded.status_code == 200 and recorded.json["revision"] == int(revision)
    saved = client.post(edit, data={"csrf_token": token, "revision": revision, "text_en": "Are you happy?"})
    assert saved.status_code == 302
    [question] = versions(app)[-1]["document"]["questions"]
    assert question["text"]["en"] == "Are you happy?" and question["audio"]["cy"].startswith("media:")


def test_a_sound_file_uploaded_from_an_older_page_is_refused(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    page = client.get(edit)
    token, old = page.soup.select_one("[name=csrf_token]")["value"], revision_on(page)
    client.submit(f"{url}/title", {"title_en": "Changed meanwhile", "title_cy": "Wedi newid"})
    response = client.post(f"{url}/voices", data={"csrf_token": token, "question": key, "option": "", "language": "en",
                                                  "revision": old, "audio": (io.BytesIO(samples.wav()), "v.wav")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and STALE_BUTTON in text(client.get(response.headers["Location"]))
    assert versions(app)[-1]["document"]["questions"][0]["audio"]["en"] is None

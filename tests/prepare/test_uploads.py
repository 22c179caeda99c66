"""A lead's own pictures and the group's recorded voices: checked, re-encoded, served;
anything else gets a plain message and changes nothing."""
import io

import pytest
from PIL import Image

from ..pages import errors, text
from . import media_samples as samples
from .helpers import add_question, new_questionnaire, snapshot, versions


def upload_picture(client, lead_project, data, name="photo.png", words=("Our café", "Ein caffi")):
    url = f"/projects/{lead_project['id']}/pictures/"
    return client.submit(url, {"file": (io.BytesIO(data), name), "words_en": words[0], "words_cy": words[1]},
                         content_type="multipart/form-data")


def test_a_picture_is_re_encoded_stripped_of_its_location_and_served(client, lead_project, app):
    response = upload_picture(client, lead_project, samples.jpeg_with_location(), "cafe.jpg")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    src = page.soup.select_one(".picture-tile img")["src"]
    served = client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(served.data))
    assert image.format == "JPEG" and not image.getexif()
    assert "Our café" in text(page)


def test_a_transparent_png_stays_a_png(client, lead_project):
    response = upload_picture(client, lead_project, samples.png(alpha=True))
    src = client.get(response.headers["Location"]).soup.select_one(".picture-tile img")["src"]
    assert client.get(src).mimetype == "image/png"


def test_an_uploaded_picture_can_be_chosen_for_a_question(client, lead_project, app):
    upload_picture(client, lead_project, samples.png())
    picture_id = "media:" + snapshot(app)["media"][0][1]
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    response = client.submit(edit, {"text_en": "Do you go to our café?", "text_cy": "Ydych chi'n mynd i'n caffi ni?",
                                    "picture": picture_id})
    assert response.status_code == 302
    assert versions(app)[-1]["document"]["questions"][0]["picture"] == picture_id


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.png", "The file is empty."),
    (b"not an image at all", "note.png", "That file is not a picture we can use."),
    (samples.SVG, "drawing.png", "That file is not a picture we can use."),
    (samples.HTML, "page.jpg", "That file is not a picture we can use."),
    (samples.png()[:60], "broken.png", "That picture is damaged"),
    (b"GIF89a" + b"\x00" * 40, "anim.gif", "That file is not"),
    (b"\x89PNG" + b"\x00" * (6 * 1024 * 1024), "huge.png", "That picture is too big."),
])
def test_bad_pictures_get_a_plain_message_and_store_nothing(client, lead_project, app, data, name, message):
    before = snapshot(app)
    response = upload_picture(client, lead_project, data, name)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in errors(response)), errors(response)
    assert snapshot(app) == before


def test_a_picture_needs_words_in_english_and_welsh(client, lead_project, app):
    before = snapshot(app)
    response = upload_picture(client, lead_project, samples.png(), words=("Our café", ""))
    assert "Type a few words in Welsh that say what the picture shows." in errors(response)
    assert snapshot(app) == before


def test_a_huge_picture_made_to_exhaust_memory_is_refused(client, lead_project, app):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")     # small file, 144 million pixels
    response = upload_picture(client, lead_project, out.getvalue())
    assert any(e.startswith("That file is not a picture we can use.") for e in errors(response))


def voice(client, lead_project, url, key, data, language="cy", accept_json=False, option=""):
    headers = {"Accept": "application/json"} if accept_json else {}
    return client.submit(f"{url}/voices", {"question": key, "option": option, "language": language,
                                           "audio": (io.BytesIO(data), "voice.wav")},
                         page=url, content_type="multipart/form-data", headers=headers)


def test_a_recorded_voice_is_saved_to_the_question_and_served(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    response = voice(client, lead_project, url, key, samples.wav(), accept_json=True)
    assert response.status_code == 200 and response.json["message"] == "The recording is saved."
    audio = versions(app)[-1]["document"]["questions"][0]["audio"]
    assert audio["cy"].startswith("media:") and audio["en"] is None
    served = client.get(response.json["audio"])
    assert served.mimetype == "audio/wav" and served.data == samples.wav()


@pytest.mark.parametrize("data, message", [
    (b"", "The recording is empty."),
    (samples.HTML, "That file is not a sound recording we can play."),
    (samples.png(), "That file is not a sound recording we can play."),
    (b"RIFF" + b"\x00" * (4 * 1024 * 1024), "That recording is too long."),
])
def test_bad_recordings_get_a_plain_message_and_change_nothing(client, lead_project, app, data, message):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    before = snapshot(app)
    response = voice(client, lead_project, url, key, data, accept_json=True)
    assert response.status_code == 400 and response.json["message"].startswith(message)
    assert snapshot(app) == before


def test_a_recording_can_be_taken_away(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    voice(client, lead_project, url, key, samples.wav(), language="en")
    client.submit(f"{url}/voices", {"question": key, "option": "", "language": "en", "action": "remove"}, page=url)
    assert versions(app)[-1]["document"]["questions"][0]["audio"]["en"] is None


def test_a_recording_for_an_unknown_question_or_language_is_not_found(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    assert voice(client, lead_project, url, "nope", samples.wav()).status_code == 404
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    assert voice(client, lead_project, url, key, samples.wav(), language="fr").status_code == 404


def test_an_answer_gets_its_own_voice_in_each_language(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "picture_choice")
    client.submit(f"{edit}/options/new", {}, page=edit)
    question = versions(app)[-1]["document"]["questions"][0]
    option = question["options"][0]["key"]
    response = voice(client, lead_project, url, question["key"], samples.wav(), language="en", option=option)
    assert response.status_code == 302 and response.headers["Location"].endswith("#voices")
    saved = versions(app)[-1]["document"]["questions"][0]
    assert saved["options"][0]["audio"]["en"].startswith("media:")
    assert saved["audio"] == {"en": None, "cy": None}, "the question's own voice is untouched"
    assert voice(client, lead_project, url, question["key"], samples.wav(), option="nope").status_code == 404

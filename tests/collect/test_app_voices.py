"""Our voices: the group records the app's own words once per project and language; the
tablet's bundle carries them by the words they say (so Read aloud finds them), with their
files; a recording is taken away again; anything that is not one of the words is refused."""
import io

from ..pages import text
from ..prepare import media_samples as samples


def record(client, project, word, language="cy", data=None, remove=False):
    fields = {"question": word, "option": "", "language": language}
    if remove:
        fields["action"] = "remove"
    else:
        fields["audio"] = (io.BytesIO(data or samples.wav()), "voice.wav")
    return client.submit(f"/projects/{project}/voices/", fields, page=f"/projects/{project}/voices/",
                         content_type="multipart/form-data", headers={"Accept": "application/json"})


def bundle(client, field):
    return client.get(f"/api/v1/bundle/{field['version']}", headers=field["headers"]).json


def test_the_page_lists_the_apps_words_in_both_languages_with_what_is_left_to_record(client, field, login):
    login.as_lead(field["lead"])
    page = client.get(f"/projects/{field['project']}/voices/")
    words = text(page)
    for said in ("Yes, I do", "Ydw", "I don't know", "Dydw i ddim yn gwybod", "Happy", "Hapus"):
        assert said in words, said
    assert "English: 27 words still to record" in words


def test_a_recording_reaches_the_tablet_by_its_words_and_can_be_taken_away(client, field, login):
    login.as_lead(field["lead"])
    assert bundle(client, field)["voices"] == {"en": {}, "cy": {}}
    response = record(client, field["project"], "consent_yes")
    assert response.status_code == 200 and response.json["message"] == "The recording is saved."
    served = client.get(response.json["audio"])
    assert served.data == samples.wav()
    record(client, field["project"], "answer:yes_no:yes", language="en")
    got = bundle(client, field)
    assert set(got["voices"]["cy"]) == {"Ydw"} and set(got["voices"]["en"]) == {"Yes"}
    audio = got["voices"]["cy"]["Ydw"]
    with client.get(got["files"][audio], headers=field["headers"]) as kept:
        assert kept.status_code == 200 and kept.data == samples.wav()
    assert "Cymraeg: 26 words still to record" in text(client.get(f"/projects/{field['project']}/voices/"))
    record(client, field["project"], "consent_yes", remove=True)
    assert bundle(client, field)["voices"]["cy"] == {}


def test_anything_but_one_of_the_words_is_refused_and_nothing_is_kept(client, field, login):
    login.as_lead(field["lead"])
    for word, language in (("next_screen", "cy"), ("consent_yes", "fr"), ("", "cy"), ("answer:yes_no:maybe", "en")):
        refused = record(client, field["project"], word, language)
        assert refused.status_code == 400
        assert refused.json["message"] == "Record one of the words on this page, in English or Welsh."
    refused = record(client, field["project"], "consent_yes", data=b"not a sound at all")
    assert refused.status_code == 400 and refused.json["message"]
    assert bundle(client, field)["voices"] == {"en": {}, "cy": {}}

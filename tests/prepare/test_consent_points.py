"""The builder's consent, point by point: each point has its words in English and Welsh, a
picture and recordings; points are added, changed, moved and taken out (asking first), and
a questionnaire made before points (its consent in paragraphs) keeps every word when it is
first changed. The tablet's bundle and the questionnaire file carry each point's files."""
import io
import json
from urllib.parse import parse_qs, urlsplit

from peersurvey.db import connect
from peersurvey.prepare import consent, easyread, transfer

from ..pages import errors, text
from . import media_samples as samples
from .helpers import new_questionnaire, versions


def points(app):
    return versions(app)[-1]["document"]["consent"]


def test_a_new_questionnaire_has_the_suggested_points_with_pictures_in_both_languages(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    made = points(app)
    assert len(made) == len(consent.DEFAULT_POINTS) == 6
    assert all(p["picture"] and p["text"]["en"] and p["text"]["cy"] != p["text"]["en"] for p in made)
    assert made[2]["text"]["en"].startswith("We may put some of your words on a poster.")
    assert "and still take part" in made[2]["text"]["en"]
    page = client.get(url + "/consent")
    assert "You can stop at any time." in text(page)
    assert len(page.soup.select("#points .consent-point-row")) == 6


def test_a_point_is_changed_added_moved_and_taken_out_after_asking(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(url + "/consent/points/2", {"text_en": "Only we see your answers.",
                                                         "text_cy": "Dim ond ni sy'n gweld eich atebion.",
                                                         "picture": "openmoji:1F512"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#point-2")
    assert points(app)[1] == {"text": {"en": "Only we see your answers.", "cy": "Dim ond ni sy'n gweld eich atebion."},
                              "picture": "openmoji:1F512", "audio": {"en": None, "cy": None}}

    response = client.submit(url + "/consent/points/new", {}, page=url + "/consent")
    assert response.headers["Location"].endswith("/consent/points/7")
    client.submit(url + "/consent/points/7", {"text_en": "Thank you.", "text_cy": "Diolch.", "picture": ""})
    client.submit(url + "/consent/points/7/up", {}, page=url + "/consent")
    assert [p["text"]["en"] for p in points(app)][5:] == ["Thank you.", consent.DEFAULT_POINTS[5][0]]

    asked = client.submit(url + "/consent/points/6/remove", {}, page=url + "/consent")
    assert asked.status_code == 200 and "Take this point out?" in text(asked)
    assert "Point 6: Thank you." in text(asked)
    assert len(points(app)) == 7                               # nothing gone yet
    client.submit(url + "/consent/points/6/remove", {"confirmed": "1"}, page=url + "/consent")
    assert "Thank you." not in [p["text"]["en"] for p in points(app)] and len(points(app)) == 6


def test_bad_points_are_refused_in_plain_words_and_nothing_changes(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    before = points(app)
    response = client.submit(url + "/consent/points/1", {"text_en": "Hi", "text_cy": "", "picture": "openmoji:NOPE"})
    assert "Choose a picture from the list." in errors(response)
    assert client.get(url + "/consent/points/99").status_code == 404
    assert client.get(url + "/consent/points/0").status_code == 404
    for _ in range(consent.MOST_POINTS - len(before)):
        client.submit(url + "/consent/points/new", {}, page=url + "/consent")
    response = client.submit(url + "/consent/points/new", {}, page=url + "/consent")
    assert len(points(app)) == consent.MOST_POINTS
    assert "the most it can have" in text(client.get(response.headers["Location"]))
    assert points(app)[0] == before[0]


def test_a_consent_in_paragraphs_keeps_every_word_when_first_changed(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    db = connect(app.config["DATABASE"])
    row = db.execute("select id, document from questionnaire_versions order by id desc limit 1").fetchone()
    document = json.loads(row[1])
    document["consent"] = {"en": "First.\n\nSecond.\n\n\nThird.", "cy": "Cyntaf.\n\nAil."}
    db.execute("update questionnaire_versions set document = ? where id = ?", [json.dumps(document), row[0]])
    db.conn.commit()
    db.close()
    page = client.get(url + "/consent")
    assert len(page.soup.select("#points .consent-point-row")) == 3
    client.submit(url + "/consent/points/2", {"text_en": "Second, changed.", "text_cy": "Ail, wedi newid.", "picture": ""})
    assert [p["text"] for p in points(app)] == [{"en": "First.", "cy": "Cyntaf."},
                                                {"en": "Second, changed.", "cy": "Ail, wedi newid."},
                                                {"en": "Third.", "cy": ""}]


def test_a_point_is_recorded_and_travels_in_the_bundle_and_the_file(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(f"{url}/voices", {"question": "consent:3", "option": "", "language": "cy",
                                               "audio": (io.BytesIO(samples.wav()), "voice.wav")},
                             page=url + "/consent/points/3", content_type="multipart/form-data",
                             headers={"Accept": "application/json"})
    assert response.status_code == 200, response.json
    audio = points(app)[2]["audio"]
    assert audio["cy"].startswith("media:") and audio["en"] is None
    assert audio["cy"] in transfer.media_ids(versions(app)[-1]["document"])
    for key in ("consent:99", "consent:x", "consent:"):
        refused = client.submit(f"{url}/voices", {"question": key, "option": "", "language": "cy",
                                                  "audio": (io.BytesIO(samples.wav()), "voice.wav")},
                                page=url + "/consent/points/3", content_type="multipart/form-data",
                                headers={"Accept": "application/json"})
        assert refused.status_code == 404


def test_the_easy_read_check_asks_for_a_picture_and_words_on_each_point(client, lead_project, app):
    new_questionnaire(client, lead_project)
    document = versions(app)[-1]["document"]
    assert not [f for f in easyread.check(document) if f.field == "consent" and f.code == "no_picture"]
    document["consent"][1]["picture"] = None
    document["consent"][3]["text"]["cy"] = ""
    found = {(f.code, f.language) for f in easyread.check(document) if f.field == "consent"}
    assert found == {("no_picture", None), ("missing_language", "cy")}
    document["consent"] = []
    assert [f.code for f in easyread.check(document) if f.field == "consent"] == ["missing_language"]


def test_using_the_suggested_points_asks_first_then_replaces_them(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    client.submit(url + "/consent/points/1", {"text_en": "Mine.", "text_cy": "Fy un i.", "picture": ""})
    asked = client.submit(url + "/consent/suggested", {}, page=url + "/consent")
    assert "Use the points we suggest?" in text(asked) and points(app)[0]["text"]["en"] == "Mine."
    client.submit(url + "/consent/suggested", {"confirmed": "1"}, page=url + "/consent")
    assert points(app)[0]["text"]["en"] == consent.DEFAULT_POINTS[0][0]


def test_a_press_from_an_older_page_goes_back_to_the_points_not_to_a_number(client, lead_project, app):
    """Point 3 of an older page may be another point now: the page opens at the list."""
    url = new_questionnaire(client, lead_project)
    page = client.get(url + "/consent")
    token, old = page.soup.select_one("[name=csrf_token]")["value"], page.soup.select_one("[name=revision]")["value"]
    client.submit(url + "/consent/points/1/remove", {"confirmed": "1"}, page=url + "/consent")
    response = client.post(url + "/consent/points/3/down", data={"csrf_token": token, "revision": old})
    assert response.status_code == 302 and response.headers["Location"].endswith("/consent#points")
    assert "Someone else changed this questionnaire while you were working" in text(client.get(response.headers["Location"]))


def _point_form(page, **typed):
    """What the point page's form sends, with these words typed, and where it sends it."""
    form = page.soup.select_one("form.form--consent-point")
    sent = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    return form["action"], {**sent, "picture": "", **typed}


def test_a_point_typed_on_an_older_page_is_saved_to_the_point_it_showed(client, lead_project, app):
    """Point 3 is number 2 once point 1 is taken out: what was typed for it goes to it, not
    to the point that is number 3 now."""
    url = new_questionnaire(client, lead_project)
    action, sent = _point_form(client.get(url + "/consent/points/3"), text_en="Posters may show your words.",
                               text_cy="Gall posteri ddangos eich geiriau.")
    client.submit(url + "/consent/points/1/remove", {"confirmed": "1"}, page=url + "/consent")   # someone else
    refused = client.post(action, data=sent)
    assert refused.status_code == 409 and "What you typed is still here" in text(refused)
    assert "Consent, point 2" in text(refused)
    assert refused.soup.select_one("#text_en").get_text().strip() == "Posters may show your words."
    assert [p["text"]["en"] for p in points(app)][1:3] == [consent.DEFAULT_POINTS[2][0], consent.DEFAULT_POINTS[3][0]]

    action, again = _point_form(refused, text_en="Posters may show your words.",
                                text_cy="Gall posteri ddangos eich geiriau.")
    assert action.endswith("/consent/points/2") and again["was"] == sent["was"]
    assert _switch_back(refused) == action, "the language switch opens point 2, where the words are put back"
    saved = client.post(action, data=again)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#point-2")
    assert [p["text"]["en"] for p in points(app)][1:3] == ["Posters may show your words.", consent.DEFAULT_POINTS[3][0]]


def test_a_point_changed_or_taken_out_meanwhile_is_never_written_over(client, lead_project, app):
    """What was typed comes back to be added as a new point: the other person's words stay."""
    url = new_questionnaire(client, lead_project)
    action, sent = _point_form(client.get(url + "/consent/points/2"), text_en="Mine.", text_cy="Fy un i.")
    client.submit(url + "/consent/points/2", {"text_en": "Theirs.", "text_cy": "Eu rhai nhw.", "picture": ""})
    refused = client.post(action, data=sent)
    assert refused.status_code == 409 and "Someone else changed or took out this point" in text(refused)
    assert "Consent, a new point" in text(refused) and refused.soup.select_one("#voices") is None
    assert refused.soup.select_one("#text_cy").get_text().strip() == "Fy un i."
    action, again = _point_form(refused, text_en="Mine.", text_cy="Fy un i.")
    assert action.endswith("/consent/points/new/words") and "was" not in again
    assert _switch_back(refused) == action, "the language switch opens this page again"
    saved = client.post(action, data=again)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#point-7")
    assert [p["text"]["en"] for p in points(app)][1] == "Theirs."
    assert [p["text"]["en"] for p in points(app)][6] == "Mine." and len(points(app)) == 7
    # Pressed twice, or sent again from the browser's history: added once.
    twice = client.post(action, data=again)
    assert twice.status_code == 302 and twice.headers["Location"].endswith("#point-7") and len(points(app)) == 7

    # The last point taken out while it was being typed: kept, to be added again.
    action, sent = _point_form(client.get(url + "/consent/points/7"), text_en="Again.", text_cy="Eto.")
    client.submit(url + "/consent/points/7/remove", {"confirmed": "1"}, page=url + "/consent")
    refused = client.post(action, data=sent)
    assert refused.status_code == 409 and "Someone else changed or took out this point" in text(refused)
    assert len(points(app)) == 6


def _switch_back(page):
    """Where the page's language switch comes back to."""
    href = page.soup.select_one(".language-switch a")["href"]
    return parse_qs(urlsplit(href).query)["next"][0]


def test_points_with_the_same_words_are_told_apart(client, lead_project, app):
    """Two new points are both empty: the one typed for is the one that gets the words."""
    url = new_questionnaire(client, lead_project)
    for _ in range(2):
        client.submit(url + "/consent/points/new", {}, page=url + "/consent")
    action, sent = _point_form(client.get(url + "/consent/points/8"), text_en="Eight.", text_cy="Wyth.")
    client.submit(url + "/consent/points/7", {"text_en": "Seven.", "text_cy": "Saith.", "picture": ""})
    refused = client.post(action, data=sent)      # the second empty point is not there: never over "Seven."
    action, again = _point_form(refused, text_en="Eight.", text_cy="Wyth.")
    assert action.endswith("/consent/points/new/words")
    client.post(action, data=again)
    assert [p["text"]["en"] for p in points(app)][6:] == ["Seven.", "", "Eight."]
    client.submit(url + "/consent/points/8/remove", {"confirmed": "1"}, page=url + "/consent")

    for _ in range(2):
        client.submit(url + "/consent/points/new", {}, page=url + "/consent")
    action, sent = _point_form(client.get(url + "/consent/points/10"), text_en="Ten.", text_cy="Deg.")
    client.submit(url + "/consent/points/1/remove", {"confirmed": "1"}, page=url + "/consent")
    refused = client.post(action, data=sent)
    action, again = _point_form(refused, text_en="Ten.", text_cy="Deg.")
    assert action.endswith("/consent/points/9") and _switch_back(refused) == action
    client.post(action, data=again)
    assert [p["text"]["en"] for p in points(app)][7:] == ["", "Ten."]


def test_a_recording_made_on_an_older_page_goes_to_the_point_it_showed(client, lead_project, app):
    """The recorder saves without reloading its page, so it cannot know the numbers moved."""
    url = new_questionnaire(client, lead_project)
    page = client.get(url + "/consent/points/3")
    key = page.soup.select_one("[data-question^='consent:'], [name=question][value^='consent:']")
    key = key.get("data-question") or key["value"]
    assert key.startswith("consent:3:")
    client.submit(url + "/consent/points/1/remove", {"confirmed": "1"}, page=url + "/consent")   # someone else
    token = page.soup.select_one("[name=csrf_token]")["value"]

    def record(key):
        return client.post(f"{url}/voices", data={"question": key, "option": "", "language": "en", "csrf_token": token,
                                                  "audio": (io.BytesIO(samples.wav()), "voice.wav")},
                           content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert record(key).status_code == 200
    assert [p["audio"]["en"] is not None for p in points(app)][:3] == [False, True, False]

    client.submit(url + "/consent/points/2/remove", {"confirmed": "1"}, page=url + "/consent")   # and then this one
    gone = record(key)
    assert gone.status_code == 409 and not any(p["audio"]["en"] for p in points(app))
    assert "so the recording was not saved" in gone.json["message"]


def test_a_recording_sent_with_an_older_page_or_a_strange_key_is_answered_plainly(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    for number in (6, 5, 4):
        client.submit(url + f"/consent/points/{number}/remove", {"confirmed": "1"}, page=url + "/consent")
    page = client.get(url + "/consent/points/3")
    upload = {field["name"]: field.get("value", "") for field in
              page.soup.select("form[action$='/voices'] input[type=hidden]")}
    client.submit(url + "/consent/points/1/remove", {"confirmed": "1"}, page=url + "/consent")   # someone else
    response = client.post(f"{url}/voices", data={**upload, "language": "en",
                                                  "audio": (io.BytesIO(samples.wav()), "voice.wav")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/consent/points/2#voices")
    assert "Someone else changed this questionnaire" in text(client.get(response.headers["Location"]))
    assert not any(p["audio"]["en"] for p in points(app))
    token = page.soup.select_one("[name=csrf_token]")["value"]
    for key in ("consent:\u00b2", "consent:" + "9" * 5000, "consent:2:" + "f" * 5000, "consent:2:zz.1"):
        strange = client.post(f"{url}/voices", data={"question": key, "option": "", "language": "en", "csrf_token": token,
                                                     "audio": (io.BytesIO(samples.wav()), "voice.wav")},
                              content_type="multipart/form-data", headers={"Accept": "application/json"})
        assert strange.status_code in (404, 409), key[:20]

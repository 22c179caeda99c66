"""What a tablet downloads to get ready: the published questionnaires, a bundle with
everything one needs, and the files it names."""
from .conftest import DEMO


def test_the_tablet_sees_only_published_versions_of_its_project(client, field, make):
    make.questionnaire(field["project"], field["lead"])          # a draft: not offered
    response = client.get("/api/v1/questionnaires", headers=field["headers"])
    [offered] = response.json["questionnaires"]
    assert offered["version_id"] == field["version"] and offered["title"] == DEMO["title"]


def test_a_bundle_holds_the_document_fixed_answers_files_and_interviewers(client, field):
    bundle = client.get(f"/api/v1/bundle/{field['version']}", headers=field["headers"]).json
    assert bundle["document"] == DEMO
    assert bundle["fixed_answers"]["feelings"][0] == {
        "key": "happy", "words": {"en": "Happy", "cy": "Hapus"}, "picture": "openmoji:1F600"}
    for picture in {q["picture"] for q in DEMO["questions"]} | {"openmoji:2705"}:
        url = bundle["files"][picture]
        with client.get(url, headers=field["headers"]) as response:
            assert response.status_code == 200, url
    assert [i["name"] for i in bundle["interviewers"]] == ["Dewi"]


def test_uploaded_media_is_served_to_the_projects_tablets_only(client, field, make):
    picture = make.picture(field["project"], field["lead"])
    url = f"/api/v1/media/{picture[6:]}"
    assert client.get(url, headers=field["headers"]).mimetype.startswith("image/")
    assert client.get(url).status_code == 401
    other_lead = make.lead()
    other = make.tablet(make.project(other_lead, "Other"), other_lead)
    assert client.get(url, headers={"Authorization": f"Bearer {other['token']}"}).status_code == 404


def test_a_draft_or_another_projects_bundle_is_not_found(client, field, make, app):
    draft = make.questionnaire(field["project"], field["lead"])
    with app.app_context():
        from peersurvey.prepare import questionnaires
        draft_version = questionnaires.draft(draft)["id"]
    assert client.get(f"/api/v1/bundle/{draft_version}", headers=field["headers"]).status_code == 404
    other_lead = make.lead()
    other = make.tablet(make.project(other_lead, "Other"), other_lead)
    response = client.get(f"/api/v1/bundle/{field['version']}", headers={"Authorization": f"Bearer {other['token']}"})
    assert response.status_code == 404 and response.json["error"]

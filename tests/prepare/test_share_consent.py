"""The optional question after consent, "can we use your words on posters?": the lead
switches it on and writes it in both languages; the document check is strict about it;
it is frozen with the version, shown in the preview and carried by export and import."""
import io
import json

import pytest

from peersurvey.prepare import document as doc

from ..pages import errors, text
from .helpers import add_question, add_written_question, new_questionnaire, versions

SHARE = {"en": "Can we put your words on posters?", "cy": "Gawn ni roi eich geiriau ar bosteri?"}


def consent_form(**changes):
    form = {"share_ask": "y", "share_consent_en": SHARE["en"], "share_consent_cy": SHARE["cy"]}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_a_new_questionnaire_does_not_ask_and_the_consent_page_offers_the_suggested_words(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    assert versions(app)[-1]["document"]["share_consent"] is None
    assert "People are not asked if we can put their words on posters." in text(client.get(url))
    page = client.get(url + "/consent")
    assert not page.soup.find(id="share_ask").has_attr("checked")
    assert page.soup.find("label", attrs={"for": "share_ask"}).get_text() == \
        "Also ask if we can share their words on posters"
    english = page.soup.find(id="share_consent_en").get_text().strip()
    welsh = page.soup.find(id="share_consent_cy").get_text().strip()
    assert english.startswith("Can we put some of your words on posters")
    assert welsh and welsh != english, "the suggested words are in Welsh too, not English twice"


def test_the_welsh_consent_page_is_suggested_in_welsh(client, lead_project):
    url = new_questionnaire(client, lead_project)
    page = client.get(url + "/consent")
    first = page.soup.select_one("#point-1")
    welsh, english = first.find(attrs={"lang": "cy"}).get_text(), first.find(attrs={"lang": "en"}).get_text()
    assert "Fyddwn ni ddim yn rhoi eich enw" in welsh and "will not put your name" in english


def test_the_lead_switches_the_question_on_with_words_in_both_languages_and_off_again(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(url + "/consent", consent_form())
    assert response.status_code == 302
    document = versions(app)[-1]["document"]
    assert document["share_consent"] == SHARE
    assert "After the consent page, people are asked if we can put their words on posters." in text(client.get(url))
    assert client.get(url + "/consent").soup.find(id="share_ask").has_attr("checked")

    client.submit(url + "/consent", consent_form(share_ask=None))
    assert versions(app)[-1]["document"]["share_consent"] is None
    assert versions(app)[-1]["document"]["consent"][0]["text"]["en"].startswith("We are finding out")


def test_switching_it_on_with_no_words_says_what_to_do_and_changes_nothing(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(url + "/consent", consent_form(share_consent_en="", share_consent_cy=""))
    assert response.status_code == 200
    assert "Type the question about sharing their words, or untick the box to stop asking it." in errors(response)
    assert response.soup.select_one(".error-summary a")["href"] == "#share_consent_en"
    assert versions(app)[-1]["document"]["share_consent"] is None


def test_hidden_characters_in_the_sharing_words_are_refused(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(url + "/consent", consent_form(share_consent_cy="Gawn ni\u200b?"))
    assert any("hidden or unusual character" in e for e in errors(response))
    assert versions(app)[-1]["document"]["share_consent"] is None


def test_a_published_version_keeps_its_question_and_changes_make_a_new_version(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_written_question(client, url, "yes_no")
    client.submit(url + "/consent", consent_form())
    client.submit(f"{url}/publish", {}, page=url)
    response = client.submit(url + "/consent", consent_form(share_ask=None), page=url)
    assert response.status_code == 302 and versions(app)[-1]["status"] == "published"
    client.submit(f"{url}/new-version", {}, page=url)
    client.submit(url + "/consent", consent_form(share_ask=None))
    first, second = versions(app)
    assert first["document"]["share_consent"] == SHARE and second["document"]["share_consent"] is None


def test_the_preview_shows_the_sharing_question_after_consent(client, lead_project):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    preview = client.get(url + "/versions/1/preview/")
    assert "your words on posters" not in text(preview)
    client.submit(url + "/consent", consent_form())
    preview = client.get(url + "/versions/1/preview/")
    assert SHARE["en"] in text(preview)
    assert "Yes, you can use my words" in text(preview) and "No, do not use my words" in text(preview)


def test_the_easy_read_check_reads_the_sharing_question_and_links_to_it(client, lead_project):
    url = new_questionnaire(client, lead_project)
    client.submit(url + "/consent", consent_form(share_consent_cy=""))
    findings = client.get(url).soup.select(".finding")
    finding = next(f for f in findings if "The question about sharing their words" in f.get_text())
    assert "The Welsh words are missing." in finding.get_text()
    link = finding.find("a")["href"]
    assert link.endswith("/consent#share_consent_cy")
    assert client.get(link.split("#")[0]).soup.find(id="share_consent_cy")


def test_export_and_import_keep_the_sharing_question(client, lead_project, app, make):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    client.submit(url + "/consent", consent_form())
    exported = client.get(url + "/versions/1/export.json")
    other = make.project(lead_project["lead"], "Another group")
    response = client.submit(f"/projects/{other}/questionnaires/import",
                             {"file": (io.BytesIO(exported.data), "q.json")}, content_type="multipart/form-data")
    assert "The questionnaire is in your project as a new draft." in text(response)
    assert versions(app)[-1]["document"]["share_consent"] == SHARE


# The document check -------------------------------------------------------------------------

def a_document(**changes):
    document = {"format": doc.FORMAT, "title": {"en": "T", "cy": "T"}, "consent": {"en": "C", "cy": "C"},
                "questions": []}
    document.update(changes)
    return document


@pytest.mark.parametrize("share", [None, SHARE, {"en": "Can we?", "cy": ""}])
def test_a_document_may_leave_the_question_out_or_ask_it(app, share):
    with app.test_request_context():
        doc.check(a_document())
        doc.check(a_document(share_consent=share))


@pytest.mark.parametrize("share, words", [
    ("Can we use your words?", "must be given in English and Welsh"),
    ({"en": "Can we?"}, "must be given in English and Welsh"),
    ({"en": "Can we?", "cy": None}, "must be given in English and Welsh"),
    ({"en": "Can we?", "cy": "Gawn ni?", "fr": "Peut-on ?"}, "must be given in English and Welsh"),
    ({"en": "x" * 2001, "cy": ""}, "must be given in English and Welsh"),
    ({"en": " ", "cy": ""}, "has no words"),
    (True, "must be given in English and Welsh"),
])
def test_a_broken_sharing_question_is_refused_in_plain_words(app, share, words):
    with app.test_request_context():
        with pytest.raises(doc.DocumentError) as refused:
            doc.check(a_document(share_consent=share))
        problems = [str(p) for p in refused.value.problems]
    assert any(words in p and "sharing their words" in p for p in problems), problems


def test_a_typo_in_its_name_is_refused_not_dropped(app):
    with app.test_request_context():
        with pytest.raises(doc.DocumentError) as refused:
            doc.check(a_document(share_consnet=SHARE))
    assert "share_consnet" in str(refused.value)


def test_the_demo_questionnaire_asks_in_both_languages(app):
    from pathlib import Path
    import peersurvey.prepare as prepare
    demo = json.loads((Path(prepare.__file__).parent / "demo_questionnaire.json").read_text())
    with app.test_request_context():
        doc.check(demo)
    assert demo["share_consent"]["en"] and demo["share_consent"]["cy"]


def test_the_consent_page_keeps_its_paragraphs_when_saved(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    client.submit(url + "/consent", consent_form(share_consent_cy="Gawn ni?\r\n\r\nDim enw."))
    client.submit(url + "/consent/points/1", {"text_en": "We ask.  You can stop.\r\n\r\n\r\nYou can skip.\r\n",
                                              "text_cy": "Rydyn ni'n holi.", "picture": ""})
    document = versions(app)[-1]["document"]
    assert document["consent"][0]["text"]["en"] == "We ask. You can stop.\n\nYou can skip."
    assert document["share_consent"]["cy"] == "Gawn ni?\n\nDim enw."
    page = client.get(url + "/consent/points/1")
    assert "You can stop.\n\nYou can skip." in page.soup.find(id="text_en").get_text()

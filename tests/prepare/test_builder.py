"""A lead writes a questionnaire: every kind of question, in English and Welsh, with
pictures, notes, headings, conditions and answers; then publishes and makes version 2."""
import pytest

from peersurvey.db import connect

from ..pages import errors, text
from .helpers import add_question, new_questionnaire, snapshot, versions

KINDS = ["picture_choice", "feelings", "yes_no", "free_text", "dream_trigger", "short_answer"]


def question_form(**changes):
    form = {"text_en": "Do you like your job?", "text_cy": "Ydych chi'n hoffi eich swydd?",
            "picture": "openmoji:1F4BC", "note_en": "", "note_cy": "", "heading": ""}
    form.update(changes)
    return form


def test_a_lead_adds_every_kind_of_question(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    for kind in KINDS:
        edit = add_question(client, url, kind)
        assert client.submit(edit, question_form()).status_code == 302
    document = versions(app)[-1]["document"]
    assert [q["kind"] for q in document["questions"]] == KINDS
    page = client.get(url)
    assert len(page.soup.select(".question-card")) == 6


def test_question_words_note_heading_and_picture_are_saved_in_both_languages(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "feelings")
    client.submit(edit, question_form(note_en="Ask: what would make it better?",
                                      note_cy="Gofynnwch: beth fyddai'n ei wneud yn well?",
                                      heading="not_working", picture="openmoji:1F3E0"))
    [q] = versions(app)[-1]["document"]["questions"]
    assert q["text"]["cy"] == "Ydych chi'n hoffi eich swydd?"
    assert q["note"]["en"] == "Ask: what would make it better?"
    assert (q["heading"], q["picture"]) == ("not_working", "openmoji:1F3E0")


def test_script_in_question_text_is_shown_as_text_and_never_run(client, lead_project):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "free_text")
    client.submit(edit, question_form(text_en="<script>alert('x')</script> Who helps you?"))
    html = client.get(url).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    preview = client.get(url + "/versions/1/preview/1").get_data(as_text=True)
    assert "<script>alert" not in preview


def test_options_are_added_changed_moved_and_taken_out(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "picture_choice")
    options = []
    for en, cy in (("Bus", "Bws"), ("Train", "Trên")):
        response = client.submit(f"{edit}/options/new", {}, page=edit)
        option_url = response.headers["Location"]
        assert client.submit(option_url, {"text_en": en, "text_cy": cy, "picture": "openmoji:1F68C"}).status_code == 302
        options.append(option_url)
    q = versions(app)[-1]["document"]["questions"][0]
    assert [o["text"]["cy"] for o in q["options"]] == ["Bws", "Trên"]
    client.submit(options[1] + "/up", {}, page=edit)
    assert [o["text"]["en"] for o in versions(app)[-1]["document"]["questions"][0]["options"]] == ["Train", "Bus"]
    client.submit(options[0] + "/remove", {}, page=edit)
    assert [o["text"]["en"] for o in versions(app)[-1]["document"]["questions"][0]["options"]] == ["Train"]


def test_a_dream_trigger_answer_has_its_own_tell_me_more_question(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "dream_trigger")
    option_url = client.submit(f"{edit}/options/new", {}, page=edit).headers["Location"]
    client.submit(option_url, {"text_en": "Cinema", "text_cy": "Sinema", "picture": "openmoji:1F3A6",
                               "prompt_en": "Tell me more about going to the cinema.",
                               "prompt_cy": "Dywedwch fwy wrtha i am fynd i'r sinema."})
    option = versions(app)[-1]["document"]["questions"][0]["options"][0]
    assert option["prompt"]["cy"] == "Dywedwch fwy wrtha i am fynd i'r sinema."


def test_a_condition_shows_a_question_only_after_certain_answers(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    first = add_question(client, url, "yes_no")
    client.submit(first, question_form())
    second = add_question(client, url, "free_text")
    first_key = versions(app)[-1]["document"]["questions"][0]["key"]
    assert client.submit(second, question_form(condition=[f"{first_key}:yes"])).status_code == 302
    assert versions(app)[-1]["document"]["questions"][1]["condition"] == {"question": first_key, "options": ["yes"]}
    preview = client.get(url + "/versions/1/preview/2")
    assert "This question is only shown if the answer to “Do you like your job?” was: Yes." in text(preview)


def test_a_condition_on_a_later_or_missing_question_is_refused_and_nothing_changes(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    first = add_question(client, url, "yes_no")
    second = add_question(client, url, "yes_no")
    keys = [q["key"] for q in versions(app)[-1]["document"]["questions"]]
    before = snapshot(app)
    for value in (f"{keys[1]}:yes", "gone:yes", f"{keys[0]}:maybe"):
        page = first if value.startswith(keys[1]) else second
        response = client.submit(page, question_form(condition=[value]))
        assert response.status_code == 200
        assert "Choose answers from one earlier question only." in errors(response)
    assert snapshot(app) == before


def test_a_question_others_depend_on_cannot_be_taken_out_or_moved_below_them(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    first = add_question(client, url, "yes_no")
    second = add_question(client, url, "free_text")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    client.submit(second, question_form(condition=[f"{key}:no"]))
    before = snapshot(app)
    response = client.submit(f"{first}/remove", {}, page=url)
    assert "Change that question's condition first" in text(client.get(response.headers["Location"]))
    response = client.submit(f"{first}/move/down", {}, page=url)
    assert "a question's condition must look at an earlier question" in text(client.get(response.headers["Location"]))
    assert snapshot(app) == before


def test_questions_move_up_and_down(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    second = add_question(client, url, "free_text")
    client.submit(f"{second}/move/up", {}, page=url)
    assert [q["kind"] for q in versions(app)[-1]["document"]["questions"]] == ["free_text", "yes_no"]


def test_publishing_freezes_the_version_and_changes_make_version_2(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    client.submit(edit, question_form())
    assert client.submit(f"{url}/publish", {}, page=url).status_code == 302
    assert "Version 1 is published." in text(client.get(url))
    response = client.submit(edit, question_form(text_en="Changed?"), page=url)
    assert response.status_code == 302 and "published" in text(client.get(response.headers["Location"]))
    assert versions(app)[0]["document"]["questions"][0]["text"]["en"] == "Do you like your job?"
    db = connect(app.config["DATABASE"])
    with pytest.raises(Exception, match="cannot change"):
        db.execute("update questionnaire_versions set document = '{}' where number = 1")
    client.submit(f"{url}/new-version", {}, page=url)
    client.submit(edit, question_form(text_en="Do you like your work?"))
    old, new = versions(app)
    assert (old["status"], new["status"], new["number"]) == ("published", "draft", 2)
    assert old["document"]["questions"][0]["text"]["en"] == "Do you like your job?"
    assert new["document"]["questions"][0]["text"]["en"] == "Do you like your work?"
    assert "Do you like your job?" in text(client.get(url + "/versions/1/preview/1"))


def test_an_empty_questionnaire_cannot_be_published(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    response = client.submit(f"{url}/publish", {}, page=url)
    assert "Add at least one question before you publish." in text(client.get(response.headers["Location"]))
    assert versions(app)[0]["status"] == "draft"


def test_the_easy_read_check_shows_beside_the_questions_and_links_to_the_fix(client, lead_project):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    client.submit(edit, question_form(text_cy="", picture=""))
    page = client.get(url)
    findings = page.soup.select(".finding")
    assert any("The Welsh words are missing." in f.get_text() for f in findings)
    link = next(f.find("a")["href"] for f in findings if "Welsh words" in f.get_text())
    assert link.endswith("#text_cy")
    assert client.get(link.split("#")[0]).soup.find(id="text_cy")
    client.submit(edit, question_form())
    assert not [f for f in client.get(url).soup.select(".finding") if "Welsh words" in f.get_text()]


def test_the_preview_shows_every_page_with_back_and_next(client, lead_project):
    url = new_questionnaire(client, lead_project)
    for kind in KINDS:
        client.submit(add_question(client, url, kind), question_form(note_en="Ask slowly.", note_cy="Gofynnwch yn araf."))
    consent = client.get(url + "/versions/1/preview/")
    assert "You can stop at any time." in text(consent)
    for page in range(1, 7):
        response = client.get(f"{url}/versions/1/preview/{page}")
        assert "I don't want to say" in text(response) and "I don't know" in text(response)
        assert "Ask slowly." in response.soup.select_one(".ask__note").get_text()
    assert client.get(url + "/versions/1/preview/7").status_code == 404


def test_short_answer_numbers_must_make_sense(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "short_answer")
    before = snapshot(app)
    response = client.submit(edit, question_form(numeric="y", minimum="90", maximum="10"))
    assert any("The smallest number is bigger than the biggest number" in e for e in errors(response))
    response = client.submit(edit, question_form(numeric="y", minimum="ten"))
    assert errors(response)
    assert snapshot(app) == before


def test_a_picture_that_is_not_in_the_library_is_refused(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    before = snapshot(app)
    for bad in ("openmoji:FFFFF", "media:" + "0" * 64, "javascript:alert(1)"):
        response = client.submit(edit, question_form(picture=bad))
        assert "Choose a picture from the list." in errors(response)
    assert snapshot(app) == before


def test_another_projects_questionnaire_is_not_found(client, lead_project, make):
    other_lead = make.lead()
    other = make.project(other_lead, "Other")
    qid = make.questionnaire(other, other_lead)
    assert client.get(f"/projects/{other}/questionnaires/{qid}").status_code == 404
    assert client.get(f"{lead_project['base']}/{qid}").status_code == 404


def test_the_title_is_written_in_both_languages(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    client.submit(url + "/title", {"title_en": "Our lives", "title_cy": "Ein bywydau"})
    document = versions(app)[-1]["document"]
    assert document["title"] == {"en": "Our lives", "cy": "Ein bywydau"}
    response = client.submit(url + "/title", {"title_en": "", "title_cy": "Dim ond Cymraeg"})
    assert "Type a title in English." in errors(response)
    assert versions(app)[-1]["document"]["title"]["en"] == "Our lives"

"""A lead chooses the words on a yes/no question's buttons: the Welsh pair that fits the
Welsh question is suggested and taken unless another is chosen; a preset or their own
words in each language are kept; empty or long words are refused."""
from ..pages import errors, text
from .helpers import add_question, new_questionnaire, versions
from .test_builder import question_form


def words(app):
    return versions(app)[-1]["document"]["questions"][0]["answer_words"]


def a_yes_no_question(client, lead_project):
    url = new_questionnaire(client, lead_project)
    return url, add_question(client, url, "yes_no")


def test_a_new_question_takes_the_words_that_fit_its_welsh_question(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    page = client.get(edit)
    assert page.soup.select_one("input[name=welsh_words][value=suggested]").has_attr("checked")
    assert words(app) is None
    client.submit(edit, question_form(text_cy="Oes gennych chi swydd?"))
    assert words(app) == {"yes": {"en": "Yes", "cy": "Oes"}, "no": {"en": "No", "cy": "Nac oes"}}
    page = client.get(edit)
    assert "Suggested for the Welsh question: Oes / Nac oes" in text(page)
    assert page.soup.select_one("input[name=welsh_words][value=oes]").has_attr("checked")


def test_with_no_welsh_question_yet_the_words_stay_open_and_follow_it_later(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    client.submit(edit, question_form(text_cy=""))
    assert words(app) is None
    client.submit(edit, question_form(text_cy="Gawn ni dynnu eich llun?"))
    assert words(app)["yes"]["cy"] == "Cewch" and words(app)["no"]["cy"] == "Na chewch"


def test_a_lead_picks_a_preset_that_is_not_the_suggestion(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    response = client.submit(edit, question_form(text_cy="Ydych chi'n hoffi eich swydd?", welsh_words="ie"))
    assert response.status_code == 302
    assert words(app) == {"yes": {"en": "Yes", "cy": "Ie"}, "no": {"en": "No", "cy": "Nage"}}
    page = client.get(edit)
    assert page.soup.select_one("input[name=welsh_words][value=ie]").has_attr("checked")
    assert "Suggested for the Welsh question: Ydw / Nac ydw" in text(page)


def test_a_lead_writes_their_own_words_in_each_language(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    response = client.submit(edit, question_form(
        english_words="own", yes_en="I do", no_en="I don't", welsh_words="own",
        yes_cy="Ydw, wir", no_cy="Nac ydw, wir"))
    assert response.status_code == 302
    assert words(app) == {"yes": {"en": "I do", "cy": "Ydw, wir"}, "no": {"en": "I don't", "cy": "Nac ydw, wir"}}
    page = client.get(edit)
    assert page.soup.select_one("input[name=english_words][value=own]").has_attr("checked")
    assert page.soup.select_one("input[name=no_cy]")["value"] == "Nac ydw, wir"


def test_own_words_must_be_written_and_short(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    response = client.submit(edit, question_form(welsh_words="own", yes_cy="Ydw", no_cy=""))
    assert response.status_code == 200
    assert "Write the Welsh words for this answer, or choose a pair." in errors(response)
    response = client.submit(edit, question_form(english_words="own", yes_en="Y" * 31, no_en="No"))
    assert "Keep the answer words short: 30 letters or fewer." in errors(response)
    assert words(app) is None


def test_the_preview_shows_the_words_of_each_language(client, lead_project, app):
    url, edit = a_yes_no_question(client, lead_project)
    client.submit(edit, question_form(text_cy="Oes gennych chi swydd?"))
    english = text(client.get(url + "/versions/1/preview/1"))
    client.get("/language/cy")
    welsh = text(client.get(url + "/versions/1/preview/1"))
    assert "Yes No" in english and "Oes Nac oes" in welsh


def test_own_words_left_out_of_the_form_are_asked_for_not_a_crash(client, lead_project, app):
    _url, edit = a_yes_no_question(client, lead_project)
    response = client.submit(edit, question_form(english_words="own", welsh_words="own"))
    assert response.status_code == 200
    assert "Write the English words for this answer, or choose Yes / No." in errors(response)
    assert "Write the Welsh words for this answer, or choose a pair." in errors(response)
    response = client.submit(edit, question_form(welsh_words="maybe"))
    assert response.status_code == 200 and words(app) is None

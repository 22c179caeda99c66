"""The codebook: themes are added by leads and coders, changed, merged (every coding moves
to the kept theme) and split, with each change in the theme's history."""
from peersurvey.db import get_db
from peersurvey.theme import themes

from ..pages import errors, text


def theme_form(**values):
    return {"words_en": "", "words_cy": "", "description_en": "", "description_cy": "",
            "colour": "blue", "picture": "", "parent": "", **values}


def codings(app, theme_id):
    with app.app_context():
        return {(row[0], row[1]) for row in get_db().execute(
            "select answer_id, owner from codings where theme_id = ?", [theme_id])}


def tag(app, coding, answer_id, theme_id, owner=0):
    with app.app_context():
        get_db().execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                            values (?, ?, ?, ?, '2026-11-25T10:00:00+00:00', ?)""",
                         [coding["project"], answer_id, theme_id, owner, coding["lead"]["id"]])
        get_db().conn.commit()


def test_a_coder_on_a_tablet_adds_a_theme_in_welsh_and_it_reads_in_both_languages(client, login, coding):
    login.as_tablet_person(coding["tablet"], coding["coders"][0])
    url = f"/projects/{coding['project']}/themes/new"
    response = client.submit(url, theme_form(words_cy="Ffrindiau", colour="green", picture="openmoji:1F91D"))
    assert response.status_code == 302
    page = client.get(f"/projects/{coding['project']}/themes/")
    assert "Ffrindiau" in text(page)  # shown in English pages too, as the only words it has
    card = page.soup.select_one(".theme-card")
    assert card.select_one(".theme-colour--green") and card.select_one("img")["src"].endswith(".svg")


def test_a_theme_needs_words_and_short_plain_ones(client, login, coding):
    login.as_lead(coding["lead"])
    url = f"/projects/{coding['project']}/themes/new"
    response = client.submit(url, theme_form())
    assert response.status_code == 400
    assert "Type a few words for the theme, in English or Welsh or both." in errors(response)
    response = client.submit(url, theme_form(words_en="x" * 41))
    assert "Theme words can be up to 40 letters long. Use a few short words." in errors(response)
    response = client.submit(url, theme_form(words_en="Money", colour="chartreuse"))
    assert response.status_code == 400
    assert errors(response) == ["Choose a colour from the list."]
    assert "Money" in response.soup.select_one("#words_en")["value"], "what was typed is kept"


def test_words_that_look_like_html_are_shown_as_words(client, login, coding):
    login.as_lead(coding["lead"])
    client.submit(f"/projects/{coding['project']}/themes/new", theme_form(words_en="<b>Bus</b> & train"))
    page = client.get(f"/projects/{coding['project']}/themes/")
    assert "&lt;b&gt;Bus&lt;/b&gt; &amp; train" in page.get_data(as_text=True)
    assert page.soup.find("b") is None


def test_renaming_is_kept_in_the_history(client, login, coding, make, app):
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Cash"})
    login.as_lead(coding["lead"])
    url = f"/projects/{coding['project']}/themes/{theme_id}/edit"
    assert client.submit(url, theme_form(words_en="Money", words_cy="Arian")).status_code == 302
    page = text(client.get(f"/projects/{coding['project']}/themes/{theme_id}/"))
    assert "Changed its words from Cash to Money." in page
    assert "Made the theme Cash." in page


def test_sub_themes_sit_one_level_under_a_main_theme(client, login, coding, make):
    project = coding["project"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    benefits = make.theme(project, coding["lead"], {"en": "Benefits"})
    login.as_lead(coding["lead"])
    assert client.submit(f"/projects/{project}/themes/{benefits}/edit",
                         theme_form(words_en="Benefits", parent=str(money))).status_code == 302
    wages = make.theme(project, coding["lead"], {"en": "Wages"})
    response = client.submit(f"/projects/{project}/themes/{wages}/edit", theme_form(words_en="Wages", parent=str(benefits)))
    assert "That theme is already a sub-theme. Choose a main theme to put this one under." in errors(response)
    response = client.submit(f"/projects/{project}/themes/{money}/edit", theme_form(words_en="Money", parent=str(wages)))
    assert "This theme has sub-themes of its own, so it cannot go under another theme." in errors(response)
    order = [t.get_text(strip=True) for t in client.get(f"/projects/{project}/themes/").soup.select(".theme-card__words")]
    assert order == ["Money", "Benefits", "Wages"]


def test_merging_two_themes_keeps_every_coding(client, login, coding, make, app):
    project, answers, coder = coding["project"], coding["answers"], coding["coders"][0]["id"]
    gone = make.theme(project, coding["lead"], {"en": "Cash"})
    kept = make.theme(project, coding["lead"], {"en": "Money"})
    tag(app, coding, answers[0], gone)
    tag(app, coding, answers[1], gone)
    tag(app, coding, answers[1], kept)          # had both: keeps one coding
    tag(app, coding, answers[2], kept)
    tag(app, coding, answers[0], gone, owner=coder)
    login.as_lead(coding["lead"])
    response = client.submit(f"/projects/{project}/themes/{gone}/merge", {"into": str(kept)})
    assert response.status_code == 302
    assert codings(app, kept) == {(answers[0], 0), (answers[1], 0), (answers[2], 0), (answers[0], coder)}
    assert codings(app, gone) == set()
    # Cash was on 2 answers (answer 0 twice: the group's and Sam's own); both say 2.
    assert "Cash is merged into Money. 2 answers moved with it." in text(client.get(response.headers["Location"]))
    history = text(client.get(f"/projects/{project}/themes/{kept}/"))
    assert "Cash was merged into it, with 2 answers." in history
    assert "Merged into Money: 2 answers moved there." in text(client.get(f"/projects/{project}/themes/{gone}/"))
    old = client.get(f"/projects/{project}/themes/{gone}/")
    assert "This theme was merged into Money." in text(old)
    assert [t.get_text(strip=True) for t in client.get(f"/projects/{project}/themes/").soup.select(".theme-card__words")] == ["Money"]


def test_a_theme_cannot_be_merged_into_itself_or_a_theme_of_another_project(client, login, coding, make, app):
    project = coding["project"]
    theme_id = make.theme(project, coding["lead"], {"en": "Money"})
    tag(app, coding, coding["answers"][0], theme_id)
    other_lead = make.lead(name="Other", email="other@example.org")
    other = make.theme(make.project(other_lead, "Elsewhere"), other_lead, {"en": "Theirs"})
    login.as_lead(coding["lead"])
    response = client.submit(f"/projects/{project}/themes/{theme_id}/merge", {"into": str(theme_id)})
    assert response.status_code == 400
    assert "A theme cannot be merged into itself. Choose a different theme to keep." in errors(response)
    response = client.submit(f"/projects/{project}/themes/{theme_id}/merge", {"into": str(other)},
                             page=f"/projects/{project}/themes/{theme_id}/merge")
    assert response.status_code == 400
    assert codings(app, theme_id) == {(coding["answers"][0], 0)}, "nothing was lost"
    assert client.get(f"/projects/{project}/themes/{other}/edit").status_code == 404


def test_splitting_moves_the_chosen_answers_to_a_new_theme(client, login, coding, make, app):
    project, answers = coding["project"], coding["answers"]
    theme_id = make.theme(project, coding["lead"], {"en": "Going out"})
    for answer_id in answers[:3]:
        tag(app, coding, answer_id, theme_id)
    tag(app, coding, answers[1], theme_id, owner=coding["coders"][0]["id"])  # Sam's own coding moves too
    login.as_lead(coding["lead"])
    page = client.get(f"/projects/{project}/themes/{theme_id}/split")
    assert "I never have money for a cup of tea." in text(page)
    response = client.submit(f"/projects/{project}/themes/{theme_id}/split",
                             {"words_en": "Buses", "answers": [answers[1], "not-an-answer"]})
    assert response.status_code == 302
    with app.app_context():
        new_id = [t["id"] for t in themes.active(project) if t["words"] == {"en": "Buses"}][0]
    assert codings(app, new_id) == {(answers[1], 0), (answers[1], coding["coders"][0]["id"])}
    assert codings(app, theme_id) == {(answers[0], 0), (answers[2], 0)}
    assert "The new theme is made. 1 answer moved to it." in text(client.get(response.headers["Location"]))
    assert "Made by splitting Going out: 1 answer moved here." in text(client.get(f"/projects/{project}/themes/{new_id}/"))


def test_a_chosen_theme_that_is_not_a_number_of_ours_is_refused_plainly(client, login, coding, make, app):
    """'²' passes str.isdigit() and 25 digits overflow SQLite: both used to give a 500."""
    project = coding["project"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    tag(app, coding, coding["answers"][0], money)
    login.as_lead(coding["lead"])
    for bad in ("²", "9" * 25, "abc", "-1"):
        response = client.submit(f"/projects/{project}/themes/new", theme_form(words_en="Wages", parent=bad))
        assert response.status_code == 400, bad
        assert "Choose a theme from the list to put this one under." in errors(response), bad
        assert response.soup.select_one("#words_en")["value"] == "Wages", "what was typed is kept"
        response = client.submit(f"/projects/{project}/themes/{money}/merge", {"into": bad},
                                 page=f"/projects/{project}/themes/{money}/merge")
        assert response.status_code == 400, bad
    assert codings(app, money) == {(coding["answers"][0], 0)}, "nothing was lost"
    assert [t.get_text(strip=True) for t in client.get(f"/projects/{project}/themes/").soup.select(
        ".theme-card__words")] == ["Money"]


def test_after_an_error_on_the_merge_page_the_chosen_theme_is_still_chosen(client, login, coding, make, app):
    project = coding["project"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    benefits = make.theme(project, coding["lead"], {"en": "Benefits"})
    make.theme(project, coding["lead"], {"en": "Cash"})
    login.as_lead(coding["lead"])
    assert client.submit(f"/projects/{project}/themes/{benefits}/edit",
                         theme_form(words_en="Benefits", parent=str(money))).status_code == 302
    response = client.submit(f"/projects/{project}/themes/{money}/merge", {"into": str(benefits)})
    assert response.status_code == 400
    assert "A theme cannot be merged into one of its own sub-themes. Merge the sub-theme into it instead." in errors(response)
    assert [box["value"] for box in response.soup.select("input[name=into][checked]")] == [str(benefits)]
    label = response.soup.select_one(f"label[for={response.soup.select_one('input[name=into][checked]')['id']}]")
    assert "Benefits" in label.get_text() and "theme-card" in label["class"]


def test_the_themes_read_are_each_callers_own_and_a_change_shows_at_once(app, coding, make):
    """themes.active keeps what it made of the rows it read (by the rows themselves): a caller
    changing what it was given changes nobody else's, and a change to a theme is read anew."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money", "cy": "Arian"})
    with app.test_request_context():
        first = themes.active(coding["project"])
        first[0]["words"]["en"] = "Changed by a caller"
        first[0]["colour"] = "pink"
        again = themes.active(coding["project"])
        assert again[0]["words"] == {"en": "Money", "cy": "Arian"} and again[0]["colour"] != "pink"
        themes.change(coding["project"], coding["lead"]["id"], money, {"en": "Cash", "cy": "Arian"}, {}, "green",
                      None, None)
        assert [(t["words"]["en"], t["colour"]) for t in themes.active(coding["project"])] == [("Cash", "green")]

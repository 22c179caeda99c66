"""You said, we did: the lead writes what is being done about each theme, in English and
Welsh; a read-only link shares it with no personal data; a tampered, unknown or switched-off
link is a plain "not found"."""
import json
import re

import pytest

from peersurvey.db import get_db
from peersurvey.people.credentials import hash_token
from peersurvey.theme import themes

from ..pages import PageClient, errors, text
from ..theme.conftest import TEXTS
from .test_posters import build_poster_world


@pytest.fixture
def world(make):
    return build_poster_world(make)


def page_url(world):
    return f"/projects/{world['project']}/you-said-we-did/"


def make_link(client, world):
    """Make a link as the lead does: the form posts, the page comes back (after a redirect,
    so a refresh makes nothing) showing the new link."""
    posted = client.submit(f"/projects/{world['project']}/you-said-we-did/links/new", {}, page=page_url(world))
    assert posted.status_code == 302 and posted.headers["Location"] == page_url(world) + "#new-link-title"
    response = client.get(posted.headers["Location"])
    assert response.status_code == 200
    shown = response.soup.select_one("#new-link").get_text(strip=True)
    assert shown.startswith("http://localhost/shared/")
    return response, shown.removeprefix("http://localhost")


def switch_off_address(page):
    """Where the first link's "Switch off" button posts."""
    return page.soup.select_one("#share-title").find_parent("section").select_one("table form")["action"]


def link_count(app):
    with app.app_context():
        return get_db().execute("select count(*) from share_links").fetchone()[0]


def stranger(app):
    app.test_client_class = PageClient
    return app.test_client()


def test_the_lead_says_what_is_being_done_about_each_theme(client, login, world, app):
    login.as_lead(world["lead"])
    page = client.get(page_url(world))
    assert [" ".join(h.get_text().split()) for h in page.soup.select("legend h2")] == [
        "You said: My money (4 people)", "You said: Going out (2 people)",
        "Time on my own: nobody has talked about this yet."]
    money, out = world["money"], world["out"]
    response = client.submit(page_url(world), {
        f"did_{money}_en": "We are asking the bank for easy-read letters.",
        f"did_{money}_cy": "Rydyn ni'n gofyn i'r banc am lythyrau hawdd eu darllen.",
        f"did_{out}_en": "We asked the bus company for a late bus.\n\nThey will tell us in May."})
    assert response.status_code == 302 and response.headers["Location"] == page_url(world)
    page = client.get(page_url(world))
    assert "Saved." in text(page)
    assert page.soup.select_one(f"#did_{money}_cy").get_text().strip() == \
        "Rydyn ni'n gofyn i'r banc am lythyrau hawdd eu darllen."
    assert page.soup.select_one(f"#did_{money}_cy")["lang"] == "cy"
    with app.app_context():
        stored = {row["theme_id"]: json.loads(row["did"]) for row in get_db().query("select * from theme_actions")}
        audit = list(get_db().query("select * from audit_log where action = 'findings.actions'"))
    assert stored == {money: {"en": "We are asking the bank for easy-read letters.",
                              "cy": "Rydyn ni'n gofyn i'r banc am lythyrau hawdd eu darllen."},
                      out: {"en": "We asked the bus company for a late bus.\n\nThey will tell us in May."}}
    assert len(audit) == 1 and json.loads(audit[0]["detail"])["themes"] == [money, out]
    # Emptying a theme's boxes takes it away; saving with nothing changed records nothing.
    client.submit(page_url(world), {f"did_{money}_en": "", f"did_{money}_cy": "",
                                    f"did_{out}_en": "We asked the bus company for a late bus.\n\nThey will tell us in May."})
    client.submit(page_url(world), {f"did_{out}_en": "We asked the bus company for a late bus.\n\nThey will tell us in May."})
    with app.app_context():
        assert [row["theme_id"] for row in get_db().query("select * from theme_actions")] == [out]
        assert get_db().execute("select count(*) from audit_log where action = 'findings.actions'").fetchone()[0] == 2


def test_too_much_writing_is_refused_and_everything_typed_is_kept(client, login, world, app):
    login.as_lead(world["lead"])
    money, out = world["money"], world["out"]
    response = client.submit(page_url(world), {f"did_{money}_en": "a" * 1001, f"did_{out}_cy": "Bws hwyr.",
                                               f"did_{out}_en": "Nul\u0000byte"})
    assert response.status_code == 400
    assert "This can be up to 1000 letters long. Make it shorter." in errors(response)
    assert any("hidden or unusual character" in e for e in errors(response))
    assert response.soup.select_one(".error-summary a")["href"] == f"#did_{money}_en"
    assert response.soup.select_one(f"#did_{money}_en").get_text().strip() == "a" * 1001
    assert response.soup.select_one(f"#did_{out}_cy").get_text().strip() == "Bws hwyr."
    with app.app_context():
        assert get_db().execute("select count(*) from theme_actions").fetchone()[0] == 0


def test_no_themes_yet_says_what_to_do_first(client, login, make):
    lead = make.lead()
    project = make.project(lead, "Just started")
    login.as_lead(lead)
    page = client.get(f"/projects/{project}/you-said-we-did/")
    assert page.status_code == 200
    assert "There are no themes yet. First sort the answers into themes with your group." in text(page)
    assert page.soup.select_one(f"a[href='/projects/{project}/coding/']")


def test_a_shared_link_shows_the_page_once_and_keeps_no_token(client, login, world, app):
    login.as_lead(world["lead"])
    client.submit(page_url(world), {f"did_{world['out']}_en": "We asked the bus company for a late bus."})
    response, link = make_link(client, world)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43
    assert "Anyone who has this link can see the page." in text(response)
    with app.app_context():
        stored = get_db().execute("select token_hash, created_by from share_links").fetchall()
        assert [tuple(row) for row in stored] == [(hash_token(token), world["lead"]["id"])]
        dump = "\n".join(get_db().conn.iterdump())
    assert token not in dump, "only a hash of the token is kept"
    assert response.headers["Cache-Control"] == "no-store", "the browser keeps no copy of the page with the link"
    later = client.get(page_url(world))
    assert token not in later.get_data(as_text=True) and not later.soup.select("#new-link")
    assert "Lee Lead" in text_of_table(later)

    visitor = stranger(app)
    shared = visitor.get(link)
    assert shared.status_code == 200
    assert shared.soup.select_one("meta[name=robots]")["content"] == "noindex, nofollow"
    assert shared.headers["X-Robots-Tag"] == "noindex, nofollow"
    words = text(shared)
    assert [h.get_text() for h in shared.soup.select("h2 .theme-card__words")] == ["My money", "Going out", "Time on my own"]
    assert "4 people talked about this." in words
    assert "We asked the bus company for a late bus." in words
    assert "We have not written this yet." in words
    for private in (TEXTS[0], TEXTS[1], "CODE0", "Dewi", "Lee Lead", "lead1@example.org", token):
        if private != token:
            assert private not in words, private
    links = [a["href"] for a in shared.soup.select("a")]
    assert all(href == "#main" or href.startswith("/language/") for href in links), links


def text_of_table(page):
    return " ".join(page.soup.select_one("table").get_text().split())


def test_the_shared_page_speaks_welsh(client, login, world, app):
    login.as_lead(world["lead"])
    client.submit(page_url(world), {f"did_{world['money']}_en": "Easy-read letters.",
                                    f"did_{world['money']}_cy": "Llythyrau hawdd eu darllen."})
    _response, link = make_link(client, world)
    visitor = stranger(app)
    switch = visitor.get(link).soup.select_one(".language-switch a[lang=cy]")["href"]
    assert visitor.get(switch).headers["Location"] == link
    shared = visitor.get(link)
    assert shared.soup.html["lang"] == "cy"
    assert [h.get_text() for h in shared.soup.select("h2 .theme-card__words")] == ["Fy arian", "Mynd i'r dŵr", "Amser ar fy mhen fy hun"]
    assert "Llythyrau hawdd eu darllen." in text(shared) and "Easy-read letters." not in text(shared)


def test_tampered_unknown_and_switched_off_links_are_not_found(client, login, world, app):
    login.as_lead(world["lead"])
    _response, link = make_link(client, world)
    token = link.rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    visitor = stranger(app)
    for address in (f"/shared/{tampered}", f"/shared/{token[:-1]}", "/shared/nothing-here",
                    f"/shared/{token}x", f"/shared/{hash_token(token)}"):
        response = visitor.get(address)
        assert response.status_code == 404 and "We could not find that page" in text(response), address
    assert visitor.get(link).status_code == 200
    page = client.get(page_url(world))
    off = switch_off_address(page)
    assert re.fullmatch(rf"/projects/{world['project']}/you-said-we-did/links/\d+/off", off)
    assert page.soup.select_one(f"form[action='{off}'] button").get_text(strip=True).startswith(
        "Switch off the link made on")
    response = client.submit(off, {}, page=page_url(world))
    assert response.status_code == 302
    assert "The link is switched off." in text(client.get(response.headers["Location"]))
    response = visitor.get(link)
    assert response.status_code == 404 and "We could not find that page" in text(response)
    assert visitor.get(f"{link}/pictures/{world['money']}").status_code == 404
    assert "There are no links yet." in text(client.get(page_url(world)))
    with app.app_context():
        actions = [row[0] for row in get_db().execute("select action from audit_log where action like 'findings.%'")]
    assert actions == ["findings.share_link", "findings.share_link_off"]


def test_a_lead_cannot_switch_off_another_projects_link(client, login, world, make, app):
    login.as_lead(world["lead"])
    _response, link = make_link(client, world)
    link_id = switch_off_address(client.get(page_url(world))).split("/")[-2]
    client.post("/signout", data={"csrf_token": client.get(page_url(world)).soup.select_one(
        "input[name=csrf_token]")["value"]})
    other = make.lead(name="Other", email="other@example.org")
    other_project = make.project(other, "Elsewhere")
    login.as_lead(other)
    response = client.submit(f"/projects/{other_project}/you-said-we-did/links/{link_id}/off", {},
                             page=f"/projects/{other_project}/you-said-we-did/")
    assert response.status_code == 302
    assert "We could not find that link in this project." in text(client.get(response.headers["Location"]))
    assert stranger(app).get(link).status_code == 200, "the link still works"
    response = client.submit(f"/projects/{other_project}/you-said-we-did/links/99999/off", {},
                             page=f"/projects/{other_project}/you-said-we-did/")
    assert "We could not find that link in this project." in text(client.get(response.headers["Location"]))


def test_switching_off_a_link_twice_says_so(client, login, world, app):
    login.as_lead(world["lead"])
    make_link(client, world)
    off = switch_off_address(client.get(page_url(world)))
    client.submit(off, {}, page=page_url(world))
    again = client.submit(off, {}, page=page_url(world))
    assert again.status_code == 302
    assert "That link was already switched off." in text(client.get(again.headers["Location"]))
    with app.app_context():
        actions = [row[0] for row in get_db().execute("select action from audit_log where action like 'findings.%'")]
    assert actions == ["findings.share_link", "findings.share_link_off"]


def test_a_new_link_is_shown_once_and_a_refresh_makes_no_other(client, login, world, app):
    login.as_lead(world["lead"])
    posted = client.submit(f"/projects/{world['project']}/you-said-we-did/links/new", {}, page=page_url(world))
    assert posted.status_code == 302, "redirect after the post, so a refresh cannot post again"
    assert link_count(app) == 1
    shown = client.get(posted.headers["Location"])
    assert len(shown.soup.select("#new-link")) == 1
    token = shown.soup.select_one("#new-link").get_text(strip=True).rsplit("/", 1)[1]
    refreshed = client.get(posted.headers["Location"])
    assert not refreshed.soup.select("#new-link") and token not in refreshed.get_data(as_text=True)
    assert link_count(app) == 1, "a refresh made no new link"
    assert len(refreshed.soup.select("#share-title ~ table tbody tr")) == 1


def test_an_uploaded_picture_is_shown_through_the_link(client, login, world, make, app):
    picture = make.picture(world["project"], world["lead"])
    with app.test_request_context():
        theme = themes.get(world["project"], world["out"])
        themes.change(world["project"], world["lead"]["id"], world["out"], theme["words"], {}, "purple", picture, None)
    login.as_lead(world["lead"])
    _response, link = make_link(client, world)
    visitor = stranger(app)
    shared = visitor.get(link)
    sources = [img["src"] for img in shared.soup.select("img")]
    assert f"{link}/pictures/{world['out']}" in sources
    response = visitor.get(f"{link}/pictures/{world['out']}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    # Library pictures come from the static files; no other theme is served this way.
    assert visitor.get(f"{link}/pictures/{world['money']}").status_code == 404
    assert visitor.get(f"{link}/pictures/99999").status_code == 404

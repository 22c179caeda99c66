"""A lead starts projects and registers tablets; bad names are refused plainly."""
import pytest

from .pages import errors, text
from .people.test_team import snapshot


@pytest.fixture
def lead(make, login):
    lead = make.lead()
    login.as_lead(lead)
    return lead


def test_a_lead_starts_a_project_and_leads_it(client, lead):
    response = client.submit("/projects/new", {"name": "Bywydau Gwell"})
    project_url = response.headers["Location"]
    page = client.get(project_url)
    assert page.soup.h1.get_text() == "Bywydau Gwell"
    assert "Now add the people who will work on it." in text(page)
    assert "Lead" in page.soup.select_one(".person-row").get_text()
    assert "Started the project Bywydau Gwell." in text(client.get(project_url + "/history"))


def test_a_lead_sees_only_their_own_projects(client, lead, make):
    make.project(make.lead(), "Somebody else's")
    client.submit("/projects/new", {"name": "Mine"})
    listed = [a.get_text() for a in client.get("/projects/").soup.select(".card__title")]
    assert listed == ["Mine"]


@pytest.mark.parametrize("url", ["/projects/new", "tablets/new"])
@pytest.mark.parametrize("name, message", [
    ("", "Type a name"), ("  \t ", "Type a name"), ("n" * 61, "Names can be up to 60 letters long."),
    ("Bad\u200bname", "This has a hidden or unusual character in it."),
    ("Bad\u202ename", "This has a hidden or unusual character in it."),       # right-to-left override
    ("Bad\u200dname", "This has a hidden or unusual character in it."),       # a joiner joining no emoji
    ("🏴\U000e0067\U000e0062 name", "This has a hidden or unusual character in it."),  # tags never ended
])
def test_bad_project_and_tablet_names_are_refused_and_nothing_is_stored(client, lead, make, app, url, name, message):
    if url == "tablets/new":
        url = f"/projects/{make.project(lead)}/tablets/new"
        message = {"Type a name": "Give the tablet a name"}.get(message, message)
    before = snapshot(app)
    response = client.submit(url, {"name": name})
    assert response.status_code == 200
    assert any(e.startswith(message) for e in errors(response)), errors(response)
    assert snapshot(app) == before


@pytest.mark.parametrize("name", [
    "Our family 👨\u200d👩\u200d👧", "Cymru 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
    "Thumbs 👍🏽", "Love ❤\ufe0f", "Number 1\ufe0f\u20e3", "Wales 🇬🇧 and 🧑\u200d🤝\u200d🧑",
])
def test_names_with_emoji_made_of_several_characters_are_kept(client, lead, name):
    response = client.submit("/projects/new", {"name": name})
    assert response.status_code == 302, errors(response)
    assert client.get(response.headers["Location"]).soup.h1.get_text() == name


def test_adding_a_tablet_shows_a_short_code_and_keeps_only_hashes(client, lead, make, app):
    project = make.project(lead)
    response = client.submit(f"/projects/{project}/tablets/new", {"name": "Blue tablet"})
    code = response.soup.select_one("#pairing-code").get_text().replace(" ", "")
    assert len(code) == 8
    assert client.get_cookie("peersurvey_tablet") is None, "the lead's browser did not become the tablet"
    from peersurvey.db import connect
    db = connect(app.config["DATABASE"])
    stored = db.execute("select code_hash from pairing_codes").fetchone()[0]
    assert code not in stored and len(stored) == 64
    assert len(db.execute("select token_hash from devices").fetchone()[0]) == 64
    assert code not in client.get(f"/projects/{project}").get_data(as_text=True)


def test_a_too_big_request_gets_a_plain_answer_with_the_most_it_takes_and_a_way_back(client, lead):
    response = client.post("/projects/new", data={"name": "x" * (9 * 1024 * 1024)},
                           headers={"Referer": "http://localhost/projects/new"})
    assert response.status_code == 413
    assert "That is too big" in text(response) and "this page takes at most 8 MB" in text(response)
    assert response.soup.select_one("a.button")["href"] == "/projects/new", "back to the form"
    elsewhere = client.post("/projects/new", data={"name": "x" * (9 * 1024 * 1024)},
                            headers={"Referer": "https://elsewhere.example/projects/new"})
    assert [a["href"] for a in elsewhere.soup.select("a.button")] == ["/"], "never back to another site"


def test_the_wrong_method_gets_a_plain_page(client, lead):
    response = client.get("/signout")
    assert response.status_code == 405
    assert "That did not work" in text(response)


def test_dates_read_as_in_britain_and_the_welsh_history_names_the_welsh_title(client, lead, make):
    import re
    project = make.project(lead, "Dyddiadau")
    client.submit(f"/projects/{project}/questionnaires/new",
                  {"title_en": "Our lives", "title_cy": "Ein bywydau"})
    english = text(client.get(f"/projects/{project}/history", headers={"Accept-Language": "en"}))
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{4}, \d{2}:\d{2}\b", english), english
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}", english)
    assert "Our lives" in english
    client.get("/language/cy?next=/")
    welsh = text(client.get(f"/projects/{project}/history"))
    assert "Ein bywydau" in welsh and "Our lives" not in welsh
    assert re.search(r"\b\d{1,2} (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|"
                     r"Hydref|Tachwedd|Rhagfyr) \d{4}, \d{2}:\d{2}\b", welsh), welsh

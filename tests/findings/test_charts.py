"""Charts and the dashboard through the real app: the numbers match counts made here from
the database, the alt text names the right leader, both languages render (ŵ and ŷ
included), missing answers are shown, and empty projects get a friendly page."""
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from peersurvey.collect import queries as interview_queries
from peersurvey.db import get_db

from ..pages import text
from ..theme.conftest import build_coding_world

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def found(make, app):
    """A coded project: two themes (one with Welsh words full of ŵ and ŷ), a third unused."""
    world = build_coding_world(make)
    lead = world["lead"]
    money = make.theme(world["project"], lead, {"en": "Money", "cy": "Arian"})
    dogs = make.theme(world["project"], lead, {"en": "Dogs and bread", "cy": "Cŵn a bara ŷd"})
    make.theme(world["project"], lead, {"en": "Unused", "cy": "Heb ei ddefnyddio"})
    answers = world["answers"]
    with app.app_context():
        db = get_db()
        feel = [r[0] for r in db.execute("""select a.id from answers a join interviews i on i.id = a.interview_id
                                            where a.question = 'money_feel' order by i.started_at""")]
        # Interview 0 mentions money twice; interview 1 mentions money and dogs.
        pairs = [(answers[0], money), (answers[1], money), (answers[2], money), (answers[3], dogs),
                 (feel[0], money), (feel[1], dogs)]
        for answer_id, theme_id in pairs:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T10:00:00+00:00', ?)""",
                       [world["project"], answer_id, theme_id, lead["id"]])
        db.conn.commit()
    return dict(world, money=money, dogs=dogs)


def independent_counts(app, project_id):
    """People and mentions per theme words, counted straight from the tables."""
    with app.app_context():
        rows = get_db().execute(
            """select json_extract(t.words, '$.en'), count(distinct a.interview_id), count(*)
               from codings c join themes t on t.id = c.theme_id join answers a on a.id = c.answer_id
               where c.project_id = ? and c.owner = 0 group by t.id""", [project_id]).fetchall()
    return {words: (people, mentions) for words, people, mentions in rows}


def table(response):
    return {row.th.get_text(strip=True): [int(td.get_text()) for td in row.select("td")]
            for row in response.soup.select(".chart__table tbody tr")}


def test_the_theme_chart_counts_match_the_database_in_people_and_mentions(client, login, found, app):
    login.as_lead(found["lead"])
    expected = independent_counts(app, found["project"])
    people = client.get(f"/projects/{found['project']}/findings/themes")
    assert table(people) == {"Money": [expected["Money"][0]], "Dogs and bread": [expected["Dogs and bread"][0]],
                             "Unused": [0]}
    mentions = client.get(f"/projects/{found['project']}/findings/themes?count=mentions")
    assert table(mentions)["Money"] == [expected["Money"][1]] == [4]
    assert "counts mentions" in text(mentions)
    alt = people.soup.select_one("img.chart__image")["alt"]
    assert alt == "Money came up most: 3 people talked about it. Next is Dogs and bread with 2."
    # The picture itself says the same numbers, as words in the SVG.
    svg = client.get(f"/projects/{found['project']}/findings/charts/themes.svg")
    words = [t.text for t in ET.fromstring(svg.data).iter(f"{SVG}text") if t.text]
    assert {"Money", "3", "Dogs and bread", "2", "Unused", "0"} <= set(w.strip() for w in words)
    png = client.get(people.soup.select_one("img.chart__image")["src"])
    assert png.mimetype == "image/png" and Image.open(io.BytesIO(png.data)).size[0] == 850


def test_welsh_charts_keep_their_letters(client, login, found):
    login.as_lead(found["lead"])
    client.get("/language/cy").close()
    page = client.get(f"/projects/{found['project']}/findings/themes")
    assert "Cŵn a bara ŷd" in table(page)
    assert page.soup.select_one("img.chart__image")["alt"] == \
        "Y thema a gododd amlaf oedd Arian: siaradodd 3 pherson amdani. Nesaf mae Cŵn a bara ŷd, gyda 2."
    svg = client.get(f"/projects/{found['project']}/findings/charts/themes.svg").data.decode()
    assert "Cŵn a bara ŷd" in svg and "Arian" in svg
    png = client.get(f"/projects/{found['project']}/findings/charts/themes.png")
    # Kept to look at, beside the browser tests' screenshots (the folder may not be there yet
    # when only the tests without a browser run).
    SCREENSHOTS.mkdir(exist_ok=True)
    Image.open(io.BytesIO(png.data)).save(SCREENSHOTS / "chart-themes-cy.png")


def test_the_heading_split_counts_people_under_each_heading(client, login, found, app):
    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/themes/by/heading")
    rows = table(page)
    # money_not_good sits under "What is not working"; money_feel has no heading.
    assert [c.get_text() for c in page.soup.select(".chart__table thead th")] == \
        ["Theme", "What is not working", "No heading"]
    assert rows["Money"] == [3, 1] and rows["Dogs and bread"] == [1, 1]
    assert "The biggest is Money in ‘What is not working’: 3 people talked about it." in text(page)
    for by in ("question", "site", "month"):
        response = client.get(f"/projects/{found['project']}/findings/themes/by/{by}")
        assert response.status_code == 200
        image = client.get(response.soup.select_one("img.chart__image")["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
    assert client.get(f"/projects/{found['project']}/findings/themes/by/nothing").status_code == 404


def test_closed_questions_show_missing_answers_too(client, login, found):
    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/questions")
    feel = page.soup.select_one("#question-money_feel-title").find_parent("section")
    rows = {r.th.get_text(strip=True): int(r.td.get_text()) for r in feel.select("tbody tr")}
    # Five interviews, each said "unhappy" to money_feel; nobody skipped or was not asked.
    assert rows == {"Happy": 0, "Not sure": 0, "Unhappy": 5, "Skipped it": 0, "Said ‘I don't know’": 0,
                    "Not asked": 0}
    ages = page.soup.select_one("#question-my_choices-title").find_parent("section")
    assert "5 were not asked" in ages.get_text()
    assert "Most people chose Unhappy: 5 of 5." in feel.get_text()


def test_the_questions_page_and_its_charts_count_the_answers_once(client, login, found, app):
    """The page and each of its chart images (wide and narrow) are separate requests: the
    answers to every closed question are counted for the first and kept for the rest."""
    spread_queries = []

    @app.before_request
    def watch_queries():
        get_db().conn.set_trace_callback(
            lambda sql: spread_queries.append(sql) if "select a.status, a.value from answers" in sql else None)

    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/questions")
    questions = len(page.soup.select(".chart__body picture"))
    assert questions >= 2
    per_count = len(spread_queries)
    assert per_count == questions, "one query per closed question"
    for picture in page.soup.select(".chart__body picture"):
        for address in (picture.select_one("img.chart__image")["src"], picture.select_one("source")["srcset"]):
            assert client.get(address).status_code == 200
    assert len(spread_queries) == per_count, "the chart images used the counts the page made"


def test_the_dashboard_counts_interviews_and_coding(client, login, found):
    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/")
    words = text(page)
    assert "5 interviews stored" in words and "5 people agreed to take part" in words
    assert "4 of 5 answers in people's own words have a theme" in words
    assert "Money: 3 people" in words
    interviewers = {r.th.get_text(strip=True): r.td.get_text() for r in page.soup.select("table")[0].select("tbody tr")}
    assert interviewers == {"Dewi": "5"}


def test_the_dashboard_leads_on_to_posters_you_said_we_did_and_downloads(client, login, found):
    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/")
    row = page.soup.find("h2", string="Share what you found").find_next_sibling("ul")
    project = found["project"]
    assert [(a.get_text(strip=True), a["href"]) for a in row.select("a")] == [
        ("Posters", f"/projects/{project}/posters/"),
        ("You said, we did", f"/projects/{project}/you-said-we-did/"),
        ("Downloads for professionals", f"/projects/{project}/exports/")]
    for _words, href in [(a.get_text(), a["href"]) for a in row.select("a")]:
        assert client.get(href).status_code == 200


def test_a_withdrawn_participant_is_not_counted(client, login, found, app):
    with app.app_context():
        interview_queries.withdraw(found["project"], "CODE00")
    login.as_lead(found["lead"])
    page = client.get(f"/projects/{found['project']}/findings/themes")
    assert table(page)["Money"] == [2]
    assert independent_counts(app, found["project"])["Money"] == (2, 2)


def test_an_empty_project_gets_friendly_pages_not_broken_charts(client, login, make):
    lead = make.lead()
    project = make.project(lead, "Nothing yet")
    login.as_lead(lead)
    for url, words in (("findings/", "No answers have a theme yet."),
                       ("findings/themes", "There are no themes yet."),
                       ("findings/themes/by/heading", "There is nothing to show yet."),
                       ("findings/questions", "There are no picture, feelings or yes/no questions")):
        response = client.get(f"/projects/{project}/{url}")
        assert response.status_code == 200 and words in text(response)
    assert client.get(f"/projects/{project}/findings/charts/themes.png").status_code == 404


def test_coders_see_charts_but_not_the_dashboard(client, login, found):
    login.as_tablet_person(found["tablet"], found["coders"][0])
    assert client.get(f"/projects/{found['project']}/findings/themes").status_code == 200
    assert client.get(f"/projects/{found['project']}/findings/").status_code in (302, 403)


def test_a_chart_draws_themes_with_and_without_pictures(client, login, found, app):
    with app.app_context():
        get_db().execute("update themes set picture = 'openmoji:1F4B0' where id = ?", [found["money"]])
        get_db().conn.commit()
    login.as_lead(found["lead"])
    for name in ("themes", "by-heading", "by-site"):
        response = client.get(f"/projects/{found['project']}/findings/charts/{name}.png")
        assert response.status_code == 200, name


def test_a_stored_file_that_is_not_a_picture_is_not_drawn_as_one(client, login, found, app):
    """A theme's picture names a stored sound recording: the chart shows the theme's letter
    instead, as the posters and the shared page do, rather than failing."""
    with app.app_context():
        db = get_db()
        db["media"].insert({"project_id": found["project"], "sha256": "ab" * 32, "kind": "audio",
                            "mime": "audio/mpeg", "data": b"ID3" + bytes(64), "created_at": "2026-11-25T10:00:00+00:00"})
        db.execute("update themes set picture = ? where id = ?", ["media:" + "ab" * 32, found["money"]])
        db.conn.commit()
    login.as_lead(found["lead"])
    for name in ("themes", "by-site"):
        response = client.get(f"/projects/{found['project']}/findings/charts/{name}.png")
        assert response.status_code == 200 and response.mimetype == "image/png", name


def test_phones_get_each_chart_drawn_narrow(client, login, found):
    """A phone's browser picks the <source> for narrow screens: the same chart, drawn half
    as wide in inches, so its words are not shrunk to a phone's width."""
    login.as_lead(found["lead"])
    for page in ("themes", "themes?count=mentions", "themes/by/heading", "themes/by/month", "questions"):
        response = client.get(f"/projects/{found['project']}/findings/{page}")
        pictures = response.soup.select(".chart__body picture")
        assert pictures, page
        for picture in pictures:
            source = picture.select_one("source[media='(max-width: 40em)']")
            wide = picture.select_one("img.chart__image")["src"]
            assert source["srcset"].startswith(wide.split("?")[0]) and "size=phone" in source["srcset"]
            narrow = client.get(source["srcset"])
            assert narrow.status_code == 200 and narrow.mimetype == "image/png"
            assert Image.open(io.BytesIO(narrow.data)).size[0] == 880
    mentions = client.get(f"/projects/{found['project']}/findings/themes?count=mentions")
    assert "count=mentions" in mentions.soup.select_one("picture source")["srcset"]

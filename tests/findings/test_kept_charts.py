"""A chart picture is drawn once and kept for the next view, but never shown out of date:
a tag, a renamed theme, the other language, a phone's size and the other format each get a
picture of their own, the pictures kept stay within their budget, and a picture is never
taken from another database."""
import hashlib
import io

import pytest
from PIL import Image

from peersurvey import create_app
from peersurvey.db import get_db
from peersurvey.findings import charts, figures, kept_charts
from peersurvey.theme import coding, sessions, themes

from ..conftest import Maker
from ..theme.conftest import build_coding_world


@pytest.fixture
def world(make, app):
    world = build_coding_world(make)
    money = make.theme(world["project"], world["lead"], {"en": "Money", "cy": "Arian"})
    with app.test_request_context():
        session_id = sessions.start(world["project"], world["questionnaire"], world["lead"]["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    kept_charts.forget()
    yield dict(world, money=money, session=session_id)
    kept_charts.forget()


@pytest.fixture
def drawings(monkeypatch):
    """How many pictures matplotlib has really drawn."""
    drawn = []
    render = charts._render

    def counted(figure, fmt):
        drawn.append(fmt)
        return render(figure, fmt)
    monkeypatch.setattr(charts, "_render", counted)
    return drawn


def tag(app, world, answer_id):
    with app.test_request_context():
        coding.set_tag(sessions.get(world["project"], world["session"]), world["lead"]["id"], answer_id,
                       world["money"], True)


def chart(client, world, name="themes", fmt="png", query=""):
    response = client.get(f"/projects/{world['project']}/findings/charts/{name}.{fmt}{query}")
    assert response.status_code == 200, name
    return response.data


def test_a_chart_is_drawn_once_and_again_only_when_what_it_shows_changes(client, login, world, app, drawings):
    login.as_lead(world["lead"])
    tag(app, world, world["answers"][0])
    first = chart(client, world)
    assert chart(client, world) == first and len(drawings) == 1, "the second view is the kept picture"

    tag(app, world, world["answers"][1])       # another person's answer: Money goes from 1 to 2
    counted_again = chart(client, world)
    assert counted_again != first and len(drawings) == 2

    with app.test_request_context():
        theme = themes.get(world["project"], world["money"])
        themes.change(world["project"], world["lead"]["id"], world["money"], {"en": "Cash", "cy": "Arian parod"},
                      {}, theme["colour"], None, None)
    renamed = chart(client, world)
    assert renamed != counted_again and len(drawings) == 3

    client.get("/language/cy")
    welsh = chart(client, world)
    assert welsh != renamed and len(drawings) == 4
    assert chart(client, world, query="?size=phone") != welsh and len(drawings) == 5
    assert chart(client, world, fmt="svg").startswith(b"<?xml") and len(drawings) == 6
    assert chart(client, world) == welsh and len(drawings) == 6


def test_every_kind_of_chart_is_kept(client, login, world, app, drawings):
    login.as_lead(world["lead"])
    tag(app, world, world["answers"][0])
    names = ["themes", "by-heading", "by-question", "by-site", "by-month"]
    questions = client.get(f"/projects/{world['project']}/findings/questions")
    closed = [img["src"].split("/charts/")[1].split(".png")[0] for img in questions.soup.select("img.chart__image")]
    assert closed, "the world has closed questions"
    # Two questions with the same answers to choose from, and the same counts, are the same
    # picture (the question is written on the page, not in the chart): drawn once.
    pictures = {chart(client, world, name) for name in names + closed}
    assert len(drawings) == len(pictures) > len(names)
    assert {chart(client, world, name) for name in names + closed} == pictures
    assert len(drawings) == len(pictures), "each drawn once"


def test_the_pictures_kept_stay_within_their_budget(client, login, world, app, drawings, monkeypatch):
    login.as_lead(world["lead"])
    tag(app, world, world["answers"][0])
    one = len(chart(client, world))
    kept_charts.forget()
    monkeypatch.setattr(kept_charts, "BUDGET", int(one * 2.5))
    for name in ("themes", "by-heading", "by-question", "by-site"):
        chart(client, world, name)
        assert kept_charts.held()[1] <= kept_charts.BUDGET
    assert kept_charts.held()[0] == 2, "the oldest were given up"
    chart(client, world, "by-site")
    assert len(drawings) == 5, "the newest is still kept"
    chart(client, world, "themes")
    assert len(drawings) == 6, "the oldest was drawn again"


def test_a_picture_is_kept_by_the_database_it_came_from(app, make, tmp_path):
    """Two databases in one process (as in these tests) can each have project 1 with a theme
    naming the same picture, stored in one and not the other: each chart shows its own."""
    other = create_app({"TESTING": True, "DATABASE": str(tmp_path / "other.db")})
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "#d55e00").save(picture, format="PNG")
    name = "media:" + hashlib.sha256(picture.getvalue()).hexdigest()
    drawn, projects = {}, []
    for each, has_picture in ((app, True), (other, False)):
        maker = make if each is app else Maker(other)
        lead = maker.lead()
        project = maker.project(lead, "Pictures")
        theme = maker.theme(project, lead, {"en": "Money", "cy": "Arian"})
        with each.test_request_context():
            db = get_db()
            if has_picture:
                db["media"].insert({"project_id": project, "sha256": name[6:], "kind": "image", "mime": "image/png",
                                    "data": picture.getvalue(), "created_at": "2026-11-25T10:00:00+00:00"})
            db.execute("update themes set picture = ? where id = ?", [name, theme])
            db.conn.commit()
            drawn[each] = figures.themes_figure(project).draw("png")
        projects.append(project)
    assert projects[0] == projects[1], "the same project id in both"
    kept_charts.forget()
    charts._kept_picture.cache_clear()
    with other.test_request_context():
        assert figures.themes_figure(project).draw("png") == drawn[other], "the letter, not the other's picture"
    assert drawn[app] != drawn[other]

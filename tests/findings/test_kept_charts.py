"""A chart picture is drawn once and kept for the next view, but never shown out of date:
a tag, a renamed theme, the other language, a phone's size and the other format each get a
picture of their own, the pictures kept stay within their budget, and a picture is never
taken from another database. When many ask at the same moment for a picture or counts not
kept yet (a group opening the findings together), the work is done once and all get it; a
picture too big to keep is drawn by each in turn."""
import hashlib
import io
import threading
import time

import pytest
from PIL import Image

from peersurvey import create_app
from peersurvey.db import get_db
from peersurvey import one_at_a_time
from peersurvey.findings import charts, counts, figures, kept_charts
from peersurvey.theme import coding, sessions, themes

from ..conftest import Maker
from ..together import Visitor, at_once, in_process_server
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


@pytest.fixture
def served(app):
    """The test's app behind a real waitress server, in this process so the test can count
    what was drawn."""
    with in_process_server(app, GROUP + 2) as port:
        yield port


GROUP = 8     # tablets opening the findings together


def when_all_have_asked():
    """Hold the work until all GROUP requests have come for it (in line for their turn, or
    all at it when nothing makes them wait), so the test does not hang on how fast the
    first one is. Gives up waiting after 30 s (a machine too busy to have them all come)."""
    deadline = time.monotonic() + 30
    while one_at_a_time.waiting() < GROUP and time.monotonic() < deadline:
        time.sleep(0.01)


def group_asks(port, world, path):
    """GROUP tablets of the lead's ask for path at the same moment: their (status, headers,
    body), each 200."""
    lead = Visitor(port).sign_in(world["lead"]["email"], world["lead"]["password"])
    replies = at_once([lambda: lead.send("GET", f"/projects/{world['project']}/findings{path}")] * GROUP)
    assert [reply[0] for reply in replies] == [200] * GROUP, replies
    return replies


def test_a_group_asking_for_a_new_chart_at_once_has_it_drawn_once(served, world, app, drawings, monkeypatch):
    tag(app, world, world["answers"][0])
    render = charts._render

    def render_once_all_have_asked(figure, fmt):
        when_all_have_asked()
        return render(figure, fmt)
    monkeypatch.setattr(charts, "_render", render_once_all_have_asked)
    replies = group_asks(served, world, "/charts/themes.png")
    assert len({reply[2] for reply in replies}) == 1, "all got the same picture"
    assert len(drawings) == 1, f"drawn {len(drawings)} times for {GROUP} at once"
    assert one_at_a_time.waiting() == 0, "no turn is left held"


def test_a_picture_too_big_to_keep_is_drawn_by_each_in_turn(served, world, app, drawings, monkeypatch):
    """What the first drew could not be kept (over the budget), so the next in line draws it
    itself: everyone still gets the picture, and only one draws at a time."""
    tag(app, world, world["answers"][0])
    monkeypatch.setattr(kept_charts, "BUDGET", 100)
    render, busy, most = charts._render, [], []

    def render_one_at_a_time(figure, fmt):
        if not most:      # the first holds its turn until all have come
            when_all_have_asked()
        busy.append(fmt)
        most.append(len(busy))
        try:
            return render(figure, fmt)
        finally:
            busy.pop()
    monkeypatch.setattr(charts, "_render", render_one_at_a_time)
    replies = group_asks(served, world, "/charts/themes.png")
    assert len({reply[2] for reply in replies}) == 1, "all got the same picture"
    assert {reply[1]["content-type"] for reply in replies} == {"image/png"}
    assert len(drawings) == GROUP, "each drew it, since none could be kept"
    assert max(most) == 1, "one drew at a time"
    assert kept_charts.held()[0] == 0 and one_at_a_time.waiting() == 0


def test_a_group_opening_a_page_at_once_has_its_numbers_counted_once(served, world, app, monkeypatch):
    tag(app, world, world["answers"][0])
    counted = []
    count = counts._theme_split

    def counting(project_id, by):
        counted.append(by)
        when_all_have_asked()
        return count(project_id, by)
    monkeypatch.setattr(counts, "_theme_split", counting)
    replies = group_asks(served, world, "/themes/by/site")
    assert all("Newport" in reply[2] for reply in replies), "each page shows the numbers"
    assert counted == ["site"], f"counted {len(counted)} times for {GROUP} at once"


def test_when_the_one_drawing_fails_those_waiting_are_told_at_once_and_the_next_to_ask_draws(world, app, monkeypatch):
    """Those in line behind a drawing that failed get the same failure without each trying
    again in turn (each would hold a server thread as long); whoever asks later draws it."""
    tag(app, world, world["answers"][0])
    render, started, go_on, calls = charts._render, threading.Event(), threading.Event(), []

    def first_fails(figure, fmt):
        calls.append(fmt)
        if len(calls) == 1:
            started.set()
            assert go_on.wait(30)
            raise RuntimeError("the first drawing failed")
        return render(figure, fmt)
    monkeypatch.setattr(charts, "_render", first_fails)

    def draw():
        with app.test_request_context():
            try:
                return figures.themes_figure(world["project"]).draw("png")
            except RuntimeError as problem:
                return problem
    got = {}
    first = threading.Thread(target=lambda: got.update(first=draw()))
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=lambda: got.update(second=draw()))
    second.start()
    deadline = time.monotonic() + 30
    while one_at_a_time.waiting() < 2:      # the second is in line behind the first
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go_on.set()
    first.join(30)
    second.join(30)
    assert isinstance(got["first"], RuntimeError) and isinstance(got["second"], RuntimeError)
    assert len(calls) == 1, "the one waiting did not draw it again"
    assert one_at_a_time.waiting() == 0
    assert draw().startswith(b"\x89PNG") and len(calls) == 2, "asked again later, it is drawn"


"""A project has at most themes.MOST themes (merged ones do not count): each way of making
one (the codebook page, on the spot in a session, a codebook file) says so plainly past
that, and merging makes room. Charts draw only the figures.CHART_MOST themes that came up
most, and say so; the table beside them lists every theme."""

from peersurvey.findings import figures, kept_charts
from peersurvey.theme import themes

from ..findings.test_refiqda import ATLAS_TI, bring_in
from ..pages import errors, text
from .session_helpers import press, start
from .test_codebook import theme_form

MOST = 3
FULL = f"This project has {MOST} themes, and {MOST} is the most it can have."


def fill(app, coding, count):
    with app.app_context():
        return [themes.add(coding["project"], coding["lead"]["id"], {"en": f"Theme {n}"}) for n in range(count)]


def count(app, coding):
    with app.app_context():
        return len(themes.active(coding["project"]))


def test_past_the_most_themes_each_way_of_making_one_says_so_and_merging_makes_room(
        client, login, coding, app, monkeypatch):
    monkeypatch.setattr(themes, "MOST", MOST)
    made = fill(app, coding, MOST - count(app, coding))
    login.as_lead(coding["lead"])
    page = client.submit(f"/projects/{coding['project']}/themes/new", theme_form(words_en="One too many"))
    assert page.status_code == 400 and any(FULL in e for e in errors(page)), errors(page)
    assert FULL in page.soup.select_one("#words_en").find_previous(class_="field__error").get_text(), \
        "said beside the words of the theme"
    session_id = start(app, coding)
    tapped = press(client, coding, session_id, "new-theme", answer_id=coding["answers"][0], words="Buses")
    assert tapped.status_code == 400 and FULL in text(tapped)
    assert tapped.soup.select_one("#new-theme-words")["value"] == "Buses", "the words typed are kept"
    brought = bring_in(client, coding["project"], ATLAS_TI.encode())
    assert brought.status_code == 400 and FULL in text(brought)
    assert count(app, coding) == MOST, "nothing was made, the codebook file all or nothing"
    merged = client.submit(f"/projects/{coding['project']}/themes/{made[-1]}/merge", {"into": str(made[0])})
    assert merged.status_code == 302
    again = client.submit(f"/projects/{coding['project']}/themes/new", theme_form(words_en="Now there is room"))
    assert again.status_code == 302 and count(app, coding) == MOST


def test_a_chart_draws_the_themes_that_came_up_most_and_the_table_lists_them_all(client, login, coding, app,
                                                                               monkeypatch):
    monkeypatch.setattr(figures, "CHART_MOST", 2)
    kept_charts.forget()
    fill(app, coding, 3)
    with app.test_request_context():
        every = len(themes.active(coding["project"]))
        figure = figures.themes_figure(coding["project"])
        assert len(figure.rows) == every, "the table lists every theme"
        drawn = figure.draw(None)       # the matplotlib figure, to count its bars
    assert len(drawn.axes[0].patches) == 2
    login.as_lead(coding["lead"])
    page = text(client.get(f"/projects/{coding['project']}/findings/themes"))
    assert f"The chart shows the 2 themes that came up most. The table lists all {every}." in page
    assert client.get(f"/projects/{coding['project']}/findings/charts/themes.png").status_code == 200
    kept_charts.forget()

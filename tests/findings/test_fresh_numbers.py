"""Counts are kept between requests, but never served stale: tagging, untagging, a theme
renamed and a participant withdrawn each show at once on the charts, the dashboard, the
posters page and the shared page, even when SQLite hands a deleted row's id to a new row."""
import uuid

import pytest

from peersurvey.collect import sync
from peersurvey.db import get_db
from peersurvey.theme import coding, sessions, themes

from ..collect.conftest import answer
from ..theme.conftest import build_coding_world


@pytest.fixture
def world(make, app):
    world = build_coding_world(make)
    lead, project = world["lead"], world["project"]
    money = make.theme(project, lead, {"en": "Money", "cy": "Arian"})
    dogs = make.theme(project, lead, {"en": "Dogs", "cy": "Cŵn"})
    with app.test_request_context():
        session_id = sessions.start(project, world["questionnaire"], lead["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    return dict(world, money=money, dogs=dogs, session=session_id)


def toggle(app, world, answer_id, theme_id):
    """Tag or untag as the big screen's card does: the card shows whether the answer has
    the theme, and a tap asks for the other."""
    with app.test_request_context():
        given = theme_id in coding.themes_of(answer_id, 0)
        coding.set_tag(sessions.get(world["project"], world["session"]), world["lead"]["id"], answer_id, theme_id,
                       not given)


def table(response):
    return {row.th.get_text(strip=True): [int(td.get_text()) for td in row.select("td")]
            for row in response.soup.select(".chart__table tbody tr")}


def themes_table(client, world):
    return table(client.get(f"/projects/{world['project']}/findings/themes"))


def newest_coding(app):
    with app.app_context():
        return get_db().execute("select max(id), count(*) from codings").fetchone()


def test_untagging_the_newest_coding_and_tagging_another_theme_shows_at_once(client, login, world, app):
    login.as_lead(world["lead"])
    first = world["answers"][0]
    toggle(app, world, first, world["money"])
    assert themes_table(client, world) == {"Money": [1], "Dogs": [0]}
    before = newest_coding(app)
    # Untag Money, then tag Dogs: SQLite gives the new coding the id the deleted one had.
    toggle(app, world, first, world["money"])
    toggle(app, world, first, world["dogs"])
    assert newest_coding(app) == before, "the same highest id and number of codings as before"
    assert themes_table(client, world) == {"Dogs": [1], "Money": [0]}
    dashboard = client.get(f"/projects/{world['project']}/findings/")
    assert [li.get_text() for li in dashboard.soup.select(".leaders li")] == ["Dogs: 1 person", "Money: 0 people"]
    posters = client.get(f"/projects/{world['project']}/posters/")
    assert [h.get_text() for h in posters.soup.select(".theme-grid h3")] == ["Dogs", "Money"]


def test_a_renamed_theme_shows_its_new_words(client, login, world, app):
    login.as_lead(world["lead"])
    toggle(app, world, world["answers"][0], world["money"])
    assert "Money" in themes_table(client, world)
    with app.test_request_context():
        theme = themes.get(world["project"], world["money"])
        themes.change(world["project"], world["lead"]["id"], world["money"], {"en": "Cash", "cy": "Arian parod"},
                      {}, theme["colour"], None, None)
    assert themes_table(client, world) == {"Cash": [1], "Dogs": [0]}


def test_a_withdrawal_then_a_new_interview_and_tag_is_not_mistaken_for_before(client, login, world, app):
    """Withdrawing deletes the newest coding log row, so the next tag takes its id again; with
    as many interviews and codings as before, only the withdrawal's audit row tells them apart."""
    login.as_lead(world["lead"])
    answers = world["answers"]
    toggle(app, world, answers[0], world["money"])          # CODE00, Newport
    toggle(app, world, answers[3], world["money"])          # CODE03, Torfaen: the newest tag
    by_site = f"/projects/{world['project']}/findings/themes/by/site"
    assert table(client.get(by_site))["Money"] == [1, 1]
    client.submit(f"/projects/{world['project']}/interviews/withdraw", {"code": "CODE03", "confirm": "yes"},
                  page=f"/projects/{world['project']}/interviews/")
    new = dict(world["interviews"][0], id=str(uuid.uuid4()), participant_code="CODE09",
               answers=[answer("money_not_good", "Nothing left at the end of the week.")])
    new_answer = new["answers"][0]["id"]
    with app.test_request_context():
        assert sync.ingest(world["project"], [new])[0]["result"] == "stored"
        # A session's answers are fixed when it starts: the group starts a new one for it.
        world = dict(world, session=sessions.start(
            world["project"], world["questionnaire"], world["lead"]["id"], "group",
            {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": True}))
    toggle(app, world, new_answer, world["money"])
    page = client.get(by_site)
    assert [th.get_text(strip=True) for th in page.soup.select(".chart__table thead th")] == \
        ["Theme", "Site not known", "Newport"]
    assert table(page)["Money"] == [1, 1]

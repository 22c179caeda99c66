"""The theme limit under a race: eight of a group making the project's last theme at the
same moment, on a real server, make exactly one; the others are told plainly. The count
and the new theme share one write transaction (themes.add). Raced three times (merging the
winner away makes room again), as one race may happen to run in turn."""
from bs4 import BeautifulSoup

from peersurvey.db import get_db, writing
from peersurvey.theme import themes

from ..browser.conftest import LiveServer
from ..together import Visitor, at_once

TOGETHER, RACES = 8, 3


def test_eight_making_the_last_theme_at_once_make_exactly_one(tmp_path):
    server = LiveServer(tmp_path)
    try:
        lead = server.make.lead()
        project = server.make.project(lead)
        with server.make.app.app_context(), writing(get_db()):      # one transaction: quick to make
            for n in range(themes.MOST - 1 - len(themes.active(project))):
                themes.add(project, lead["id"], {"en": f"Theme {n}", "cy": f"Thema {n}"})
        action = f"/projects/{project}/themes/new"
        people = [Visitor(server.port).sign_in(lead["email"], lead["password"]) for _ in range(TOGETHER)]
        for race in range(RACES):
            forms = [person.form(action) for person in people]
            answers = at_once([lambda person=person, form=form, n=n: person.post(action, form, words_en=f"Last {race} {n}")
                               for n, (person, form) in enumerate(zip(people, forms))])
            statuses = sorted(status for status, _headers, _body in answers)
            assert statuses == [302] + [400] * (TOGETHER - 1), (race, statuses)
            for status, _headers, body in answers:
                if status == 400:
                    said = " ".join(BeautifulSoup(body, "html.parser").get_text().split())
                    assert f"This project has {themes.MOST} themes, and {themes.MOST} is the most it can have." in said
            with server.make.app.app_context():
                active = themes.active(project)
                assert len(active) == themes.MOST
                themes.merge(project, lead["id"], active[-1]["id"], active[0]["id"])    # room for the next race
    finally:
        server.stop()

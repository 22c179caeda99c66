"""The agreement page, with a hand-worked example, and settling the differences together."""
from peersurvey.db import get_db

from ..pages import text
from .test_sessions import new_client, press, start
from ..conftest import Login


def test_two_coders_see_how_far_they_agree_and_settle_the_difference(app, coding, make):
    project, answers = coding["project"], coding["answers"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    friends = make.theme(project, coding["lead"], {"en": "Friends"})
    choices = {0: [money, money, friends, friends, money], 1: [money, friends, friends, friends, money]}
    for n, coder in enumerate(coding["coders"]):
        client = new_client(app)
        Login(client).as_tablet_person(coding["tablet"], coder)
        session_id = start(app, coding, mode="own", person=coder)
        for answer_id, theme_id in zip(answers, choices[n]):
            press(client, coding, session_id, "tag", answer_id=answer_id, theme_id=theme_id)
    lead = new_client(app)
    Login(lead).as_lead(coding["lead"])
    page = lead.get(f"/projects/{project}/coding/agreement/")
    words = text(page)
    # By hand: they agree on 4 of 5. Sam gave Money 3 times and Ffion 2, so chance
    # agreement is 3/5·2/5 + 2/5·3/5 = 0.48 and kappa = (0.8 − 0.48) / (1 − 0.48) = 0.615.
    assert "You agreed on 4 of 5 answers." in words
    assert "They agree well. (Cohen's kappa: 0.62)" in words
    rows = {row.th.get_text(strip=True): row.select("td")[1].get_text(strip=True) for row in page.soup.select("tbody tr")}
    assert rows == {"Money": "0.62", "Friends": "0.62"}
    differences = page.soup.select("ol.card-list li.card")
    assert len(differences) == 1 and "My support worker shops for me." in differences[0].get_text()
    assert "Sam: Money" in differences[0].get_text() and "Ffion: Friends" in differences[0].get_text()
    settled = lead.submit(f"/projects/{project}/coding/agreement/settle",
                          {"questionnaire": str(coding["questionnaire"])}, page=f"/projects/{project}/coding/agreement/")
    screen = lead.get(settled.headers["Location"])
    assert "Answer 1 of 1" in text(screen) and "My support worker shops for me." in text(screen)
    with app.app_context():
        assert get_db().execute("select count(*) from codings where owner = 0").fetchone()[0] == 0


def test_with_fewer_than_two_coders_the_page_says_so(client, login, coding):
    login.as_lead(coding["lead"])
    page = client.get(f"/projects/{coding['project']}/coding/agreement/")
    assert "Nothing to compare yet." in text(page)

"""The agreement page, with a hand-worked example, and settling the differences together."""
from peersurvey.db import get_db

from ..conftest import Login
from ..pages import text
from .conftest import TEXTS
from .session_helpers import new_client, press, start


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
            press(client, coding, session_id, "tag", answer_id=answer_id, theme_id=theme_id, given="1")
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


def test_the_differences_are_read_in_one_query_however_many_there_are(app, coding, make):
    """Up to 200 differences are listed: one query each made a big project's page slow."""
    from peersurvey.theme import agreement, agreement_views

    from .test_codebook import tag
    project, answers = coding["project"], coding["answers"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    friends = make.theme(project, coding["lead"], {"en": "Friends"})
    for answer_id in answers:
        tag(app, coding, answer_id, money, owner=coding["coders"][0]["id"])
        tag(app, coding, answer_id, friends, owner=coding["coders"][1]["id"])
    with app.test_request_context():
        codings = agreement_views.own_codings(project, coding["questionnaire"])
        differences = agreement.compare(codings).disagreements
        statements = []
        get_db().conn.set_trace_callback(statements.append)
        shown = agreement_views._disagreements(project, codings, differences, {money: "Money", friends: "Friends"})
        get_db().conn.set_trace_callback(None)
    assert len(shown) == 5 and {d["words"] for d in shown} == set(TEXTS)
    assert sum("from answers" in s for s in statements) == 1, statements

"""Gaps the other coding tests left: theme descriptions, pictures on the big screen, the
Previous and "Next one with no theme" buttons, the heading filter, agreement between three
coders, what coders never see, and the audit of confirmed votes and themes made mid-session.
All through the real app and a real SQLite database."""
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import krippendorff
import numpy

from peersurvey.collect import sync
from peersurvey.db import get_db
from peersurvey.prepare import questionnaires
from tests.collect.conftest import DEMO, answer, interview

from ..conftest import Login
from ..pages import text
from .conftest import TEXTS
from .session_helpers import new_client, press, start
from .test_codebook import tag, theme_form

QUESTIONS = {q["key"]: q for q in DEMO["questions"]}


def more_interviews(app, coding, answer_lists, code="MORE"):
    """Store more interviews (one per list of answers) through the real sync code."""
    with app.test_request_context():
        db = get_db()
        interviewer = db.execute("select id from people where name = 'Dewi'").fetchone()[0]
        version = questionnaires.latest_published(coding["questionnaire"])["id"]
        field = dict(version=version, interviewer={"id": interviewer})
        items = [interview(field, answers, participant_code=f"{code}{n:02d}",
                           started_at=f"2026-11-25T0{n}:00:00+00:00")
                 for n, answers in enumerate(answer_lists)]
        results = sync.ingest(coding["project"], items)
        assert all(r["result"] == "stored" for r in results), results
    return items


def answer_ids(app, project, question):
    with app.app_context():
        return [row[0] for row in get_db().execute(
            """select a.id from answers a join interviews i on i.id = a.interview_id
               where a.question = ? and i.project_id = ? order by i.started_at""", [question, project])]


# 1. Descriptions -----------------------------------------------------------------------------

def test_a_themes_description_in_english_and_welsh_is_saved_and_shown(client, login, coding, app):
    project = coding["project"]
    login.as_lead(coding["lead"])
    added = client.submit(f"/projects/{project}/themes/new", theme_form(
        words_en="Money", words_cy="Arian", description_en="Not having enough money for things.",
        description_cy="Dim digon o arian am bethau."))
    assert added.status_code == 302
    with app.app_context():
        theme_id, stored = get_db().execute("select id, description from themes").fetchone()
    assert json.loads(stored) == {"en": "Not having enough money for things.", "cy": "Dim digon o arian am bethau."}
    page = client.get(f"/projects/{project}/themes/{theme_id}/")
    assert page.soup.select_one('p[lang="en"]:-soup-contains("Not having enough money for things.")')
    assert page.soup.select_one('p[lang="cy"]:-soup-contains("Dim digon o arian am bethau.")')
    form = client.get(f"/projects/{project}/themes/{theme_id}/edit")
    assert form.soup.select_one("#description_en").get_text().strip() == "Not having enough money for things."
    assert form.soup.select_one("#description_cy").get_text().strip() == "Dim digon o arian am bethau."

    changed = client.submit(f"/projects/{project}/themes/{theme_id}/edit", theme_form(
        words_en="Money", words_cy="Arian", description_en="Money worries.", description_cy="Poeni am arian."))
    assert changed.status_code == 302
    words = text(client.get(f"/projects/{project}/themes/{theme_id}/"))
    assert "Money worries." in words and "Poeni am arian." in words
    assert "Not having enough money" not in words
    # The codebook download (REFI-QDA) carries the description too.
    qdc = client.get(f"/projects/{project}/exports/codebook.qdc")
    assert qdc.status_code == 200
    descriptions = [e.text for e in ET.fromstring(qdc.data).iter() if e.tag.endswith("Description")]
    assert any("Money worries." in d and "Poeni am arian." in d for d in descriptions), descriptions


# 2. Pictures on the big screen --------------------------------------------------------------

def test_the_big_screen_shows_the_questions_picture_and_the_chosen_options_pictures_and_words(client, login, coding, app):
    more_interviews(app, coding, [[answer("go_out_with", ["friends", "partner"])]])
    session_id = start(app, coding, questions=["go_out_with"])
    login.as_lead(coding["lead"])
    screen = client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}")
    assert "Answer 1 of 1" in text(screen)
    asked = screen.soup.select_one(".answer-view__question")
    assert asked.select_one("img")["src"].endswith("1F6B6.svg"), "the question's own picture"
    assert asked.select_one(".answer-view__asked").get_text(strip=True) == "Who do you go out with?"
    chosen = screen.soup.select(".answer-view__chosen li")
    assert [li.select_one(".answer-view__choice").get_text(strip=True) for li in chosen] == ["My friends", "My partner"]
    assert [li.select_one("img")["src"].rsplit("/", 1)[-1] for li in chosen] == ["1F9D1-200D-1F91D-200D-1F9D1.svg", "1F491.svg"]


def test_the_free_text_questions_picture_and_heading_show_on_the_big_screen(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    screen = client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}")
    asked = screen.soup.select_one(".answer-view__question")
    assert asked.select_one("img")["src"].endswith("1FA99.svg")
    assert asked.select_one(".answer-view__asked").get_text(strip=True) == "What is not good about your money?"
    assert screen.soup.select_one(".answer-view__chosen") is None


# 3. Previous and "Next one with no theme" ----------------------------------------------------

def test_previous_and_next_one_with_no_theme_go_to_the_right_answer(client, login, coding, make, app):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    screen = client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}")
    values = {b.get_text(strip=True): b["value"] for b in screen.soup.select(".session-controls button[name=to]")}
    previous, uncoded = values["Previous"], values["Next one with no theme"]
    answers = coding["answers"]
    for coded in answers[1:3]:                      # answers 2 and 3 have a theme
        press(client, coding, session_id, "tag", answer_id=coded, theme_id=money, given="1")

    def shown(response):
        words = text(response)
        return next(f"Answer {n} of 5" for n in range(1, 6) if f"Answer {n} of 5" in words), \
            response.soup.select_one(".answer-view__words").get_text(strip=True)

    assert shown(press(client, coding, session_id, "move", to=previous)) == ("Answer 1 of 5", TEXTS[0]), \
        "Previous on the first answer stays there"
    assert shown(press(client, coding, session_id, "move", to=uncoded)) == ("Answer 4 of 5", TEXTS[3])
    assert shown(press(client, coding, session_id, "move", to=previous)) == ("Answer 3 of 5", TEXTS[2])
    assert shown(press(client, coding, session_id, "move", to=previous)) == ("Answer 2 of 5", TEXTS[1])
    assert shown(press(client, coding, session_id, "move", to=uncoded)) == ("Answer 4 of 5", TEXTS[3])
    assert shown(press(client, coding, session_id, "move", to=uncoded)) == ("Answer 5 of 5", TEXTS[4])
    assert shown(press(client, coding, session_id, "move", to=uncoded)) == ("Answer 5 of 5", TEXTS[4]), \
        "with none left after it, it stays"


# 4. The heading filter ------------------------------------------------------------------------

def test_a_session_started_with_a_heading_holds_only_answers_under_that_heading(client, login, coding, app):
    more_interviews(app, coding, [
        [answer("has_job", "yes"), answer("job_good", "I like my boss."), answer("friends_feel", "unhappy"),
         answer("going_out_stops", "No buses at night."), answer("dream_other", "A trip to London.")],
        [answer("has_job", "yes"), answer("job_good", "Good pay."), answer("friends_feel", "not_sure"),
         answer("going_out_stops", "It costs too much.")]])
    project = coding["project"]
    every = [k for k, q in QUESTIONS.items() if q["kind"] in ("free_text", "dream_trigger")]
    login.as_lead(coding["lead"])
    response = client.submit(f"/projects/{project}/coding/start?questionnaire={coding['questionnaire']}",
                             {"mode": "group", "questions": every, "heading": "not_working"},
                             page=f"/projects/{project}/coding/")
    assert response.status_code == 302
    session_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    under = [k for k, q in QUESTIONS.items() if q.get("heading") == "not_working"]
    with app.app_context():
        db = get_db()
        held = {row[0] for row in db.execute("select answer_id from session_items where session_id = ?", [session_id])}
        expected = {row[0] for row in db.execute(
            """select a.id from answers a join interviews i on i.id = a.interview_id
               where i.project_id = ? and a.status = 'answered'
               and a.question in (select value from json_each(?))""", [project, json.dumps(under)])}
        questions = {row[0] for row in db.execute(
            "select distinct a.question from session_items s join answers a on a.id = s.answer_id where s.session_id = ?",
            [session_id])}
    assert len(held) == len(expected) == 7 and held == expected   # 5 money_not_good + 2 going_out_stops
    assert questions == {"money_not_good", "going_out_stops"}
    assert "Answer 1 of 7" in text(client.get(response.headers["Location"]))


# 5. Agreement with three coders ---------------------------------------------------------------

def test_three_coders_see_krippendorffs_alpha_in_words_and_theme_by_theme(app, coding, make):
    project, answers = coding["project"], coding["answers"]
    rhys = make.member(project, "Rhys", ("coder",), pin="9753")
    money = make.theme(project, coding["lead"], {"en": "Money"})
    friends = make.theme(project, coding["lead"], {"en": "Friends"})
    M, F, B = {money}, {friends}, {money, friends}
    choices = [[M, M, F, F, M], [M, F, F, F, M], [M, M, F, M, B]]
    for coder, themes_given in zip([*coding["coders"], rhys], choices):
        client = new_client(app)
        Login(client).as_tablet_person(coding["tablet"], coder)
        session_id = start(app, coding, mode="own", person=coder)
        for answer_id, given in zip(answers, themes_given):
            for theme_id in sorted(given):
                press(client, coding, session_id, "tag", answer_id=answer_id, theme_id=theme_id, given="1")

    # Worked out here, straight from the choices: each distinct set of themes is one category.
    categories = {frozenset(M): 0, frozenset(F): 1, frozenset(B): 2}
    overall = krippendorff.alpha(reliability_data=numpy.array(
        [[categories[frozenset(s)] for s in row] for row in choices], dtype=float), level_of_measurement="nominal")
    money_alpha = krippendorff.alpha(reliability_data=numpy.array(
        [[int(money in s) for s in row] for row in choices], dtype=float), level_of_measurement="nominal")
    friends_alpha = krippendorff.alpha(reliability_data=numpy.array(
        [[int(friends in s) for s in row] for row in choices], dtype=float), level_of_measurement="nominal")

    def band(value):   # Landis and Koch, as the page puts them into words
        for limit, words in ((0.0, "They hardly agree at all."), (0.2, "They agree a little."),
                             (0.4, "They agree a fair amount."), (0.6, "They agree quite well."),
                             (0.8, "They agree well."), (1.01, "They agree very well.")):
            if value <= limit:
                return words

    lead = new_client(app)
    Login(lead).as_lead(coding["lead"])
    page = lead.get(f"/projects/{project}/coding/agreement/")
    words = text(page)
    assert "You agreed on 2 of 5 answers." in words       # answers 1 and 3 only
    assert f"{band(overall)} (Krippendorff's alpha: {overall:.2f})" in words
    assert "Cohen's kappa" not in words
    rows = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
            for row in page.soup.select("tbody tr")}
    assert rows == {"Money": [band(money_alpha), f"{money_alpha:.2f}"],
                    "Friends": [band(friends_alpha), f"{friends_alpha:.2f}"]}
    assert len(page.soup.select("ol.card-list li.card")) == 3


# 6. Coders never see who said it or who asked ------------------------------------------------

def test_a_coder_on_the_tablet_never_sees_participant_codes_or_interviewer_names(app, coding, make):
    project, answers = coding["project"], coding["answers"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    friends = make.theme(project, coding["lead"], {"en": "Friends"})
    for answer_id in answers:
        tag(app, coding, answer_id, money)                                   # the group's
        tag(app, coding, answer_id, money, owner=coding["coders"][0]["id"])  # Sam on his own
        tag(app, coding, answer_id, friends, owner=coding["coders"][1]["id"])  # Ffion on her own
    session_id = start(app, coding)
    big, coder = new_client(app), new_client(app)
    Login(big).as_lead(coding["lead"])
    Login(coder).as_tablet_person(coding["tablet"], coding["coders"][0])
    base = f"/projects/{project}"

    def check(url, must_show):
        page = coder.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        assert must_show in html, f"{url} should show the answer"
        for hidden in ("CODE0", "Dewi"):
            assert hidden not in html, f"{hidden} shows on {url}"

    for n in range(len(answers)):
        check(f"{base}/coding/sessions/{session_id}", TEXTS[n])
        check(f"{base}/coding/sessions/{session_id}?fragment=1", TEXTS[n])
        press(big, coding, session_id, "move", to="next")
    check(f"{base}/coding/agreement/", TEXTS[0])
    check(f"{base}/themes/{money}/split", TEXTS[4])


# 7. The audit ---------------------------------------------------------------------------------

def _recent(at):
    when = datetime.fromisoformat(at)
    return abs(datetime.now(timezone.utc) - when) < timedelta(minutes=5)


def test_a_confirmed_vote_and_a_theme_made_mid_session_are_logged_with_who_and_when(app, coding, make):
    project = coding["project"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    big, tablet = new_client(app), new_client(app)
    Login(big).as_lead(coding["lead"])
    sam = coding["coders"][0]
    Login(tablet).as_tablet_person(coding["tablet"], sam)
    first, second = coding["answers"][:2]
    press(tablet, coding, session_id, "vote", answer_id=first, theme_id=money, given="1")
    screen = big.get(f"/projects/{project}/coding/sessions/{session_id}")
    assert screen.soup.select_one('[data-key="confirm"]').get_text(strip=True) == "Choose every theme people voted for"
    press(big, coding, session_id, "confirm", answer_id=first)
    press(big, coding, session_id, "move", to="next")
    made = press(big, coding, session_id, "new-theme", answer_id=second, words="Cups of tea")
    assert "The theme Cups of tea is made." in text(made)
    with app.app_context():
        db = get_db()
        tea = db.execute("select id from themes where words like '%Cups of tea%'").fetchone()[0]
        log = [tuple(row) for row in db.execute(
            "select person_id, action, answer_id, theme_id, owner, session_id, at from coding_log order by id")]
    lead = coding["lead"]["id"]
    assert [row[:6] for row in log] == [
        (sam["id"], "vote", first, money, None, session_id),
        (lead, "tag", first, money, 0, session_id),          # the confirmed vote: who confirmed it
        (lead, "tag", second, tea, 0, session_id),           # the new theme, given at once
        (lead, "new_theme", second, tea, None, session_id),  # and made there (one undo takes both back)
    ]
    assert all(_recent(row[6]) for row in log), [row[6] for row in log]
    assert log[0][6] <= log[1][6] <= log[2][6]

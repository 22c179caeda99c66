"""What cannot be undone asks first, on a page that works without JavaScript and whose
buttons say the actions: switching a tablet off, taking a question out of a draft, and
finishing a group session. A POST without the asking page's confirm changes nothing and
shows that page; the asking page's own button does it. Starting a group session offers to
carry on the one that is not finished, with the same join code."""
from werkzeug.datastructures import MultiDict

from peersurvey.db import get_db

from ..pages import text
from ..prepare.helpers import add_question, new_questionnaire, versions
from .session_helpers import press, start


def _revoked(app, tablet_id):
    with app.app_context():
        return get_db().execute("select revoked_at from devices where id = ?", [tablet_id]).fetchone()[0]


def test_switching_a_tablet_off_asks_first(client, login, make, app):
    lead = make.lead()
    project = make.project(lead, "Better Lives")
    tablet = make.tablet(project, lead, "Blue tablet")
    login.as_lead(lead)
    page, revoke = f"/projects/{project}", f"/projects/{project}/tablets/{tablet['id']}/revoke"
    # A POST with only its CSRF token, as the old one-tap form sent: it asks, and changes nothing.
    asked = client.submit(revoke, {}, page=page)
    assert asked.status_code == 200 and _revoked(app, tablet["id"]) is None
    buttons = [b.get_text(" ", strip=True) for b in asked.soup.select("main form .button")]
    assert buttons == ["Switch off Blue tablet", "Keep Blue tablet on"]
    assert not any(word in " ".join(buttons) for word in ("Yes", "No"))
    # The asking page's own button switches it off.
    done = client.submit(revoke, {"confirmed": "1"}, page=revoke)
    assert done.status_code == 302 and _revoked(app, tablet["id"]) is not None


def test_taking_a_question_out_asks_first(client, lead_project, app):
    url = new_questionnaire(client, lead_project)
    add_question(client, url, "yes_no")
    key = versions(app)[-1]["document"]["questions"][0]["key"]
    remove = f"{url}/questions/{key}/remove"
    asked = client.submit(remove, {}, page=url)
    assert asked.status_code == 200 and "Take this question out?" in text(asked)
    assert [q["key"] for q in versions(app)[-1]["document"]["questions"]] == [key], "nothing taken out yet"
    buttons = [b.get_text(" ", strip=True) for b in asked.soup.select("main form .button")]
    assert buttons == ["Take the question out", "Keep the question"]
    # The asking page carries the revision the Take out was pressed on, and its button takes it out.
    form = {i["name"]: i.get("value", "") for i in asked.soup.select("main form input[name]")}
    done = client.post(remove, data=form)
    assert done.status_code == 302 and versions(app)[-1]["document"]["questions"] == []


def test_finishing_a_session_asks_first(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    asked = press(client, coding, session_id, "end", live_request=False)
    assert asked.status_code == 200 and "Finish the session?" in text(asked)
    with app.app_context():
        code = get_db().execute("select join_code from coding_sessions where id = ?", [session_id]).fetchone()[0]
        assert get_db().execute("select ended_at from coding_sessions where id = ?", [session_id]).fetchone()[0] is None
    assert f"The code {code} stops working." in text(asked)
    buttons = [b.get_text(" ", strip=True) for b in asked.soup.select("main form .button")]
    assert buttons == ["Finish the session", "Keep coding"]
    done = press(client, coding, session_id, "end", live_request=False, confirmed="1")
    assert done.status_code == 302
    with app.app_context():
        assert get_db().execute("select ended_at from coding_sessions where id = ?", [session_id]).fetchone()[0]


def test_starting_again_offers_to_carry_on_the_unfinished_session_with_its_code(client, login, coding, app):
    login.as_lead(coding["lead"])
    index = f"/projects/{coding['project']}/coding/"
    start_url = f"/projects/{coding['project']}/coding/start?questionnaire={coding['questionnaire']}"
    fields = {"mode": "group", "questions": ["money_not_good"], "heading": ""}
    first = client.submit(start_url, fields, page=index)
    assert first.status_code == 302
    code = client.get(first.headers["Location"]).soup.select_one(".join-code__code").get_text()

    offered = client.submit(start_url, fields, page=index)
    assert offered.status_code == 200 and f"Its code is {code}." in text(offered)
    carry_on = offered.soup.select_one("a#keep")
    assert carry_on.get_text(strip=True) == f"Carry on with {code}"
    assert carry_on["href"] == first.headers["Location"].split("?")[0]
    with app.app_context():
        assert get_db().execute("select count(*) from coding_sessions").fetchone()[0] == 1
    # A new session is still one button away, with the choices made kept.
    form = [(i["name"], i.get("value", "")) for i in offered.soup.select("main form input[name]")]
    assert ("questions", "money_not_good") in form
    new = client.post(start_url, data=MultiDict(form))
    assert new.status_code == 302 and new.headers["Location"] != first.headers["Location"]
    new_code = client.get(new.headers["Location"]).soup.select_one(".join-code__code").get_text()
    assert new_code != code

"""Helpers for the tests of coding sessions (tests/theme/test_sessions_*.py and the tests
that build on them): start a session, press a button on its screen as live.js does, read
the group's codings of an answer, a second client, and a session's join code."""
from peersurvey.db import get_db
from peersurvey.theme import sessions

from ..pages import PageClient, csrf_token

DEFAULTS = {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False}


def start(app, coding, mode="group", person=None, **filters):
    with app.test_request_context():
        return sessions.start(coding["project"], coding["questionnaire"], (person or coding["lead"])["id"],
                              mode, {**DEFAULTS, **filters})


def press(client, coding, session_id, button, live_request=True, **fields):
    """Press a button on the session screen, as live.js does (or as a plain form)."""
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    token = csrf_token(client.get(base).get_data(as_text=True))
    headers = {"X-Live": "1"} if live_request else {}
    return client.post(f"{base}/{button}", data={"csrf_token": token, **fields}, headers=headers)


def group_codings(app, answer_id, owner=0):
    with app.app_context():
        return {row[0] for row in get_db().execute(
            "select theme_id from codings where answer_id = ? and owner = ?", [answer_id, owner])}


def new_client(app):
    app.test_client_class = PageClient
    return app.test_client()


def sessions_code(app, coding, session_id):
    with app.app_context():
        return sessions.get(coding["project"], session_id)["join_code"]

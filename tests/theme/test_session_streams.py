"""Live streams give their place back however the request ends: a HEAD request (which never
reads the stream) used to keep its place for good, until every screen had to poll. And they
are woken only once the reply to the change has gone."""
from peersurvey.theme import live, sessions

from ..pages import csrf_token
from .session_helpers import start


def test_head_requests_do_not_use_up_the_live_streams(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    app.config["LIVE_STREAMS"] = live._open + 2      # two places free, whatever ran before
    events = f"/projects/{coding['project']}/coding/sessions/{session_id}/events"
    for _ in range(3):
        response = client.head(events)
        assert response.status_code == 200
        response.close()
    opened = client.get(events)
    assert opened.status_code == 200, "a screen still gets a live stream, not 'poll instead'"
    assert opened.mimetype == "text/event-stream"
    second = client.get(events)
    assert second.status_code == 200
    assert client.get(events).status_code == 204, "past the limit, screens poll instead"
    opened.close()
    second.close()
    opened.close()      # closing again gives back nothing more
    for _ in range(2):
        again = client.get(events)
        assert again.status_code == 200, "closed streams gave their places back"
        again.close()


def test_screens_are_woken_only_once_the_taps_reply_has_gone(client, login, coding, make, app):
    """The server closes a response after writing it: only then are the streams woken, so
    drawing twenty screens' panels never holds up the reply to the tap itself."""
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    token = csrf_token(client.get(base).get_data(as_text=True))
    before = live._generation
    reply = client.post(f"{base}/tag", data={"csrf_token": token, "answer_id": coding["answers"][0],
                                             "theme_id": money, "given": 1}, headers={"X-Live": "1"})
    assert reply.status_code == 200 and live._generation == before, "woken before the reply was written"
    reply.close()
    assert live._generation == before + 1


def test_a_withdrawal_moves_the_sessions_showing_its_answers_on(client, login, coding, app):
    """A participant withdrawn while their answer is on the group's screens: every session
    listing it moves on and its screens are woken, so they stop showing it at once."""
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    page = client.get(f"{base}?fragment=1").get_data(as_text=True)
    assert coding["answers"][0] in page
    with app.app_context():
        version = sessions.get(coding["project"], session_id)["version"]
    before = live._generation
    reply = client.post(f"/projects/{coding['project']}/interviews/withdraw",
                        data={"code": coding["interviews"][0]["participant_code"], "confirm": "yes",
                              "csrf_token": csrf_token(page)})
    assert reply.status_code in (200, 302)
    reply.close()
    assert live._generation == before + 1, "the screens were woken"
    with app.app_context():
        assert sessions.get(coding["project"], session_id)["version"] == version + 1
    again = client.get(f"{base}?fragment=1").get_data(as_text=True)
    assert coding["answers"][0] not in again and "taken out because the person who gave it asked" in again

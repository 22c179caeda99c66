"""Live streams give their place back however the request ends: a HEAD request (which never
reads the stream) used to keep its place for good, until every screen had to poll."""
from peersurvey.theme import live

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

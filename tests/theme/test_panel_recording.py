"""A recorded answer plays in a coding session's panel, on every way the panel is drawn:
the page, the big screen, the live fragment, and a tap's reply that sends only the parts it
changed (the panel imports the recording player only where one plays)."""
from peersurvey.theme import sessions

from ..pages import csrf_token
from .session_helpers import start

HEARD = "Listen to what they said"
ON_ITS_WAY = "The recording is on its way from the tablet"


def test_a_recording_plays_however_the_panel_is_drawn(app, client, login, coding, make):
    first, second = coding["interviews"][0]["id"], coding["interviews"][1]["id"]
    recording = make.recording(coding["project"], first, "money_not_good")
    make.recording(coding["project"], second, "money_not_good", complete=False)
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    for url in (base, f"{base}/big", f"{base}?fragment=1"):
        page = client.get(url)
        players = page.soup.select("audio.recording__player")
        assert len(players) == 1 and players[0]["src"].endswith(f"/{recording}"), url
        assert HEARD in page.get_data(as_text=True)

    token = csrf_token(client.get(base).get_data(as_text=True))
    with app.app_context():
        version = sessions.get(coding["project"], session_id)["version"]
    for to, expected in (("next", ON_ITS_WAY), ("previous", HEARD)):
        reply = client.post(f"{base}/move", data={"csrf_token": token, "to": to},
                            headers={"X-Live": "1", "X-Shown-Version": str(version)})
        version += 1
        html = reply.get_data(as_text=True)
        assert reply.status_code == 200 and 'data-parts="progress answer themes later"' in html
        assert expected in html, to

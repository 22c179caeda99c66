"""Coding sessions through the real app and database when several people act at once and
screens follow along live: two coders tagging or voting at the same moment both count, a
coder's own session is private, the live stream sends each new version and the end, and
polling answers nothing when nothing changed."""
import queue
import threading

import pytest

from peersurvey import create_app
from peersurvey.db import get_db
from peersurvey.theme import live, sessions

from ..conftest import Login
from ..pages import csrf_token, text
from .session_helpers import group_codings, new_client, press, start


def test_two_coders_tagging_the_same_answer_at_the_same_moment_both_keep_their_tags(app, coding, make):
    themes_made = [make.theme(coding["project"], coding["lead"], {"en": f"Theme {n}"}) for n in range(4)]
    answer = coding["answers"][0]
    coders = coding["coders"]
    clients = []
    for coder in coders:
        client = new_client(app)
        Login(client).as_tablet_person(coding["tablet"], coder)
        session_id = start(app, coding, mode="own", person=coder)
        token = csrf_token(client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}").get_data(as_text=True))
        clients.append((client, session_id, token))
    barrier = threading.Barrier(len(clients))
    failures = []

    def tag_all(client, session_id, token):
        barrier.wait()
        for theme_id in themes_made:
            response = client.post(f"/projects/{coding['project']}/coding/sessions/{session_id}/tag",
                                   data={"csrf_token": token, "answer_id": answer, "theme_id": theme_id,
                                         "given": "1"}, headers={"X-Live": "1"})
            if response.status_code != 200:
                failures.append(response.status_code)
            response.close()

    threads = [threading.Thread(target=tag_all, args=item) for item in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for coder in coders:
        assert group_codings(app, answer, owner=coder["id"]) == set(themes_made)
    assert group_codings(app, answer) == set(), "coding on your own never changes the group's themes"


def test_two_people_voting_at_once_both_count(app, coding, make):
    theme_id = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    answer = coding["answers"][0]
    clients = []
    for coder in coding["coders"]:
        client = new_client(app)
        Login(client).as_tablet_person(coding["tablet"], coder)
        page = client.get(f"/projects/{coding['project']}/coding/sessions/{session_id}")
        clients.append((client, csrf_token(page.get_data(as_text=True))))
    barrier = threading.Barrier(2)

    def vote(client, token):
        barrier.wait()
        client.post(f"/projects/{coding['project']}/coding/sessions/{session_id}/vote",
                    data={"csrf_token": token, "answer_id": answer, "theme_id": theme_id, "given": "1"}).close()

    threads = [threading.Thread(target=vote, args=item) for item in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert get_db().execute("select count(*) from votes").fetchone()[0] == 2


def test_an_own_session_is_private_to_its_coder(app, coding):
    session_id = start(app, coding, mode="own", person=coding["coders"][0])
    other = new_client(app)
    Login(other).as_tablet_person(coding["tablet"], coding["coders"][1])
    assert other.get(f"/projects/{coding['project']}/coding/sessions/{session_id}").status_code == 404


@pytest.fixture
def short_streams(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "live.db"), "SECRET_KEY": "x",
                       "LIVE_STREAM_SECONDS": 5, "LIVE_STREAMS": 1})


def listen(stream):
    """Read the stream in its own thread (as a server thread does); its messages arrive here."""
    messages = queue.Queue()
    threading.Thread(target=lambda: [messages.put(m) for m in stream] and messages.put(None),
                     daemon=True).start()
    return messages


def woken(messages, patience=10):
    """The next message. The stream's own look-again is set far beyond `patience`, so it can
    only come in time if the change woke the stream (a hang guard, not a speed test)."""
    try:
        return messages.get(timeout=patience)
    except queue.Empty:
        raise AssertionError("the stream was not woken by the change") from None


def test_a_live_stream_sends_each_new_version_and_the_end(short_streams, monkeypatch):
    monkeypatch.setattr(live, "LOOK_AGAIN_SECONDS", 600)
    app = short_streams
    from ..conftest import Maker
    make = Maker(app)
    lead = make.lead()
    project = make.project(lead)
    session_id = make.coding_session(project, lead)
    with app.test_request_context():
        messages = listen(live.open_stream(session_id, 0))
        assert live.open_stream(session_id, 0) is None, "past the limit, screens poll instead"
        assert woken(messages).startswith("retry:")

        def change(what):
            with app.test_request_context():
                db = get_db()
                db.execute(f"update coding_sessions set {what} where id = ?", [session_id])
                db.conn.commit()
                live._wake_all()      # as a request that changed it does once its reply has gone

        threading.Timer(0.2, change, ["version = 7"]).start()
        assert woken(messages) == "id: 7\ndata: 7\n\n"
        threading.Timer(0.2, change, ["ended_at = '2026-11-25T12:00:00+00:00'"]).start()
        assert woken(messages) == "event: ended\ndata: ended\n\n"
        assert woken(messages) is None, "the stream ends"
        assert live.open_stream(session_id, 0) is not None, "a finished stream frees its place"


def test_polling_answers_nothing_when_nothing_changed(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    with app.app_context():
        version = sessions.get(coding["project"], session_id)["version"]
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}?fragment=1"
    assert client.get(f"{base}&since={version}").status_code == 204
    press(client, coding, session_id, "move", to="next")
    changed = client.get(f"{base}&since={version}")
    assert changed.status_code == 200 and "Answer 2 of 5" in text(changed)

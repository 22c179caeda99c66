"""Two people changing the codebook at the same moment: the second change is checked
against what the first one did, so nothing is put away twice or lost."""
import contextlib
import sqlite3
import threading
import time

from peersurvey.theme import themes

from ..conftest import Login
from ..pages import csrf_token, errors
from .test_codebook import codings, tag
from .test_sessions import new_client


@contextlib.contextmanager
def someone_else_writing(app, *statements):
    """Hold the database's write lock, as another person's change does, so requests that
    start now wait for it; run `statements` in that change, which is kept when it ends."""
    conn = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for sql, params in statements:
            conn.execute(sql, params)
        yield
        conn.execute("COMMIT")
    finally:
        conn.close()


def post_in_threads(posts):
    """Send each (client, url, data) from its own thread; give back the responses."""
    responses = [None] * len(posts)

    def send(n, client, url, data):
        responses[n] = client.post(url, data=data)

    threads = [threading.Thread(target=send, args=(n, *post)) for n, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    # Long enough for both requests to read the codebook and queue for the lock; shorter
    # than the 5 s a request waits for a busy writer.
    time.sleep(1)
    return threads, responses


def signed_in_lead(app, coding):
    client = new_client(app)
    Login(client).as_lead(coding["lead"])
    return client


def test_two_people_merging_two_themes_into_each_other_at_once_keep_one(app, coding, make):
    project = coding["project"]
    cash = make.theme(project, coding["lead"], {"en": "Cash"})
    money = make.theme(project, coding["lead"], {"en": "Money"})
    tag(app, coding, coding["answers"][0], cash)
    tag(app, coding, coding["answers"][1], money)
    posts = []
    for gone, kept in ((cash, money), (money, cash)):
        client = signed_in_lead(app, coding)
        url = f"/projects/{project}/themes/{gone}/merge"
        posts.append((client, url, {"into": str(kept), "csrf_token": csrf_token(client.get(url).get_data(as_text=True))}))
    with someone_else_writing(app):
        threads, responses = post_in_threads(posts)
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) == [302, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert "That theme is not in this project's codebook any more. Choose one from the list." in errors(refused)
    with app.app_context():
        left = themes.active(project)
    assert len(left) == 1, "one theme is kept, with both answers"
    assert {answer for answer, _owner in codings(app, left[0]["id"])} == set(coding["answers"][:2])

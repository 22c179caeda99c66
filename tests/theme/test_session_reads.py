"""Every tap and every poll reads the session: it should read what it needs once. (This
counts statements, it does not time anything.)"""
from peersurvey import db as db_module

from ..pages import csrf_token
from .session_helpers import start


def test_a_tap_reads_the_session_and_the_answer_without_repeats(client, login, coding, make, app, monkeypatch):
    money = make.theme(coding["project"], coding["lead"], {"en": "Money"})
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    base = f"/projects/{coding['project']}/coding/sessions/{session_id}"
    token = csrf_token(client.get(base).get_data(as_text=True))
    statements = []
    connect = db_module.connect

    def traced(path):
        db = connect(path)
        db.conn.set_trace_callback(statements.append)
        return db
    monkeypatch.setattr(db_module, "connect", traced)
    with app.app_context():     # and the connection this thread keeps between requests
        db_module.get_db().conn.set_trace_callback(statements.append)
    answer = coding["answers"][0]
    tapped = client.post(f"{base}/tag", headers={"X-Live": "1"}, data={
        "csrf_token": token, "answer_id": answer, "theme_id": money, "given": "1"})
    assert tapped.status_code == 200
    assert tapped.soup.select_one(f'[data-key="theme-{money}"]')["aria-pressed"] == "true"
    assert "Answer 1 of 5" in tapped.soup.get_text(), "the count shows as before"
    assert tapped.soup.select_one('[data-key="quote"]'), "this person agreed to share: it may be a quote"
    assert not [s for s in statements if "limit 0" in s], "no extra read just for column names"
    assert not [s for s in statements if s.startswith("select total from")], "the total is on the session row"
    answer_reads = [s for s in statements if "from answers a join interviews" in s]
    assert len(answer_reads) == 1, answer_reads

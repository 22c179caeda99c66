"""Splitting a theme: when it cannot be done, the person keeps what they typed and ticked."""
import contextlib
import sqlite3

from peersurvey.theme import themes

from ..pages import csrf_token, errors
from .test_codebook import tag
from .session_helpers import new_client
from ..conftest import Login


def merged_first(monkeypatch, app, gone, kept):
    """Someone merges `gone` into `kept` just after the split page's own checks and just
    before the split's write: the moment a real race would hit (tests/theme/
    test_codebook_races.py races it for real), made certain here."""
    real, done = themes.writing, []

    @contextlib.contextmanager
    def writing(db):
        if not done:
            done.append(True)
            conn = sqlite3.connect(app.config["DATABASE"])
            conn.execute("update themes set merged_into = ? where id = ?", [kept, gone])
            conn.commit()
            conn.close()
        with real(db) as inner:
            yield inner
    monkeypatch.setattr(themes, "writing", writing)


def test_a_theme_merged_while_someone_splits_it_keeps_their_words_and_ticks(app, coding, make, monkeypatch):
    project, answers = coding["project"], coding["answers"]
    going_out = make.theme(project, coding["lead"], {"en": "Going out"})
    money = make.theme(project, coding["lead"], {"en": "Money"})
    for answer_id in answers[:3]:
        tag(app, coding, answer_id, going_out)
    client = new_client(app)
    Login(client).as_lead(coding["lead"])
    url = f"/projects/{project}/themes/{going_out}/split"
    token = csrf_token(client.get(url).get_data(as_text=True))
    merged_first(monkeypatch, app, going_out, money)
    response = client.post(url, data={"csrf_token": token, "words_en": "Buses", "words_cy": "Bysiau",
                                      "answers": [answers[1], answers[2]]})
    assert response.status_code == 400
    assert "Going out was merged into another theme while you were working. Your words are kept: go back to the themes and split the theme it went into." in errors(response)
    assert response.soup.select_one("#words_en")["value"] == "Buses"
    assert response.soup.select_one("#words_cy")["value"] == "Bysiau"
    ticked = {box["value"] for box in response.soup.select("input[name=answers][checked]")}
    assert ticked == {str(answers[1]), str(answers[2])}
    with app.app_context():
        assert [t["words"] for t in themes.active(project)] == [{"en": "Money"}], "no half-made theme"

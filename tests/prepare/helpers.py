"""Shared by the builder tests: a signed-in lead with a project, and a few shortcuts."""
import json

from peersurvey.db import connect


def new_questionnaire(client, lead_project, en="What matters", cy="Beth sy'n bwysig"):
    response = client.submit(f"{lead_project['base']}/new", {"title_en": en, "title_cy": cy})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"].split("#")[0]


def add_question(client, url, kind):
    response = client.submit(f"{url}/questions/new", {"kind": kind}, page=url)
    assert response.status_code == 302
    return response.headers["Location"]


def add_written_question(client, url, kind):
    """A question with its words written, as a tablet can ask it (one with none is not published)."""
    edit = add_question(client, url, kind)
    saved = client.submit(edit, {"text_en": "Do you like your job?", "text_cy": "Ydych chi'n hoffi eich swydd?",
                                 "picture": "", "note_en": "", "note_cy": "", "heading": ""})
    assert saved.status_code == 302, saved.status_code
    return edit


def versions(app):
    db = connect(app.config["DATABASE"])
    try:
        return [dict(r, document=json.loads(r["document"]))
                for r in db.query("select * from questionnaire_versions order by id")]
    finally:
        db.close()


def snapshot(app):
    db = connect(app.config["DATABASE"])
    try:
        return {t: [tuple(r.values()) for r in db.query(f"select * from {t}")]
                for t in ("questionnaires", "questionnaire_versions", "media", "easyread_words")}
    finally:
        db.close()

"""The involvement record: questions written, interviews, coding sessions, themes, "you said,
we did" and posters, all time, from what the app already knows."""
import json

from flask_babel import force_locale

from peersurvey.db import get_db, now
from peersurvey.findings import share_links
from peersurvey.pay import involvement
from peersurvey.theme import themes

from .docs_world import build


def test_the_record_lists_everything_the_person_did(app, make):
    world = build(app, make, tablet=False)
    project, ada = world["project"], world["ada"]
    questionnaire = make.questionnaire(project, world["lead"])
    session = make.coding_session(project, world["lead"])
    with app.test_request_context(), force_locale("en"):
        db = get_db()
        db["work_entries"].insert({"project_id": project, "person_id": ada["id"], "kind": "writing",
                                   "started_at": "2026-10-02T10:00:00+00:00", "minutes": 60,
                                   "source": "writing:1", "detail": json.dumps({"questionnaire_id": questionnaire}),
                                   "status": "suggested", "added_at": now()})
        db["session_attendance"].insert({"session_id": session, "person_id": ada["id"], "project_id": project,
                                         "joined_at": "2026-12-01T10:00:00+00:00",
                                         "last_seen_at": "2026-12-01T10:45:00+00:00"})
        kept = themes.add(project, ada["id"], {"en": "Friends", "cy": "Ffrindiau"})
        gone = themes.add(project, ada["id"], {"en": "Pals", "cy": "Cyfeillion"})
        themes.merge(project, world["lead"]["id"], gone, kept)
        share_links.save_did(project, ada["id"], {kept: {"en": "We asked for more buses."}})
        found = involvement.record(project, ada["id"])
        words = [row["words"] for row in involvement.lines(found)]
        took_part = involvement.took_part(found)
    assert words[0] == "Helped write “What matters”: 2 questions"
    assert "3 interviews" in words
    # One session joined (45 minutes) and one coding session the lead added by hand (90 minutes).
    assert "2 sorting sessions" in words and found["coding"]["minutes"] == 135
    assert found["themes"] == ["Friends"]                 # the merged-away theme is not counted
    assert found["you_said_we_did"] == ["Friends"]
    assert took_part == "Took part as a peer researcher from October 2026 to December 2026."
    assert not any("£" in w for w in words)


def test_someone_with_nothing_yet_has_an_empty_record(app, make):
    world = build(app, make, tablet=False)
    newcomer = make.member(world["project"], "Nia New", pin="9753")
    with app.test_request_context():
        found = involvement.record(world["project"], newcomer["id"])
        assert involvement.is_empty(found) and involvement.took_part(found) == ""

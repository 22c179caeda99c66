"""Fixtures: a fresh app on a real SQLite file, a page client that checks every page it
fetches, helpers to make projects and people, and (in tests/browser) a live server and
a real Chromium."""
import os
import sqlite3

import pytest
from argon2 import PasswordHasher

from peersurvey import create_app
from peersurvey.people import credentials, devices, queries
from peersurvey.projects.queries import create_project

from .pages import PageClient

LEAD_PASSWORD = "correct horse battery"

# Tests sign people in thousands of times, and argon2's default cost (about 0.13 s a check
# on a 2-core machine) was minutes of every run. The cost is written into each hash, so the
# passwords and PINs tests make are hashed at a low cost and check fast, by the same argon2
# code; people a live server makes itself still get the app's default cost.
credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def instance_outside_the_repository(tmp_path_factory):
    """Every app a test makes has its instance folder (secret key, uploads) under the test
    run's own temporary folder, unless a test names another: an app made in a module's or a
    session's fixture, before any test has named one, would otherwise use the repository's
    instance/ (where `make run` keeps a real database), whichever test happened to run first."""
    os.environ["PEERSURVEY_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.db")})
    yield app


@pytest.fixture
def client(app):
    app.test_client_class = PageClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def in_one_file(path):
    """`path`, with everything written to it moved from its -wal log into the file itself, so
    a plain file copy holds it all: the app keeps each thread's connection open between
    requests, and only the last connection to close moves the log in by itself."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


class Maker:
    """Makes the things a test needs straight in the database, as a lead would have."""

    def __init__(self, app):
        self.app = app
        self.count = 0

    def _next(self):
        self.count += 1
        return self.count

    def lead(self, name="Lee Lead", email=None, password=LEAD_PASSWORD):
        with self.app.app_context():
            email = email or f"lead{self._next()}@example.org"
            return dict(id=queries.create_person(name, email=email, password=password,
                                                 picture="star"),
                        email=email, password=password, name=name)

    def project(self, lead, name="Better Lives"):
        with self.app.app_context():
            return create_project(name, lead["id"])

    def member(self, project_id, name="Ivy Interviewer", roles=("interviewer",), pin="2580",
               picture="cat"):
        with self.app.app_context():
            person_id = queries.create_person(name, picture=picture, pin=pin)
            queries.set_roles(project_id, person_id, roles)
            return dict(id=person_id, name=name, pin=pin)

    def tablet(self, project_id, lead, name="Blue tablet"):
        with self.app.app_context():
            device_id, token = devices.register(project_id, name, lead["id"])
            tablet = dict(id=device_id, token=token, name=name)
            # What a browser test types on /tablet/setup: a fresh short code, as the lead gets.
            tablet["new_code"] = lambda: self.pairing_code(project_id, tablet, lead)
            return tablet

    def pairing_code(self, project_id, tablet, lead):
        """A fresh code to pair `tablet` (as "Make a new code" gives the lead): 15 minutes, once."""
        from peersurvey.people import pairing
        with self.app.app_context():
            return pairing.make_code(project_id, tablet["id"], lead["id"])[0]

    def signed_in_on(self, tablet, person):
        """As if `person` had signed in with their PIN on `tablet`: it may send their interviews."""
        with self.app.app_context():
            devices.signed_in(tablet["id"], person["id"])

    def questionnaire(self, project_id, lead, document=None):
        """A draft questionnaire: a picture choice (with an answer) and a yes/no question."""
        from peersurvey.prepare import document as doc
        from peersurvey.prepare import questionnaires
        with self.app.test_request_context():
            document = document or doc.new_document({"en": "What matters", "cy": "Beth sy'n bwysig"})
            if not document["questions"]:
                likes = doc.new_question("picture_choice", "likes")
                likes["text"] = {"en": "What do you like?", "cy": "Beth ydych chi'n ei hoffi?"}
                tea = doc.new_option("tea")
                tea["text"] = {"en": "Tea", "cy": "Te"}
                likes["options"].append(tea)
                happy = doc.new_question("yes_no", "happy")
                happy["text"] = {"en": "Are you happy?", "cy": "Ydych chi'n hapus?"}
                document["questions"] += [likes, happy]
            return questionnaires.create(project_id, document["title"], lead["id"], document)

    def picture(self, project_id, lead):
        from PIL import Image
        import io
        from peersurvey.prepare import media
        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
        with self.app.test_request_context():
            return media.store_picture(project_id, out.getvalue(), {"en": "Red", "cy": "Coch"}, lead["id"])

    def word(self, project_id, lead, hard="utilise", plain="use"):
        from peersurvey.db import get_db, now
        with self.app.app_context():
            return get_db()["easyread_words"].insert({
                "project_id": project_id, "language": "en", "hard": hard, "plain": plain,
                "created_at": now(), "created_by": lead["id"]}).last_pk

    def interview(self, project_id, version_id, interviewer, answers=(), **changes):
        """An interview stored as if a tablet had sent it: `answers` are (question, status,
        value) triples. Straight into the database, so a test can make thousands quickly."""
        import json
        import uuid
        from peersurvey.db import get_db
        row = {"id": str(uuid.uuid4()), "project_id": project_id, "questionnaire_version_id": version_id,
               "interviewer_id": interviewer["id"], "participant_code": "K7P4QX", "language": "en",
               "consent": 1, "started_at": "2026-11-25T10:00:00+00:00",
               "finished_at": "2026-11-25T10:20:00+00:00", "received_at": "2026-11-25T11:00:00+00:00",
               "content_hash": "made-by-a-test", "demo": 0, **changes}
        with self.app.app_context():
            db = get_db()
            db["interviews"].insert(row)
            db["answers"].insert_all([{"id": str(uuid.uuid4()), "interview_id": row["id"], "question": question,
                                       "status": status, "value": None if value is None else json.dumps(value),
                                       "answered_at": row["started_at"]} for question, status, value in answers])
        return row["id"]

    def world(self):
        """Two projects, each with a lead, an interviewer, a coder and a tablet."""
        world = {}
        for key, name in (("a", "Project A"), ("b", "Project B")):
            lead = self.lead(name=f"Lead {key.upper()}")
            project_id = self.project(lead, name)
            world[key] = dict(
                lead=lead, project=project_id,
                interviewer=self.member(project_id, f"Interviewer {key.upper()}", ("interviewer",)),
                coder=self.member(project_id, f"Coder {key.upper()}", ("coder",), pin="1357"),
                tablet=self.tablet(project_id, lead),
                questionnaire=self.questionnaire(project_id, lead),
                picture=self.picture(project_id, lead), word=self.word(project_id, lead),
                theme=self.theme(project_id, lead), session=self.coding_session(project_id, lead))
            world[key]["interview"] = self.interview(
                project_id, self._published_version(world[key]["session"]), world[key]["interviewer"],
                [("likes", "answered", "tea"), ("happy", "answered", "yes")])
            world[key]["answer"] = self._answer_of(world[key]["interview"], "likes")
            world[key]["recording"] = self.recording(project_id, world[key]["interview"], "likes")
            self._in_session(world[key]["session"], world[key]["answer"])
        return world

    def _in_session(self, session_id, answer_id):
        """The session goes through the answer (it was started before there were any), so its
        coders may hear the answer's recording."""
        from peersurvey.db import get_db
        with self.app.app_context():
            db = get_db()
            db.execute("insert into session_items (session_id, seq, answer_id) values (?, 0, ?)", [session_id, answer_id])
            db.execute("update coding_sessions set total = 1 where id = ?", [session_id])
            db.conn.commit()

    def _answer_of(self, interview_id, question):
        from peersurvey.db import get_db
        with self.app.app_context():
            return get_db().execute("select id from answers where interview_id = ? and question = ?",
                                    [interview_id, question]).fetchone()[0]

    def recording(self, project_id, interview_id, question, data=None, complete=True, seconds=0.5):
        """A recording of an answer, as if a tablet had announced it and (if complete) sent it
        all: a real WAV, kept in the media store. Returns its id."""
        import hashlib
        import uuid
        from peersurvey.db import get_db, now
        from peersurvey.prepare import media
        from .prepare.media_samples import wav
        data = data or wav(seconds)
        sha = hashlib.sha256(data).hexdigest()
        with self.app.app_context():
            db = get_db()
            answer_id = db.execute("select id from answers where interview_id = ? and question = ?",
                                   [interview_id, question]).fetchone()[0]
            if complete:
                media._store(project_id, data, "audio", "audio/wav", None)
            recording_id = str(uuid.uuid4())
            db["recordings"].insert({
                "id": recording_id, "interview_id": interview_id, "answer_id": answer_id,
                "project_id": project_id, "part": "", "sha256": sha, "bytes": len(data), "type": "audio/wav",
                "seconds": seconds, "received": len(data) if complete else 0,
                "media": f"media:{sha}" if complete else None, "created_at": now(),
                "completed_at": now() if complete else None})
        return recording_id

    def _published_version(self, session_id):
        from peersurvey.db import get_db
        with self.app.app_context():
            return get_db().execute(
                """select max(v.id) from questionnaire_versions v join coding_sessions s
                   on s.questionnaire_id = v.questionnaire_id where s.id = ? and v.status = 'published'""",
                [session_id]).fetchone()[0]

    def theme(self, project_id, lead, words=None):
        from peersurvey.theme import themes
        with self.app.test_request_context():
            return themes.add(project_id, lead["id"], words or {"en": "Friends", "cy": "Ffrindiau"})

    def coding_session(self, project_id, lead, mode="group"):
        """A group coding session over a newly published questionnaire (no answers yet)."""
        from peersurvey.prepare import questionnaires
        from peersurvey.theme import sessions
        questionnaire_id = self.questionnaire(project_id, lead)
        with self.app.test_request_context():
            questionnaires.publish(questionnaires.draft(questionnaire_id), lead["id"])
            return sessions.start(project_id, questionnaire_id, lead["id"], mode,
                                  {"questions": ["likes"], "heading": "", "site": "", "uncoded": False})


@pytest.fixture
def make(app):
    return Maker(app)


class Login:
    def __init__(self, client):
        self.client = client

    def as_lead(self, lead):
        response = self.client.submit("/signin", {"email": lead["email"], "password": lead["password"]})
        assert response.status_code == 302, "the lead could not sign in"
        return response

    def as_tablet_person(self, tablet, person, pin=None):
        self.client.set_cookie(devices.COOKIE, tablet["token"])
        response = self.client.submit(f"/tablet/people/{person['id']}", {"pin": pin or person["pin"]})
        assert response.status_code == 302, "the person could not sign in on the tablet"
        return response


@pytest.fixture
def login(client):
    return Login(client)


@pytest.fixture
def lead_project(make, login):
    """A lead, signed in, and their project "Better Lives": id, and base (its questionnaires)."""
    lead = make.lead()
    project_id = make.project(lead, "Better Lives")
    login.as_lead(lead)
    return dict(lead=lead, id=project_id, base=f"/projects/{project_id}/questionnaires")

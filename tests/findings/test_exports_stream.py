"""Exports of a big project are sent as they are read: the real server's memory stays flat
however many answers there are. Before, every table was built whole in pandas (and the
CSV in memory again), so 2.5 million answers took 10 GB."""
import http.client
import json
import sqlite3
import tracemalloc
import uuid
import zipfile

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from peersurvey import create_app
from peersurvey.prepare import questionnaires

from ..browser.conftest import LiveServer
from ..collect.conftest import DEMO
from ..pages import PageClient, csrf_token, text
from ..together import Visitor

# They measure memory (the server's peak, or what this process allocates): run alone (make
# test), with no other test's work beside them.
pytestmark = pytest.mark.alone

WORDS = "We want a bus that comes on time, a café that is open late, and people who listen to us. "
ANSWERS = [("age", 34), ("town", "Pont-y-pŵl"), ("my_choices", "yes"), ("money_who", "family"),
           ("money_feel", "unhappy"), ("go_out_with", ["friends", "partner"]),
           ("dreams", [{"option": "cinema", "text": "With my sister"}]), ("has_job", "no")]


def fill(conn, project, version, interviewer, count):
    """`count` interviews of ten answers each, straight into the database (the sync API
    would take minutes)."""
    for n in range(count):
        interview = str(uuid.uuid4())
        when = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T10:{n % 60:02d}:00+00:00"
        conn.execute(
            """insert into interviews (id, project_id, questionnaire_version_id, interviewer_id,
               participant_code, language, consent, started_at, finished_at, received_at, content_hash,
               site, share_words) values (?, ?, ?, ?, ?, 'en', 1, ?, ?, ?, 'x', 'Newport', 1)""",
            [interview, project, version, interviewer, f"P{n}", when, when, when])
        conn.executemany(
            "insert into answers (id, interview_id, question, status, value, answered_at) "
            "values (?, ?, ?, 'answered', ?, ?)",
            [(str(uuid.uuid4()), interview, key, json.dumps(value), when) for key, value in
             ANSWERS + [("money_not_good", f"{n}: {WORDS}"), ("dream_other", f"{WORDS}{n}")]])


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A database with a big project (100,000 answers) and a middling one (15,000)."""
    folder = tmp_path_factory.mktemp("big-export")
    server = LiveServer(folder)
    make = server.make
    lead = make.lead()
    made = dict(folder=folder, lead=lead)
    conn = sqlite3.connect(server.database)
    for name, count in (("big", 10_000), ("middling", 1_500)):
        project = make.project(lead, name)
        dewi = make.member(project, "Dewi", ("interviewer",))
        qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
        with make.app.app_context():
            questionnaires.publish(questionnaires.draft(qid), lead["id"])
            version = questionnaires.latest_published(qid)["id"]
        with conn:
            fill(conn, project, version, dewi["id"], count)
        made[name] = project
    conn.close()
    server.stop()
    return made


@pytest.fixture
def big(filled):
    """A new server process on that database for each test, so each measures from its own start."""
    server = LiveServer(filled["folder"])
    visitor = Visitor(server.port).sign_in(filled["lead"]["email"], filled["lead"]["password"])
    yield dict(filled, server=server, visitor=visitor)
    server.stop()


def peak_memory(process):
    """The most memory the process has held so far (its high-water mark), in bytes."""
    with open(f"/proc/{process.pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def download(big, project, path):
    """How many bytes came; the body is read in pieces and thrown away, as a browser saving
    it to disk would."""
    conn = http.client.HTTPConnection("127.0.0.1", big["server"].port, timeout=120)
    cookies = "; ".join(f"{k}={v}" for k, v in big["visitor"].cookies.items())
    try:
        conn.request("GET", f"/projects/{project}/exports/{path}", headers={"Cookie": cookies})
        response = conn.getresponse()
        assert response.status == 200, response.read()[:500]
        size = 0
        while piece := response.read(256 * 1024):
            size += len(piece)
        return size
    finally:
        conn.close()


@pytest.fixture
def signed_in(filled, monkeypatch):
    """The app in this process, on the big database, with its lead signed in: Python's own
    count of what it allocates (tracemalloc) then says what making an export held, free of
    the web server's buffers and of whatever signing in cost."""
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(filled["folder"] / "instance"))
    app = create_app({"TESTING": True, "DATABASE": str(filled["folder"] / "live.db")})
    app.test_client_class = PageClient
    client = app.test_client()
    client.submit("/signin", {"email": filled["lead"]["email"], "password": filled["lead"]["password"]})
    return client


def most_held(client, *request, **options):
    """(bytes sent, the most Python held at once) for a request whose streamed body is read
    and thrown away. Counting starts before the request: the test client reads the first
    piece before it returns."""
    tracemalloc.start()
    try:
        response = client.open(*request, buffered=False, **options)
        assert response.status_code == 200
        size = 0
        for piece in response.response:
            size += len(piece)
        response.close()
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_big_csv_export_is_sent_without_holding_it_in_memory(signed_in, filled):
    for path in ("answers.csv", "interviews.csv"):
        size, held = most_held(signed_in, f"/projects/{filled['big']}/exports/{path}")
        assert size > 4_000_000, "the export is big enough to show it"
        assert held < 5_000_000, f"making {size / 1e6:.0f} MB of {path} held {held / 1e6:.1f} MB at once"


def test_big_exports_on_many_threads_do_not_pile_up_memory(big):
    """The real server's threads share two memory pools, not one each (glibc's default):
    each big download on a new thread of 32 used to leave about 20 MB held."""
    process = big["server"].process
    for _ in range(3):                  # the pools (the first thread's and two) fill, and stay so
        download(big, big["big"], "answers.csv")
    settled = peak_memory(process)
    for _ in range(3):
        download(big, big["big"], "answers.csv")
    grew = peak_memory(process) - settled
    assert grew < 10_000_000, f"3 more downloads left the server {grew / 1e6:.1f} MB bigger"


def test_a_workbook_is_written_to_disk_not_to_memory(big):
    process = big["server"].process
    before = peak_memory(process)
    size = download(big, big["middling"], "workbook.xlsx")
    grew = peak_memory(process) - before
    assert size > 1_000_000
    assert grew < 10_000_000, f"the server's memory grew by {grew / 1e6:.1f} MB to make a {size / 1e6:.1f} MB workbook"


def test_a_project_too_big_for_excel_is_told_to_take_the_csv_files(client, lead_project, app):
    """Excel holds 1,048,576 rows on a sheet: a bigger workbook would not open, so none is made."""
    project = lead_project["id"]
    conn = sqlite3.connect(app.config["DATABASE"])     # foreign keys off: the codings need no answers
    with conn:
        conn.executemany(
            "insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by) "
            "values (?, ?, 1, 0, '2026-01-01T00:00:00+00:00', 1)",
            ((project, f"a{n}") for n in range(1_048_576)))
    conn.close()
    response = client.get(f"/projects/{project}/exports/workbook.xlsx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "This project is too big for one Excel file: a sheet holds at most 1,048,575 rows." in text(page)


def test_a_whole_project_file_is_written_and_brought_in_a_row_at_a_time(big, signed_in, tmp_path):
    """The whole-project .zip of 100,000 answers is written straight from the database into
    a file on disk, and brought back in a row at a time: the server's memory barely moves
    either way, though the tables are tens of megabytes. (Before, every table was built
    whole in memory, then parsed whole.)"""
    exports = f"/projects/{big['big']}/exports/"
    form = {"csrf_token": csrf_token(signed_in.get(exports).get_data(as_text=True))}
    path = tmp_path / "project.zip"
    tracemalloc.start()
    try:
        response = signed_in.post(f"{exports}project", data=form, buffered=False)
        assert response.status_code == 200
        with open(path, "wb") as out:
            for piece in response.response:
                out.write(piece)
        response.close()
        held = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(path) as archive:
        tables = sum(item.file_size for item in archive.infolist() if item.filename.startswith("tables/"))
    assert tables > 20_000_000, "the tables are big enough to show it"
    assert held < 10_000_000, f"writing {tables / 1e6:.0f} MB of tables held {held / 1e6:.1f} MB at once"

    process, visitor = big["server"].process, big["visitor"]
    before = peak_memory(process)
    with open(path, "rb") as upload:
        fields = MultiDict(visitor.form(exports, f"{exports}import-project"))
        fields.add("project_file", FileStorage(upload, filename="project.zip"))
        boundary, body = encode_multipart(fields)
    status, _headers, page = visitor.send("POST", f"{exports}import-project", body,
                                          {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    grew = peak_memory(process) - before
    assert status == 302, " ".join(page.split())[:2000]
    assert grew < 40_000_000, f"the server's memory grew by {grew / 1e6:.1f} MB bringing in {tables / 1e6:.0f} MB of tables"
    conn = sqlite3.connect(big["server"].database)
    try:
        newest = conn.execute("select count(*) from interviews where project_id = (select max(id) from projects)")
        assert newest.fetchone()[0] == 10_000, "every interview came in"
    finally:
        conn.close()

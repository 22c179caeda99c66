"""Taguette 1.5.2, the tool a university researcher would pick for coding short answers, as
bench/vs_taguette.py runs it: installed from PyPI into its own virtual environment under the
temporary folder, started in server mode (`taguette server <config>`, multi-user) on SQLite,
and driven over HTTP exactly as its web page (static/js/taguette.js) drives it.

Nothing here is imported by peersurvey; run on its own it does nothing.
"""
import html
import json
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.loopback import request

VERSION = "1.5.2"
# Kept between runs (it is only Taguette and its dependencies), so `make bench` installs once.
HOME = Path(tempfile.gettempdir()) / f"peersurvey-bench-taguette-{VERSION}"


class Unavailable(Exception):
    """Taguette could not be installed or started here: the benchmark says so and stops."""


def install():
    """The `taguette` command in its own virtual environment; (path, how it was got)."""
    command = HOME / "venv" / "bin" / "taguette"
    if command.exists() and _version(command) == VERSION:
        return command, f"already installed in {HOME / 'venv'}"
    shutil.rmtree(HOME / "venv", ignore_errors=True)
    HOME.mkdir(parents=True, exist_ok=True)
    steps = [[sys.executable, "-m", "venv", str(HOME / "venv")],
             [str(HOME / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", f"taguette=={VERSION}"]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise Unavailable(f"`{' '.join(step)}` failed:\n{done.stderr[-2000:]}")
    if _version(command) != VERSION:
        raise Unavailable(f"pip installed Taguette, but `taguette --version` does not say {VERSION}")
    return command, f"installed from PyPI into {HOME / 'venv'} just now"


def _version(command):
    try:
        said = subprocess.run([str(command), "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    found = re.search(r"(\d+\.\d+\.\d+)", said.stdout + said.stderr)
    return found.group(1) if found else None


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reply:
    def __init__(self, status, body, seconds, cookies):
        self.status, self.body, self.seconds, self.cookies = status, body, seconds, cookies

    def json(self):
        return json.loads(self.body)


class Taguette:
    """One Taguette server in server mode, its SQLite file in `folder`, and one signed-in
    researcher's cookies (`user` and `_xsrf`), as a browser holds them."""

    def __init__(self, command, folder):
        self.folder = folder
        self.database = folder / "taguette.sqlite3"
        self.port = _free_port()
        config = folder / "taguette_config.py"
        # Its own `taguette default-config`, filled in: only what server mode requires.
        config.write_text(
            f'NAME = "Bench"\nBIND_ADDRESS = "127.0.0.1"\nPORT = {self.port}\nBASE_PATH = "/"\n'
            f'DOMAIN = "127.0.0.1:{self.port}"\nSECRET_KEY = "{secrets.token_hex(24)}"\n'
            f'DATABASE = "sqlite:///{self.database}"\nEMAIL = "Bench <bench@example.org>"\n'
            'TOS_FILE = None\nDEFAULT_LANGUAGE = "en_US"\nMAIL_SERVER = {"ssl": False, "host": "localhost", "port": 25}\n'
            'COOKIES_PROMPT = False\nREGISTRATION_ENABLED = True\nSQLITE3_IMPORT_ENABLED = True\nX_HEADERS = False\n')
        self.log = open(folder / "taguette.log", "w")
        # stdin closed: it cannot ask for the admin's password, so it makes one up (unused here).
        self.process = subprocess.Popen([str(command), "server", str(config)], stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=folder)
        self.cookies = {}
        self.keep = False      # each request on a new connection, until a benchmark says
        self._helper = ThreadPoolExecutor(max_workers=1)
        self._heard = threading.Condition()    # follow(): {highlight id: when its event came}
        self._highlights, self._stopping, self._poller, self._poll_error = {}, False, None, None
        self.events_heard = 0
        self._wait()

    def _wait(self):
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"`taguette server` stopped: {(self.folder / 'taguette.log').read_text()[-2000:]}")
            try:
                if self.request("GET", "/health").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise Unavailable("`taguette server` did not answer /health within 90 seconds")

    def stop(self):
        self._stopping = True
        self._helper.shutdown()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    # --- HTTP, as the browser sends it ------------------------------------------------------

    def request(self, method, path, body=None, headers=None):
        """One request (on a new connection, or with `keep` set on this thread's kept one,
        as bench/loopback.py does for peersurvey), with the cookies held so far; the reply's
        cookies are kept."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = request(self.port, method, path, body, {**({"Cookie": cookie} if cookie else {}), **(headers or {})},
                         keep=self.keep)
        jar = SimpleCookie()
        for header in answer.response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        self.cookies.update({k: m.value for k, m in jar.items()})
        return Reply(answer.status, answer.body, answer.seconds, dict(self.cookies))

    def _xsrf(self):
        return self.cookies["_xsrf"]

    def post_form(self, path, fields):
        return self.request("POST", path, urlencode({**fields, "_xsrf": self._xsrf()}),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path, data):
        """postJSON() in taguette.js: the _xsrf cookie's value in the query string."""
        reply = self.request("POST", f"{path}?_xsrf={self._xsrf()}", json.dumps(data),
                             {"Content-Type": "application/json; charset=utf-8"})
        if reply.status != 200:
            raise RuntimeError(f"Taguette answered {reply.status} to {path}: {reply.body[:300]!r}")
        return reply

    def get_json(self, path):
        reply = self.request("GET", path)
        if reply.status != 200:
            raise RuntimeError(f"Taguette answered {reply.status} to {path}: {reply.body[:300]!r}")
        return reply

    # --- Setting up, as a researcher would ----------------------------------------------------

    def register(self):
        self.request("GET", "/register")                      # sets the _xsrf cookie, as the page does
        password = secrets.token_urlsafe(12)
        reply = self.post_form("/register", {"login": "bench", "password1": password, "password2": password,
                                             "email": ""})
        if reply.status not in (302, 303) or "user" not in self.cookies:
            raise Unavailable(f"could not register on Taguette ({reply.status}): {reply.body[:300]!r}")

    def new_project(self, tags):
        """A project with these tags (Taguette adds "interesting" itself); (project id, [tag ids])."""
        reply = self.post_form("/project/new", {"name": "Bench", "description": "Short answers"})
        project = None
        if reply.status in (302, 303):
            found = self.request("GET", "/")
            project = re.search(rb'/project/(\d+)', found.body)
        if project is None:
            raise Unavailable(f"could not make a Taguette project ({reply.status})")
        project_id = int(project.group(1))
        ids = [self.post_json(f"/api/project/{project_id}/tag/new", {"path": path, "description": ""}).json()["id"]
               for path in tags]
        return project_id, ids

    def upload(self, project_id, name, words):
        """One document through the page's "Add a document" form: an .html file with the answer."""
        boundary = uuid.uuid4().hex
        parts = []
        for field, value in (("name", name), ("description", ""), ("_xsrf", self._xsrf())):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n')
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}.html"\r\n'
                     f'Content-Type: text/html\r\n\r\n<p>{html.escape(words)}</p>\r\n--{boundary}--\r\n')
        reply = self.request("POST", f"/api/project/{project_id}/document/new", "".join(parts).encode(),
                             {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        if reply.status != 200:
            raise RuntimeError(f"Taguette refused a document ({reply.status}): {reply.body[:300]!r}")
        return reply.json()["created"]

    def add_documents(self, project_id, answers, uploaded=20):
        """Every answer as its own document, in order; [(document id, length of its text)].
        The first `uploaded` go through the web page's upload; the rest are written straight
        into its SQLite file in the very form the upload stored (checked on the first), as
        bench/coding.py fills peersurvey's. So both servers hold the same answers."""
        ids = [self.upload(project_id, f"answer-{n}", words) for n, words in enumerate(answers[:uploaded])]
        db = sqlite3.connect(self.database, timeout=30)
        try:
            stored = db.execute("select contents, text_direction from documents where id = ?", [ids[0]]).fetchone()
            if stored[0] != f"<p>{html.escape(answers[0], quote=False)}</p>":
                raise RuntimeError(f"Taguette stored an upload as {stored[0]!r}: change how the rest are written")
            with db:
                db.executemany(
                    """insert into documents (name, description, filename, created, project_id, text_direction, contents)
                       values (?, '', ?, datetime('now'), ?, ?, ?)""",
                    [(f"answer-{n}", f"answer-{n}.html", project_id, stored[1],
                      f"<p>{html.escape(words, quote=False)}</p>")
                     for n, words in enumerate(answers[uploaded:], start=uploaded)])
            rows = db.execute("select id from documents where project_id = ? order by id", [project_id]).fetchall()
        finally:
            db.close()
        return [(row[0], len(words)) for row, words in zip(rows, answers)]

    # --- The two things a coder does ---------------------------------------------------------

    def follow(self, project_id):
        """Keep the project's events long-polled, as the page does from the moment it opens
        (longPollForEvents in taguette.js): it is how the page hears of a highlight, its own
        included, and draws it. Starts from the newest event, as the page's initial state
        (`last_event`) does; the page's own copy of it lists all 100,000 documents."""
        db = sqlite3.connect(self.database, timeout=30)
        try:
            last = db.execute("select max(id) from commands where project_id = ?", [project_id]).fetchone()[0]
        finally:
            db.close()
        self._poller = threading.Thread(target=self._poll, args=(project_id, -1 if last is None else last),
                                        daemon=True)
        self._poller.start()

    def _poll(self, project_id, last):
        while not self._stopping:
            try:
                reply = self.request("GET", f"/api/project/{project_id}/events?version={VERSION}&from={last}")
            except OSError:
                continue            # the page polls again too (and at stop() this ends)
            found = reply.json() if reply.status == 200 else {}
            if found.get("reload") or reply.status != 200:
                with self._heard:
                    self._poll_error = f"Taguette's events answered {reply.status}: {reply.body[:300]!r}"
                    self._heard.notify_all()
                return
            arrived = time.perf_counter()
            with self._heard:
                for event in found.get("events", []):
                    self.events_heard += 1
                    if event["type"] == "highlight_add":
                        self._highlights[event["highlight_id"]] = arrived
                    last = event["id"]
                self._heard.notify_all()

    def tag(self, project_id, document_id, length, tag_id):
        """Select the whole answer and give it a tag (the highlight form's POST), until the
        page has drawn it: taguette.js draws a new highlight only when the project's events
        bring it (follow()), so the time runs until both the POST's reply and that event have
        arrived. (seconds until drawn, seconds of the POST's reply alone)"""
        start = time.perf_counter()
        reply = self.post_json(f"/api/project/{project_id}/document/{document_id}/highlight/new",
                               {"start_offset": 0, "end_offset": length, "tags": [tag_id]})
        replied = time.perf_counter()
        highlight = reply.json()["id"]
        with self._heard:
            if not self._heard.wait_for(lambda: highlight in self._highlights or self._poll_error, timeout=15) \
                    or self._poll_error:
                raise RuntimeError(self._poll_error or f"Taguette's events never brought highlight {highlight}")
            drawn = max(replied, self._highlights.pop(highlight))
        return drawn - start, reply.seconds

    def load(self, project_id, document_id):
        """loadDocument() in taguette.js: its highlights and its contents, fetched at once
        (Promise.all); the seconds until both have arrived."""
        base = f"/api/project/{project_id}/document/{document_id}"
        start = time.perf_counter()
        contents = self._helper.submit(self.get_json, f"{base}/contents")   # a thread already running
        info = self.get_json(base)
        contents = contents.result()
        return time.perf_counter() - start, info.json(), contents.json()


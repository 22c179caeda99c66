"""The interview app's shell: what the service worker keeps, and its version, are worked out
from the files themselves, so no changed file is ever served from an old tablet's cache.
(A real Chromium getting a changed file: tests/browser/test_app_modules.py.)"""
import json
import re
import shutil
import types
from pathlib import Path
from urllib.parse import urljoin

import pytest

from peersurvey import questions
from peersurvey.collect import views

STATIC = Path(views.__file__).resolve().parents[1] / "static"
APP_FOLDER = STATIC / "collect"
# import x from "./a.js", import {x} from "./a.js", import "./a.js", import("./a.js")
IMPORTS = re.compile(r"""(?:^|\n)\s*import\s+(?:[\w{}\s,*]+\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)""")


def fetch(client, url):
    """Status, type, cache rule and text of one address (static files are read whole and closed)."""
    with client.get(url) as response:
        return (response.status_code, response.mimetype, response.headers.get("Cache-Control"),
                response.get_data(as_text=True), dict(response.headers))


def config(client):
    """The config the server sends, read as the page and the worker read it."""
    status, mimetype, cache, body, _headers = fetch(client, "/tablet/interview/config.js")
    assert (status, mimetype, cache) == (200, "text/javascript", "no-cache")
    return json.loads(body[body.index("self.PS_CONFIG = ") + len("self.PS_CONFIG = "):].rstrip().rstrip(";"))


def version(app):
    with app.test_request_context():
        return views.version_of(views.shell_files())


@pytest.fixture
def own_static(app, tmp_path):
    """The app served from a copy of static/, which the test may change."""
    copy = tmp_path / "static"
    shutil.copytree(STATIC, copy, ignore=shutil.ignore_patterns("*.png", "*.jpg", "*.ttf"))
    app.static_folder = str(copy)
    return copy


@pytest.fixture
def toy_kind(tmp_path):
    """A kind only this test knows, its tablet module in a folder of the test's own."""
    script = tmp_path / "toy.js"
    script.write_text('export default {draw: function (q, ui) { return ui.h("p", {text: "toy"}); }};\n')
    kind = types.SimpleNamespace(NAME="toy", LABEL="Toy", HELP="A kind only tests use.", TABLET_SCRIPT=script,
                                 new=dict, problems=lambda question: [],
                                 check_answer=lambda question, value: None,
                                 demo_answer=lambda rng, question, language, bank: "toy")
    questions.register(kind)
    yield kind
    questions.unregister(kind)


def test_changing_any_kept_file_changes_the_version(app, own_static, toy_kind):
    client = app.test_client()
    before = config(client)
    assert before["version"] == version(app)
    assert before["shellCache"] == f"peersurvey-shell-{before['version']}"
    changed = []
    for url in before["shell"]:
        if url.startswith("/static/"):
            path = own_static / url[len("/static/"):]
        elif url == "/tablet/interview/kinds/toy.js":
            path = toy_kind.TABLET_SCRIPT
        else:
            continue
        kept = path.read_bytes()
        path.write_bytes(kept + b" ")
        assert version(app) != before["version"], f"a change to {url} would be served from the old cache"
        path.write_bytes(kept)
        changed.append(url)
    assert version(app) == before["version"]
    assert "/tablet/interview/kinds/toy.js" in changed
    assert {"/static/collect/app.js", "/static/easyread/interview.css",
            "/static/easyread/pictures/2705.svg"} <= set(changed)


def test_new_words_change_the_version(app, monkeypatch):
    before = version(app)
    messages = views.all_messages()
    monkeypatch.setattr(views, "all_messages", lambda: {**messages, "en": {**messages["en"], "next": "Onwards"}})
    assert version(app) != before


def test_a_new_file_in_the_app_folder_is_kept(app, own_static):
    before = config(app.test_client())
    (own_static / "collect" / "spoken.js").write_text("export var said = 1;\n")
    after = config(app.test_client())
    assert "/static/collect/spoken.js" in after["shell"]
    assert after["version"] != before["version"]


def test_every_module_and_picture_the_app_names_is_kept(app, toy_kind):
    client = app.test_client()
    kept = config(client)
    shell = set(kept["shell"])
    scripts = [url for url in shell if url.endswith(".js")]
    assert "/static/collect/app.js" in shell
    # Named whole in scan.js, which loads it only when scanning starts.
    assert {"/static/collect/vendor/jsQR.js", "/static/easyread/pictures/1F4F7.svg"} <= shell
    for url in scripts:
        status, mimetype, _cache, text, _headers = fetch(client, url)
        assert status == 200, url
        assert mimetype in ("text/javascript", "application/javascript"), url
        for found in IMPORTS.finditer(text):
            imported = urljoin(url, found.group(1) or found.group(2))
            assert imported in shell, f"{url} imports {imported}, which the tablet does not keep"
        for named in re.findall(r"/static/[\w./-]*\w", text):
            assert named in shell, f"{url} names {named}, which the tablet does not keep"
    # The kinds are imported by name from the config, not by a line that says import.
    for name, kind in kept["kinds"].items():
        assert kind["script"] in shell, name
    assert set(kept["kinds"]) == {kind.NAME for kind in questions.QUESTION_KINDS}
    for url in shell:
        assert fetch(client, url)[0] == 200, url


def test_the_worker_imports_the_config_the_pages_load(client):
    worker = (APP_FOLDER / "sw.js").read_text()
    assert 'importScripts("/tablet/interview/config.js")' in worker
    assert "self.PS_CONFIG" in worker
    assert fetch(client, "/tablet/interview/sw.js")[4]["Service-Worker-Allowed"] == "/tablet/interview/"


def test_each_kind_has_its_tablet_module_beside_its_server_module(client):
    folder = Path(questions.__file__).parent
    for kind in questions.QUESTION_KINDS:
        script = views.tablet_script(kind)
        assert script.parent == folder, kind.NAME
        status, mimetype, _cache, text, _headers = fetch(client, f"/tablet/interview/kinds/{kind.NAME}.js")
        assert (status, mimetype, text) == (200, "text/javascript", script.read_text())
        # Served away from the app's folder, so a kind gets everything through `ui`.
        assert not IMPORTS.search(script.read_text()), f"{script.name} imports a module"
    assert fetch(client, "/tablet/interview/kinds/no_such_kind.js")[0] == 404


def test_nothing_in_the_tablet_app_names_a_kind():
    for path in APP_FOLDER.glob("*.js"):
        text = path.read_text()
        for kind in questions.QUESTION_KINDS:
            assert not re.search(rf"\b{kind.NAME}\b", text), f"{path.name} names the kind {kind.NAME}"


def test_each_tablet_module_is_short():
    for path in [*APP_FOLDER.glob("*.js"), *Path(questions.__file__).parent.glob("*.js")]:
        assert len(path.read_text().splitlines()) < 400, f"{path.name}: split it"

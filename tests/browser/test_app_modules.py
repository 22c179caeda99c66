"""A tablet that has kept the interview app gets a file that changed on the server, in a
real Chromium: the config's version is made from the files, so the service worker sees a
new config, keeps the new shell and drops the old one. The file changed here is the tablet
module of a kind only this test registers (with the server, in the server's process), so
nothing in the repository is touched. (What is kept, file by file: tests/collect/test_app_shell.py.)"""
import os
import sys
import time

import pytest
from playwright.sync_api import expect


from .conftest import LiveServer, Tab, wait_until
from .interview_helpers import APP, get_ready, published_demo, reload_offline

TOY_KIND = '''"""A kind only tests/browser/test_app_modules.py knows."""
NAME = "toy"
LABEL = "Toy"
HELP = "A kind only a test uses."


def new():
    return {}


def problems(question):
    return []


def check_answer(question, value):
    return None if isinstance(value, str) else "a word"


def demo_answer(rng, question, language, bank):
    return "toy"
'''

# The real `peersurvey serve`, with the toy kind registered first (its tablet module is
# toy_kind.js beside toy_kind.py, in the test's folder).
LAUNCHER = '''import sys
sys.path.insert(0, sys.argv.pop(1))
import toy_kind
from peersurvey import questions
questions.register(toy_kind)
from peersurvey.cli import main
main(args=sys.argv[1:], prog_name="peersurvey")
'''


def toy_script(words):
    return ('// The toy kind\'s tablet module; the test changes its words.\n'
            f'export default {{draw: function (q, ui) {{ return ui.h("p", {{text: "{words}"}}); }}}};\n')


class ServerWithToyKind(LiveServer):
    def __init__(self, folder):
        (folder / "toy_kind.py").write_text(TOY_KIND)
        (folder / "toy_kind.js").write_text(toy_script("first words"))
        (folder / "serve.py").write_text(LAUNCHER)
        super().__init__(folder, command=(sys.executable, str(folder / "serve.py"), str(folder)))


@pytest.fixture
def toy_server(tmp_path):
    before = os.environ.get("PEERSURVEY_INSTANCE_PATH")
    server = ServerWithToyKind(tmp_path)
    yield server
    server.stop()
    if before is not None:
        os.environ["PEERSURVEY_INSTANCE_PATH"] = before


def kept_text(page, url):
    """What the page gets for url: with the app kept, the service worker answers."""
    return page.evaluate("url => fetch(url).then(r => r.text())", url)


def shell_caches(page):
    return sorted(name for name in page.evaluate("caches.keys()") if name.startswith("peersurvey-shell-"))


def test_a_tablet_that_kept_the_app_gets_a_file_changed_on_the_server(toy_server, browser):
    world = published_demo(toy_server, "A new app")
    tab = Tab(browser, toy_server.url)
    page = tab.page
    get_ready(page, world)
    page.goto(APP)
    page.wait_for_selector("body[data-ready=true]")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    script = "/tablet/interview/kinds/toy.js"
    first = page.evaluate("self.PS_CONFIG")
    assert script in first["shell"] and first["kinds"]["toy"]["script"] == script
    assert shell_caches(page) == [first["shellCache"]]

    # Kept: with no network the tablet still has the module, as it was.
    page.context.set_offline(True)
    reload_offline(page)
    assert "first words" in kept_text(page, script)
    page.context.set_offline(False)

    (toy_server.folder / "toy_kind.js").write_text(toy_script("second words"))
    # Opening the app online once is all it takes: a second after the page opens, Chromium
    # checks the worker, which sees a new config, keeps the new shell, and takes over. (Not
    # opened again while it waits: each opening within that second puts the check off.
    # Not "load": on a busy machine the worker's install can hold the load event past 30 s.)
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("body[data-ready=true]")
    deadline = time.monotonic() + 90          # a busy machine can take a while
    while "second words" not in kept_text(page, script):
        assert time.monotonic() < deadline, "the tablet kept serving the old file"
        time.sleep(0.3)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    second = page.evaluate("self.PS_CONFIG")
    assert second["version"] != first["version"]
    wait_until(page, f"caches.keys().then(n => n.indexOf('{first['shellCache']}') === -1)")
    assert shell_caches(page) == [second["shellCache"]]

    # And the new one is kept: offline again, the app starts and has the new module.
    page.context.set_offline(True)
    reload_offline(page)
    expect(page.locator("#screen-heading")).to_have_text("Interviews")
    assert "second words" in kept_text(page, script)
    tab.context.close()
    assert not tab.errors, f"the browser console showed errors: {tab.errors}"

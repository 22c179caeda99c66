"""An install from a wheel works: the package is built as a wheel, installed with its locked
dependencies into a new virtual environment outside the repository, and `peersurvey demo`
and `peersurvey serve` run from there serve a page, a picture, the tablet app and the Welsh
words, so templates, static files and translations all travel inside the wheel."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
# What a wheel is built from: the package and what it declares, never the tests or a database.
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "tests", "instance", "screenshots", "build", "dist",
                                  "*.egg-info", "__pycache__", ".tr", "node_modules", ".pytest_cache",
                                  ".hypothesis", ".ruff_cache")   # (another test process may be writing those)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the new environment's bin folder, a folder outside the repository to run in)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", folder / "dist", source)
    wheel, = (folder / "dist").glob("peersurvey-*.whl")
    run(sys.executable, "-m", "venv", folder / "venv")
    bin_dir = folder / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "-c", ROOT / "requirements.lock", wheel)
    shutil.rmtree(source)       # nothing may be read from the copy it was built from
    (folder / "run").mkdir()
    return wheel, bin_dir, folder / "run"


def run(*command, **options):
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_holds_templates_static_files_kinds_and_translations(installed):
    wheel, _bin, _here = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("peersurvey/templates/layout.html", "peersurvey/static/easyread/easyread.css",
                 "peersurvey/static/collect/app.js", "peersurvey/questions/options.js",
                 "peersurvey/questions/options.html", "peersurvey/translations/cy/LC_MESSAGES/messages.mo",
                 "peersurvey/prepare/demo_questionnaire.json", "peersurvey/collect/demo_interviews.json"):
        assert name in names, f"{name} is not in the wheel"


def test_peersurvey_installed_from_the_wheel_serves_pages_pictures_and_the_tablet_app(installed):
    _wheel, bin_dir, here = installed
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PEERSURVEY_", "PYTHON"))}
    env["PEERSURVEY_INSTANCE_PATH"] = str(here / "instance")
    where = run(bin_dir / "python", "-c", "import peersurvey; print(peersurvey.__file__)", cwd=here, env=env)
    assert str(bin_dir.parent) in where and str(ROOT) not in where
    assert "Better Lives (demo)" in run(bin_dir / "peersurvey", "demo", cwd=here, env=env)
    port = free_port()
    server = subprocess.Popen([str(bin_dir / "peersurvey"), "serve", "--port", str(port)], cwd=here, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, server)
        base = f"http://127.0.0.1:{port}"
        assert "<html" in fetch(f"{base}/")
        assert "Mewngofnodi" in fetch(f"{base}/signin", {"Accept-Language": "cy"})   # Welsh travels
        assert fetch(f"{base}/static/easyread/pictures/1F331.svg").lstrip().startswith("<svg")
        assert "<html" in fetch(f"{base}/tablet/interview/")
        assert "version" in fetch(f"{base}/tablet/interview/config.js")
        assert "export" in fetch(f"{base}/tablet/interview/kinds/{first_kind(bin_dir, here, env)}.js")
    finally:
        server.terminate()
        server.wait(timeout=10)


def first_kind(bin_dir, here, env):
    return run(bin_dir / "python", "-c", "from peersurvey.questions import QUESTION_KINDS as k; print(k[0].NAME)",
               cwd=here, env=env).strip()


def fetch(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")


def wait_for(port, server):
    deadline = time.time() + 30
    while time.time() < deadline:
        assert server.poll() is None, "peersurvey serve stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("peersurvey serve did not start within 30 seconds")

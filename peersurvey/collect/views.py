"""The interview app's pages: the offline shell, its config, its service worker, its
messages and the question kinds' tablet modules.

All are for anyone: they hold no personal data and must load from the tablet's cache with
no network and nobody signed in. The interviews themselves live on the tablet (IndexedDB)
and reach the server only through the API, with the tablet's token.

What the service worker keeps (the shell) and the name of its cache are worked out here
from the files themselves, never listed by hand: the app's own files in static/collect/,
every kind's tablet module, and whatever /static/ file those and the shell page name. The
version is a hash of everything they hold, so any change to any of them makes tablets
fetch the new app, and nothing else does.
"""
import hashlib
import json
import re
import sys
from pathlib import Path
from types import ModuleType

from flask import (Blueprint, abort, current_app, jsonify, render_template,
                   send_from_directory, url_for)
from flask_babel import force_locale
from flask_wtf.csrf import generate_csrf

from .. import access, questions
from ..access import allow
from ..i18n import LANGUAGES
from .messages import SHELL_NOTICES, all_messages, rendered

bp = Blueprint("interview", __name__, url_prefix="/tablet/interview")
SCOPE = "/tablet/interview/"
# Questionnaires' pictures, recordings and bundles: kept across app versions ("Get ready").
DATA_CACHE = "peersurvey-data-v1"
# The app's own files in static/: its modules and icons. The worker is kept by the browser.
APP_FILES = ("collect/*.js", "collect/*.svg")
NOT_KEPT = {"collect/sw.js"}
JAVASCRIPT = "text/javascript"


def tablet_script(kind):
    """The file of a kind's tablet module (static/collect/kinds.js says what it exports).
    A kind that does not name one has it beside the module that made it: a module's
    <name>.js, or for the fixed-answer kinds (objects of a class), that class's module's."""
    script = getattr(kind, "TABLET_SCRIPT", None)
    if script is None:
        module = kind if isinstance(kind, ModuleType) else sys.modules[type(kind).__module__]
        script = Path(module.__file__).with_suffix(".js")
    return Path(script)


def _shell_page():
    notices = {code: rendered(SHELL_NOTICES, code) for code in LANGUAGES}
    return render_template("collect/app.html", notices=notices)


def _static_file(url):
    """The file in static/ a /static/ address names, or None."""
    prefix = current_app.static_url_path.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    folder = Path(current_app.static_folder).resolve()
    path = (folder / url[len(prefix):]).resolve()
    return path if path.is_relative_to(folder) and path.is_file() else None


def _named_static(body):
    """The /static/ addresses written whole in a file's text (quoted, or in an attribute)."""
    prefix = re.escape(current_app.static_url_path.rstrip("/") + "/")
    return re.findall(prefix + r"[\w./-]*\w", body.decode("utf-8", "replace"))


def shell_files():
    """{address: bytes} of every file the app needs with no network, the config aside
    (it is made from these): the shell page (in every language), its words, the app's
    files, every kind's module, and the /static/ files any of them name."""
    static = Path(current_app.static_folder)
    files = {}
    pages = []
    for code in LANGUAGES:
        with force_locale(code):
            pages.append(_shell_page().encode())
    files[url_for("interview.app")] = b"\n".join(pages)
    files[url_for("interview.messages")] = json.dumps(all_messages(), sort_keys=True).encode()
    for pattern in APP_FILES:
        for path in sorted(static.glob(pattern)):
            name = path.relative_to(static).as_posix()
            if name not in NOT_KEPT:
                files[url_for("static", filename=name)] = path.read_bytes()
    for kind in questions.QUESTION_KINDS:
        files[url_for("interview.kind_script", name=kind.NAME)] = tablet_script(kind).read_bytes()
    unread = list(files.values())
    while unread:
        for url in _named_static(unread.pop()):
            path = _static_file(url)
            if path and url not in files:
                files[url] = path.read_bytes()
                unread.append(files[url])
    return files


def version_of(files):
    """A short hash of every address and every byte: changes whenever any file does."""
    digest = hashlib.sha256()
    for url in sorted(files):
        digest.update(url.encode() + b"\0" + hashlib.sha256(files[url]).digest())
    return digest.hexdigest()[:16]


def app_config():
    """What the app, its service worker and "Get ready" share (self.PS_CONFIG)."""
    files = shell_files()
    version = version_of(files)
    return {
        "version": version,
        # The app itself: replaced whole when the version changes.
        "shellCache": f"peersurvey-shell-{version}",
        "dataCache": DATA_CACHE,
        "scope": SCOPE,
        "worker": url_for("interview.service_worker"),
        "shell": [url_for("interview.config"), *files],
        # Each kind's tablet module, and what the server says of the kind that it may use.
        "kinds": {kind.NAME: {"script": url_for("interview.kind_script", name=kind.NAME),
                              "option_prompts": bool(getattr(kind, "OPTION_PROMPTS", False)),
                              "recordable": bool(getattr(kind, "RECORDABLE", False))}
                  for kind in questions.QUESTION_KINDS},
    }


def _script(body):
    response = current_app.response_class(body, mimetype=JAVASCRIPT)
    # Always asked again, so a tablet online sees a new version at once.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/")
@allow("anyone")
def app():
    """The app shell: the same page for everyone; app.js draws every screen in it."""
    return _shell_page()


@bp.route("/config.js")
@allow("anyone")
def config():
    """The config as a classic script: the page runs it before the app's modules, and the
    service worker imports it (a worker's imports are checked for changes as it is)."""
    return _script("/* Made by peersurvey/collect/views.py from the app's files: do not edit. */\n"
                   f"self.PS_CONFIG = {json.dumps(app_config(), indent=2)};\n")


@bp.route("/kinds/<name>.js")
@allow("anyone")
def kind_script(name):
    """A question kind's tablet module, from beside its server module."""
    kind = questions.BY_NAME.get(name)
    if kind is None:
        abort(404)
    return _script(tablet_script(kind).read_bytes())


@bp.route("/sw.js")
@allow("anyone")
def service_worker():
    """The service worker, from the app's own folder so it may control /tablet/interview/."""
    response = send_from_directory(Path(current_app.static_folder) / "collect", "sw.js",
                                   mimetype="application/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = SCOPE
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/messages.json")
@allow("anyone")
def messages():
    """Every word the app shows, in English and Welsh."""
    return jsonify(all_messages())


@bp.route("/signout-token")
@allow("anyone")
def signout_token():
    """A fresh token for the app's Sign out (signout.js). The app's page is kept for offline
    use and is the same for everyone, so it cannot carry one. Never kept."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/signout", methods=["POST"])
@allow("anyone")
def signout():
    """The app's Sign out: ends this browser's sign-in. CSRFProtect checks the token in the
    X-CSRFToken header first, as for every form. It answers in JSON so the app knows it
    worked (a redirect would look the same whether it did or not)."""
    access.sign_out()
    response = jsonify(signed_out=True)
    response.headers["Cache-Control"] = "no-store"
    return response

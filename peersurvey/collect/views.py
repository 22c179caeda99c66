"""The interview app's pages: the offline shell, its service worker and its messages.

All three are for anyone: they hold no personal data and must load from the tablet's
cache with no network and nobody signed in. The interviews themselves live on the tablet
(IndexedDB) and reach the server only through the API, with the tablet's token.
"""
import os

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory

from ..access import allow
from ..i18n import LANGUAGES
from .messages import SHELL_NOTICES, all_messages, rendered

bp = Blueprint("interview", __name__, url_prefix="/tablet/interview")
SCOPE = "/tablet/interview/"


@bp.route("/")
@allow("anyone")
def app():
    """The app shell: the same page for everyone; app.js draws every screen in it."""
    notices = {code: rendered(SHELL_NOTICES, code) for code in LANGUAGES}
    return render_template("collect/app.html", notices=notices)


@bp.route("/sw.js")
@allow("anyone")
def service_worker():
    """The service worker, from the app's own folder so it may control /tablet/interview/."""
    response = send_from_directory(os.path.join(current_app.static_folder, "collect"), "sw.js",
                                   mimetype="application/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = SCOPE
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/messages.json")
@allow("anyone")
def messages():
    """Every word the app shows, in English and Welsh."""
    return jsonify(all_messages())

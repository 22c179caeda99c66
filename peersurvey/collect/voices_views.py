"""The "Our voices" page: a lead and the group record the app's own words once per project
and language, with the same recorder as a question's voices (collect/voices.py)."""
from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..i18n import LANGUAGES
from ..prepare import media
from ..prepare.question_views import wants_json
from ..prepare.questionnaire_forms import VoiceUploadForm
from ..projects.queries import get_project
from . import voices

bp = Blueprint("voices", __name__, url_prefix="/projects/<int:project_id>/voices")


@bp.route("/", methods=["GET"])
@allow("lead")
def index(project_id):
    return render_template("collect/voices.html", project=get_project(project_id), words=voices.words(),
                           recorded=voices.recorded(project_id), missing=voices.for_tablet(project_id)[1],
                           audio_url=lambda audio: url_for("media.serve", project_id=project_id,
                                                           sha=audio.split(":", 1)[1]))


@bp.route("/", methods=["POST"])
@allow("lead")
def record(project_id):
    """Save (or take away) the group's recording of one of the app's words. The recorder
    (static/easyread/recorder.js) sends the word as `question`, as on the builder's pages."""
    word, language = request.form.get("question", ""), request.form.get("language")
    if not VoiceUploadForm().validate_on_submit():
        abort(400)
    if not voices.is_word(word) or language not in LANGUAGES:
        return _answer(project_id, "", _("Record one of the words on this page, in English or Welsh."), 400)
    audio = None
    if request.form.get("action") != "remove":
        upload = request.files.get("audio")
        try:
            audio = media.store_recording(project_id, upload.read() if upload else b"", g.person["id"])
        except media.MediaError as error:
            return _answer(project_id, word, str(error), 400)
    voices.save(project_id, word, language, audio, g.person["id"])
    audit.record("voice.app_word", person_id=g.person["id"], project_id=project_id, name=word,
                 language=language, removed=audio is None)
    message = _("The recording is saved.") if audio else _("The recording is taken away.")
    return _answer(project_id, word, message, 200, audio)


def _answer(project_id, word, message, status, audio=None):
    if wants_json():
        url = url_for("media.serve", project_id=project_id, sha=audio.split(":", 1)[1]) if audio else None
        return jsonify(message=message, audio=url), status
    flash(message, "success" if status == 200 else "error")
    anchor = f"word-{word.replace(':', '-')}" if word else None
    return redirect(url_for("voices.index", project_id=project_id, _anchor=anchor))

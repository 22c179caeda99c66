"""Uploads: a project's own pictures, the group's recorded voices, and serving both."""
from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..i18n import LANGUAGES
from . import document as doc
from . import consent, media, questionnaires
from .builder import (STALE_BUTTON, TAKEN_OUT, draft_or_redirect, get_project, is_stale,
                      published_refusal, save)
from .question_views import back_to, voice_target, wants_json
from .questionnaire_forms import PictureUploadForm, VoiceUploadForm

bp = Blueprint("media", __name__, url_prefix="/projects/<int:project_id>")


@bp.route("/media/<sha>")
@allow("lead")
def serve(project_id, sha):
    row = media.get(project_id, f"media:{sha}") or abort(404)
    response = Response(row["data"], mimetype=row["mime"])
    # Named by their content, so they never change: tablets may keep them for good.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.route("/pictures/", methods=["GET", "POST"])
@allow("lead")
def pictures(project_id):
    form = PictureUploadForm()
    if form.validate_on_submit():
        upload = request.files.get("file")
        try:
            picture_id = media.store_picture(
                project_id, upload.read() if upload else b"",
                {"en": form.words_en.data, "cy": form.words_cy.data}, g.person["id"])
        except media.MediaError as error:
            form.file.errors.append(str(error))
        else:
            audit.record("picture.upload", person_id=g.person["id"], project_id=project_id,
                         name=form.words_en.data, picture=picture_id)
            flash(_("Your picture is saved. You can choose it for any question now."), "success")
            return redirect(url_for("media.pictures", project_id=project_id))
    return render_template("prepare/pictures.html", project=get_project(project_id), form=form,
                           own_pictures=media.pictures(project_id))


@bp.route("/questionnaires/<int:questionnaire_id>/voices", methods=["POST"])
@allow("lead")
def voice(project_id, questionnaire_id):
    """Save (or take away) a recording of a question or answer being read aloud.

    The upload and take-away forms carry the draft's revision like every builder form, and
    are refused if someone saved since. The recorder (static/easyread/recorder.js) saves
    without reloading the page and sends no revision: its recording is put into the draft as
    it is now (see questionnaires.save_recording)."""
    key, option_key = request.form.get("question", ""), request.form.get("option") or None
    language = request.form.get("language")
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return refusal
    document = doc.copy_of(draft["document"])
    target = voice_target(document, key, option_key)
    sent_revision = "revision" in request.form
    # Taken out by someone else since the page was made (the recorder cannot say when its
    # page was made, so for it any missing question or answer counts).
    if target is None and (is_stale(draft) if sent_revision else wants_json()):
        gone = consent.RECORDING_GONE if key.startswith(consent.KEY) else TAKEN_OUT
        return _answer(project_id, questionnaire_id, key, option_key, str(gone), 409, gone=True)
    if target is None or language not in LANGUAGES:
        abort(404)
    if key.startswith(consent.KEY):     # named as it stands now: where the page goes back to
        key = consent.recording_key(document["consent"], next(
            at for at, point in enumerate(document["consent"]) if point is target))
    form = VoiceUploadForm()
    if not form.validate_on_submit():
        abort(400)
    if sent_revision and is_stale(draft):
        return _answer(project_id, questionnaire_id, key, option_key, str(STALE_BUTTON), 409)
    if request.form.get("action") == "remove":
        audio = None
        message = _("The recording is taken away.")
    else:
        upload = request.files.get("audio")
        try:
            audio = media.store_recording(project_id, upload.read() if upload else b"", g.person["id"])
        except media.MediaError as error:
            return _answer(project_id, questionnaire_id, key, option_key, str(error), 400)
        message = _("The recording is saved.")
    detail = dict(key=key, option=option_key, language=language)
    try:
        if sent_revision:
            target["audio"][language] = audio
            save(project_id, draft, document, "voice.change", **detail)
            revision = draft["revision"] + 1
        else:
            revision = _save_recording(project_id, questionnaire_id, detail, audio)
            if revision is None:
                return _answer(project_id, questionnaire_id, key, option_key, str(TAKEN_OUT), 409, gone=True)
    except questionnaires.Stale:
        return _answer(project_id, questionnaire_id, key, option_key, str(STALE_BUTTON), 409)
    except questionnaires.NotDraft:
        return published_refusal(project_id, questionnaire_id) if not wants_json() else \
            _answer(project_id, questionnaire_id, key, option_key,
                    _("This version is published, so it cannot change. Press ‘Make changes’ to start "
                      "a new version."), 409)
    return _answer(project_id, questionnaire_id, key, option_key, message, 200, audio=audio,
                   revision=revision)


def _save_recording(project_id, questionnaire_id, detail, audio):
    """A recording from the recorder, put into the draft as it is now; the draft's revision,
    or None if the question or answer was taken out meanwhile."""
    def put(document):
        target = voice_target(document, detail["key"], detail["option"])
        if target is None:
            return False
        target["audio"][detail["language"]] = audio
        return True
    saved = media.save_voice_to_draft(project_id, questionnaire_id, put, g.person["id"], detail)
    return None if saved is None else saved["revision"]


def _answer(project_id, questionnaire_id, key, option_key, message, status, audio=None, revision=None,
            gone=False):
    if wants_json():
        url = url_for("media.serve", project_id=project_id, sha=audio.split(":", 1)[1]) if audio else None
        return jsonify(message=message, audio=url, revision=revision), status
    flash(message, "success" if status == 200 else "error")
    if gone:
        return redirect(url_for("questionnaires.show", project_id=project_id, questionnaire_id=questionnaire_id))
    return redirect(back_to(project_id, questionnaire_id, key, option_key))

"""The tablet API for interviews: what to ask (questionnaires, bundles, files) and the sync
that brings answers home. Routes join the /api/v1 blueprint, so the bearer-token check
in peersurvey/api applies to every one. Documented in docs/api.md."""
from flask import Response, abort, g, jsonify, request, url_for
from flask_babel import gettext as _

from ..access import allow
from ..api import bp, refuse
from ..i18n import in_every_language
from ..people import queries as people
from ..people.avatars import url_path
from ..prepare import media, questionnaires, transfer
from ..prepare.document import with_media
from ..prepare.picture_urls import picture_url
from ..questions import QUESTION_KINDS
from .. import safe_json
from . import queries, sync, voices

MAX_SYNC_BYTES = 2 * 1024 * 1024


@bp.route("/questionnaires")
@allow("device")
def list_questionnaires():
    offered = []
    for row in questionnaires.for_project(g.device["project_id"]):
        version = row["published"]
        if version:
            offered.append({"version_id": version["id"], "questionnaire_id": row["id"],
                            "number": version["number"], "title": version["document"]["title"],
                            "published_at": version["published_at"]})
    return jsonify(questionnaires=offered)


@bp.route("/bundle/<int:version_id>")
@allow("device")
def bundle(version_id):
    version = queries.published_version(g.device["project_id"], version_id) or abort(404)
    # Always say whether the sharing question is asked: null for versions made before it existed.
    document = dict(version["document"], share_consent=version["document"].get("share_consent"))
    project_id = g.device["project_id"]
    fixed = {kind.NAME: [{"key": key, "words": in_every_language(words), "picture": picture}
                         for key, words, picture in kind.FIXED_ANSWERS]
             for kind in QUESTION_KINDS if kind.FIXED_ANSWERS}
    files = {}
    for picture in _pictures(document) | {p["picture"] for answers in fixed.values() for p in answers}:
        files[picture] = _file_url(picture, project_id)
    for audio in transfer.media_ids(document) - set(files):
        files[audio] = _file_url(audio, project_id)
    # The group's voices for the app's own words (collect/voices.py), by the words they say.
    app_voices, voices_missing = voices.for_tablet(project_id)
    for audio in {a for by_words in app_voices.values() for a in by_words.values()} - set(files):
        files[audio] = _file_url(audio, project_id)
    interviewers = [{"id": p["id"], "name": p["name"],
                     "picture": url_for("static", filename=url_path(p["picture"])) if p["picture"] else None}
                    for p in people.project_people(project_id) if "interviewer" in p["roles"]]
    response = jsonify(version_id=version["id"], questionnaire_id=version["questionnaire_id"],
                       number=version["number"], document=document, fixed_answers=fixed,
                       files=files, interviewers=interviewers, voices=app_voices,
                       voices_missing=voices_missing)
    return response


def _pictures(document):
    return {item["picture"] for item in with_media(document) if item.get("picture")}


def _file_url(file_id, project_id):
    if file_id.startswith("media:"):
        return url_for("api.media_file", sha=file_id.split(":", 1)[1])
    return picture_url(file_id, project_id)


@bp.route("/media/<sha>")
@allow("device")
def media_file(sha):
    row = media.get(g.device["project_id"], f"media:{sha}") or abort(404)
    response = Response(row["data"], mimetype=row["mime"])
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@bp.route("/sync", methods=["POST"])
@allow("device")
def sync_interviews():
    if request.content_length is not None and request.content_length > MAX_SYNC_BYTES:
        return refuse(413, _("What the tablet sent is too big. Send fewer interviews at a time."))
    request.max_content_length = MAX_SYNC_BYTES   # a chunked body has no length to check first
    try:
        body = safe_json.loads(request.get_data(cache=False), keep_big=True) if request.mimetype == "application/json" else None
    except safe_json.BadJSON:
        body = None
    interviews = body.get("interviews") if isinstance(body, dict) else None
    if not isinstance(interviews, list):
        return refuse(400, _("The tablet sent something the server could not read. Try again."))
    if len(interviews) > sync.MAX_INTERVIEWS:
        return refuse(400, _("The tablet sent too many interviews at once. Send 100 or fewer at a time."))
    return jsonify(results=sync.ingest(g.device["project_id"], interviews, g.device["id"]))

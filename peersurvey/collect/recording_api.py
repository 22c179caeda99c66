"""Sending a recording's sound, in parts that can be resumed: GET how much has arrived, PUT
the next part. Routes join the /api/v1 blueprint, so the tablet's token (or its cookie with
the tablet header) is checked as for the sync. Documented in docs/api.md; the work is in
recording_uploads.py."""
import re

from flask import g, jsonify, request
from flask_babel import gettext as _

from ..access import allow
from ..api import bp, refuse
from . import recording_uploads, recordings

ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def _answer(status, body):
    response = jsonify(body)
    response.status_code = status
    return response


def _unknown():
    return refuse(404, _("The server does not know this recording yet. Send its interview first, "
                         "then send the recording again."))


@bp.route("/recordings/<string(maxlength=64):recording_id>", methods=["GET"])
@allow("device")
def recording_status(recording_id):
    if not ID.match(recording_id):
        return _unknown()
    return _answer(*recording_uploads.status(g.device["project_id"], recording_id))


@bp.route("/recordings/<string(maxlength=64):recording_id>", methods=["PUT"])
@allow("device")
def recording_part(recording_id):
    if not ID.match(recording_id):
        return _unknown()
    offset = request.args.get("offset", "")
    if not re.fullmatch(r"[0-9]{1,12}", offset):
        return refuse(400, _("The tablet did not say where this part starts. Send it again with "
                             "?offset= and the number of the byte it starts at."))
    too_big = _("This part is too big. Send parts of 1 MB or less.")
    if request.content_length is not None and request.content_length > recordings.MAX_PART:
        return refuse(413, too_big)
    body = _body(recordings.MAX_PART + 1)      # a chunked body has no length to check first
    if len(body) > recordings.MAX_PART:
        return refuse(413, too_big)
    return _answer(*recording_uploads.put(g.device["project_id"], recording_id, int(offset), body))


def _body(limit):
    chunks, size = [], 0
    while size < limit:
        chunk = request.stream.read(limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)

"""Listening to an answer's recording: its lead, and its coders on the project's tablets
(the coding screens play it too). Served with ranges, so a player can seek and read the
length without fetching the whole sound."""
import io

from flask import Blueprint, abort, send_file

from ..access import allow
from ..prepare import media
from . import recordings

bp = Blueprint("recordings", __name__, url_prefix="/projects/<int:project_id>/recordings")


@bp.route("/<string(maxlength=64):recording_id>", methods=["GET"])
@allow("coder")
def listen(project_id, recording_id):
    recording = recordings.get(project_id, recording_id) or abort(404)
    row = media.get(project_id, recording["media"]) or abort(404)    # still on its way: not yet
    response = send_file(io.BytesIO(row["data"]), mimetype=row["mime"], conditional=True,
                         download_name=f"recording-{recording['id']}", max_age=0)
    # A person's voice, played on shared tablets and group computers: never kept in their
    # browser's cache, where it would outlive a withdrawal (ranges work without it).
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = "inline"
    return response

"""Listening to an answer's recording: its lead, and its coders on the project's tablets
while a coding session that goes through the answer is open (the coding screens play it). Served with ranges, so a player can seek and read the
length without fetching the whole sound."""
import io

from flask import Blueprint, abort, g, send_file

from ..access import allow
from ..db import get_db
from ..prepare import media
from . import recordings

bp = Blueprint("recordings", __name__, url_prefix="/projects/<int:project_id>/recordings")


@bp.route("/<string(maxlength=64):recording_id>", methods=["GET"])
@allow("coder")
def listen(project_id, recording_id):
    recording = recordings.get(project_id, recording_id) or abort(404)
    if g.signed_in_with != "password" and not _in_an_open_session(project_id, recording["answer_id"]):
        abort(404)          # a coder hears an answer only while a session goes through it
    row = media.get(project_id, recording["media"]) or abort(404)    # still on its way: not yet
    response = send_file(io.BytesIO(row["data"]), mimetype=row["mime"], conditional=True,
                         download_name=f"recording-{recording['id']}", max_age=0)
    # A person's voice, played on shared tablets and group computers: never kept in their
    # browser's cache, where it would outlive a withdrawal (ranges work without it).
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = "inline"
    return response


def _in_an_open_session(project_id, answer_id):
    return get_db().execute(
        """select 1 from session_items si join coding_sessions cs on cs.id = si.session_id
           where si.answer_id = ? and cs.project_id = ? and cs.ended_at is null limit 1""",
        [answer_id, project_id]).fetchone() is not None

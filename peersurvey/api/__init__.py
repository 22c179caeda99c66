"""The JSON API for tablets, versioned under /api/v1 and documented in docs/api.md.

Tablets prove themselves with `Authorization: Bearer <device token>` (scripts, other
apps), or, from the tablet's own pages, with the HttpOnly tablet cookie: then the token is
never in a page, where anyone who saw it could copy the tablet to another browser. The
cookie counts only with the X-Peersurvey-Tablet header, which another site cannot send.
Every refusal is JSON with a plain-words `error` a tablet can show as it is.
"""
from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from ..access import allow
from ..people import devices
from ..projects.queries import get_project

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def refuse(status, message):
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="peersurvey"'
    return response


# Sent by the tablet's own pages with the cookie. Another site cannot add a header of its
# own to a request without asking first (a CORS preflight, which this server never grants),
# so a request that has it comes from peersurvey's pages on this address.
TABLET_HEADER = "X-Peersurvey-Tablet"


def _token():
    header = request.headers.get("Authorization")
    if header is None and request.headers.get(TABLET_HEADER) == "1":
        return request.cookies.get(devices.COOKIE, "")
    scheme, _sep, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@bp.before_request
def authenticate():
    token = _token()
    if not token or " " in token or len(token) > 200:
        return refuse(401, _("This tablet did not send its tablet code. "
                             "Set the tablet up again from the project page."))
    g.device = devices.by_token(token)
    if g.device is None:
        return refuse(401, _("This tablet is not set up, or its project lead has switched "
                             "it off. Ask your project lead for a new code to set it up again."))
    devices.seen(g.device)
    return None


@bp.route("/device")
@allow("device")
def device():
    """Which tablet this is and which project it belongs to."""
    project = get_project(g.device["project_id"])
    return jsonify(device={"id": g.device["id"], "name": g.device["name"]},
                   project={"id": project["id"], "name": project["name"]})

"""The live stream of a coding session (`coding.events`, on session_views' blueprint): what
a screen listens on to follow the session (theme/live.py). A joined screen is sent its new
panel in the event, drawn for the person it belongs to; the big screen only the version."""
import functools

from flask import Response, current_app, request

from ..access import allow, still_allowed
from . import attendance, live, panel, sessions
from .session_views import bp, panel_context, session_or_404


@bp.route("/sessions/<int:session_id>/events")
@allow("coder")
def events(project_id, session_id):
    session = session_or_404(project_id, session_id)
    last = request.headers.get("Last-Event-ID", type=int)
    # Panels only to a screen whose live.js asks for them (panels=1): a browser still running
    # an older copy of it listens for versions alone.
    wants_panels = request.args.get("panels") == "1" and not sessions.drives(session)
    draw = None if not wants_panels else functools.partial(
        _pushed_panel, current_app._get_current_object(), dict(request.environ), project_id, session_id)
    stream = live.open_stream(session["id"], last if last is not None else session["version"], draw)
    if stream is None:
        # 204 is how Server-Sent Events say "do not reconnect": the screen polls instead.
        return Response(status=204)
    response = Response(iter(stream), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    response.call_on_close(stream.release)   # also when the stream is never read (HEAD)
    return response


def _pushed_panel(app, environ, project_id, session_id):
    """A joined screen's new panel, sent in its event (theme/live.py) as its fetch would give
    it, in a request context of its own made from the stream's request (so the person, their
    language and their form token are as the stream was opened, and the sign-in is checked
    again now); False once the person may not see the session any more."""
    with app.request_context(environ):
        with panel.one_at_a_time(session_id):
            if not still_allowed("coder", {"project_id": project_id}):
                return False
            session = sessions.get(project_id, session_id)
            if session is None or not sessions.may_open(session):
                return False
            html = panel.joined_fragment(session, lambda: panel_context(session))[0]
        attendance.seen(session)     # may write (once a minute): not while the others wait
        return html

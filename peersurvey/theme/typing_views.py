"""Type what they said: anyone coding an answer (a coder in the session, or a lead) types
the words of an answer that came with none (a spoken answer), or puts typed-up words right.
A page of its own, not part of the live screen: a redraw while someone types would lose
their words. Saving takes them back to the session, where the answer now shows its words
and is coded like any typed answer."""
from flask import Blueprint, flash, g, redirect, request
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..collect.words_views import words_page
from ..db import get_db, writing
from . import coding, display, session_asks, sessions
from .session_views import session_or_404

bp = Blueprint("typing", __name__,
               url_prefix="/projects/<int:project_id>/coding/sessions/<int:session_id>/answers")


@bp.route("/<string(maxlength=64):answer_id>/words", methods=["GET", "POST"])
@allow("coder")
def type_up(project_id, session_id, answer_id):
    session = session_or_404(project_id, session_id)
    back = session_asks.screen_url(session)
    # Only an answer this session goes through, while it is open: the session is what
    # lets a coder see the answer at all.
    if session["ended_at"]:
        flash(str(coding.ENDED), "error")
        return redirect(back)
    if not sessions.holds(session_id, answer_id):
        flash(str(coding.ANSWER_GONE), "error")
        return redirect(back)
    part = request.values.get("part", "")
    lead = g.signed_in_with == "password"
    if not lead and not display.may_type_up(answer_id, part):
        flash(str(TYPED_ON_TABLET), "error")
        return redirect(back)
    reply = words_page(project_id, answer_id, part, "corrected" if lead else "typed_up", back,
                       "theme/_nav.html")
    if request.method == "POST" and getattr(reply, "status_code", None) == 302:
        _show_everyone(session, answer_id)
    return reply


TYPED_ON_TABLET = _l("The interviewer typed these words with the person. Only your project "
                     "lead can change them.")


def _show_everyone(session, answer_id):
    """Screens following the session (and any other showing the answer) draw it again, now
    with its words."""
    db = get_db()
    with writing(db):
        coding.bump_answer(db, session, answer_id)

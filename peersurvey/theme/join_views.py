"""Joining a group coding session with the code on its big screen, from a tablet or a laptop."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import allow, may_code
from . import attendance, sessions
from .forms import JoinForm

bp = Blueprint("coding_join", __name__)


@bp.route("/coding/join", methods=["GET", "POST"])
@allow("signed_in")
def join():
    form = JoinForm()
    if form.validate_on_submit():
        session = sessions.by_code(form.code.data)
        if session is None or not may_code(session["project_id"]):
            form.code.errors.append(_("There is no session with this code now. It may have finished. "
                                      "Check the code on the big screen and try again."))
        else:
            attendance.seen(session, joined=True)
            return redirect(url_for("coding.screen", project_id=session["project_id"], session_id=session["id"]))
    return render_template("theme/join.html", form=form), 400 if form.errors else 200

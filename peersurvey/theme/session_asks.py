"""The pages a coding session shows before doing what cannot be undone, and which screen a
tap comes back to: finishing a session asks first (ask_first.html), starting a group session
offers the unfinished one with its join code, and a tap from the big-screen view (big=1)
comes back to it."""
from flask import g, render_template, request, url_for
from flask_babel import gettext as _

from ..projects.queries import get_project
from . import sessions


def big_wanted():
    """True when the tap or redraw came from the big-screen view (its forms say big=1)."""
    return request.values.get("big") == "1"


def screen_url(session):
    return url_for("coding.big_screen" if big_wanted() else "coding.screen",
                   project_id=session["project_id"], session_id=session["id"])


def unfinished(project_id, questionnaire_id, mode):
    """The newest group session on this questionnaire that is not finished and that this
    person drives, unless they asked for a new one (new=1 from the offer to carry on)."""
    if mode != "group" or request.form.get("new") == "1":
        return None
    return next((s for s in sessions.open_sessions(project_id, g.person["id"])
                 if s["mode"] == "group" and s["questionnaire_id"] == questionnaire_id and sessions.drives(s)),
                None)


def offer_to_carry_on(session):
    """Starting again each time made a new join code, and the group had to join again: offer
    the session that is going on, with its code; a new one is still one button away."""
    carry_on = url_for("coding.screen", project_id=session["project_id"], session_id=session["id"])
    kept = [(name, value) for name, values in request.form.lists() if name not in ("csrf_token", "new")
            for value in values] + [("new", "1")]
    ask = {"title": _("Carry on with the session you started?"),
           "points": [_("A group session on this questionnaire is not finished. Its code is %(code)s.",
                        code=session["join_code"]),
                      _("Answer %(number)d of %(total)d", number=session["position"] + 1, total=session["total"] or 0),
                      _("Carry on, and people who joined stay with you. Or start a new session with a new code.")],
           "action": url_for("coding.start", project_id=session["project_id"], questionnaire=session["questionnaire_id"]),
           "hidden": kept, "keep": _("Carry on with %(code)s", code=session["join_code"]), "keep_url": carry_on,
           "do": _("Start a new session"), "nav": "theme/_nav.html", "carry_on": True}
    return render_template("ask_first.html", ask=ask, project=get_project(session["project_id"]))


def ask_before_finishing(session):
    points = [_("After this, nobody can give themes or vote in this session."),
              _("The themes you gave are kept.")]
    if session["join_code"]:
        points.append(_("The code %(code)s stops working.", code=session["join_code"]))
    back = screen_url(session)
    ask = {"title": _("Finish the session?"), "points": points, "hidden": {"big": "1"} if big_wanted() else {},
           "warning": _("You cannot open it again. You can start a new session."),
           "action": url_for("coding.end", project_id=session["project_id"], session_id=session["id"]),
           "do": _("Finish the session"), "keep": _("Keep coding"), "keep_url": back, "nav": "theme/_nav.html"}
    return render_template("ask_first.html", ask=ask, project=get_project(session["project_id"]))

"""Coding session pages: starting a session, the big screen, a joined screen that follows
it, and the buttons on both. Every button is a plain form, so the pages work with no
JavaScript and by keyboard; static/coding/live.js sends them without reloading and redraws
the live part of the page when the session changes (Server-Sent Events, else polling).
"""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import allow
from ..forms import button_token_ok, row_id, row_id_or_none
from ..prepare import questionnaires
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from . import ahead, attendance, coding, display, panel, sessions, themes
from . import session_asks
from .forms import QuickThemeForm, chosen_filters, no_questions, start_form
from .undo import undo as undo_last

bp = Blueprint("coding", __name__, url_prefix="/projects/<int:project_id>/coding")


class Problem(Exception):
    """A button pressed on a screen that was out of date, or with something wrong in it."""

    def __init__(self, message, status=409, **kept):
        """kept: a refused form (quick_form, filters_form) to draw again as it was sent,
        so what the person typed or ticked is not lost."""
        super().__init__(message)
        self.message, self.status, self.kept = message, status, kept


# What a tap's act returns when it changed nothing (a repeat, or two people at once): its
# screen gets the whole panel, since the version may have moved for someone else's change.
UNCHANGED = object()


def is_live():
    return request.headers.get("X-Live") == "1"


# --- Starting ------------------------------------------------------------------------------

def _wanted_questionnaire(available):
    """The questionnaire asked for, if it is one of this project's; else None."""
    wanted = row_id_or_none(request.values.get("questionnaire"))
    return next((q for q in available if q["id"] == wanted), None)


def _chosen_questionnaire(project_id):
    """For showing the page: the one asked for, else the first."""
    available = questionnaires.published(project_id)
    chosen = _wanted_questionnaire(available) or (available[0] if available else None)
    return available, chosen


@bp.route("/")
@allow("coder")
def index(project_id):
    available, chosen = _chosen_questionnaire(project_id)
    forms = {}
    if chosen:
        forms = {mode: start_form(project_id, chosen["id"], mode=mode)[0] for mode in ("group", "own")}
    return _index(project_id, available, chosen, forms)


def _index(project_id, available, chosen, forms, status=200):
    return render_template(
        "theme/coding_index.html", project=get_project(project_id), questionnaires=available,
        chosen=chosen, forms=forms, title_of=lambda q: display.text_in(_document(q)["title"]),
        open_sessions=sessions.open_sessions(project_id, g.person["id"]),
        has_themes=bool(themes.active(project_id)), is_lead=g.signed_in_with == "password"), status


def _document(questionnaire):
    import json
    return json.loads(questionnaire["document"])


@bp.route("/start", methods=["POST"])
@allow("coder")
def start(project_id):
    available = questionnaires.published(project_id)
    if not available:
        abort(404)
    mode = "own" if request.form.get("mode") == "own" else "group"
    chosen = _wanted_questionnaire(available)
    if chosen is None:
        # Never start on another questionnaire than the one asked for: show the first, with
        # the person's choices kept, and say what to do.
        chosen = available[0]
        form, questions = start_form(project_id, chosen["id"], request.form, mode)
        form.questionnaire.errors = [_("Choose a questionnaire from the list.")]
    else:
        form, questions = start_form(project_id, chosen["id"], request.form, mode)
        if form.validate_on_submit():
            filters = chosen_filters(form, questions)
            if not filters["questions"]:
                form.questions.errors.append(no_questions(form, questions))
            elif (unfinished := session_asks.unfinished(project_id, chosen["id"], mode)) is not None:
                return session_asks.offer_to_carry_on(unfinished)
            else:
                session_id = sessions.start(project_id, chosen["id"], g.person["id"], mode, filters,
                                            keep_empty=False)
                if session_id is not None:
                    return redirect(url_for(".screen", project_id=project_id, session_id=session_id))
                form.questions.errors.append(_("There are no answers to sort with these choices. "
                                               "Choose other questions, or wait for more interviews to come in."))
    other = "group" if mode == "own" else "own"
    forms = {mode: form, other: start_form(project_id, chosen["id"], mode=other)[0]}
    return _index(project_id, available, chosen, forms, 400)


# --- The screen ----------------------------------------------------------------------------

def session_or_404(project_id, session_id):
    session = sessions.get(project_id, session_id)
    if session is None or not sessions.may_open(session):
        abort(404)
    return session


@bp.route("/sessions/<int:session_id>")
@allow("coder")
def screen(project_id, session_id):
    session = session_or_404(project_id, session_id)
    since = request.args.get("since", type=int)
    if since is not None and since == session["version"]:
        return "", 204   # polling: nothing has changed
    attendance.seen(session)
    if request.args.get("fragment") == "1":
        if not sessions.drives(session):    # a joined screen: drawn once for all that see it alike
            return panel.joined_fragment(session, lambda: panel_context(session))
        return _fragment(panel_context(session))
    return render_template("theme/session.html", **panel_context(session))


@bp.route("/sessions/<int:session_id>/big")
@allow("coder")
def big_screen(project_id, session_id):
    """The session for a projector: the whole screen, no site header, type that scales with
    the screen (static/coding/big-screen.css). The normal page stays for laptops."""
    session = session_or_404(project_id, session_id)
    attendance.seen(session)
    return render_template("theme/big_screen.html", **panel_context(session))


_fragment = panel.fragment


def panel_context(session, problem=None, quick_form=None, filters_form=None, parts=None):
    """What the panel template draws. parts: only what those parts of it need (a tap's reply
    that sends only what changed, see _reply; "theme" is the button of the theme the tap's
    form names); None: the whole panel."""
    project_id = session["project_id"]
    total = session["total"] or 0
    answer_id = sessions.answer_at(session["id"], session["position"]) if total else None
    drives = sessions.drives(session)
    every = parts is None
    context = {"project": get_project(project_id), "session": session, "total": total, "answer_id": answer_id,
               "drives": drives, "parts": parts, "problem": problem, "picture_url": picture_url,
               "colours": themes.COLOURS, "words_of": display.text_in, "big": session_asks.big_wanted(),
               "urls": panel.session_urls(project_id, session["id"])}
    present = answer_id is not None     # a part alone is sent only for an answer on screen
    if every or "answer" in parts:
        answer, view, may_quote = panel.answer(project_id, answer_id)
        present = answer is not None
        if not present and not every:
            return panel_context(session, problem, quick_form, filters_form)   # withdrawn: draw it all
        context.update(answer=answer, view=view, may_quote=may_quote,
                       is_quote=present and coding.is_quote(answer_id))
    if every or not {"themes", "theme", "confirm"}.isdisjoint(parts):
        owner = sessions.owner_of(session)
        context.update(
            themes=themes.active(project_id), chosen=coding.themes_of(answer_id, owner) if present else set(),
            votes=coding.votes(session["id"], answer_id) if present and session["mode"] == "group" else {},
            mine=coding.votes_by(session["id"], answer_id, g.person["id"]) if present else set())
        context["theme_cards"] = lambda token, stay, tap_url, only=None: panel.theme_cards(
            context, token, stay, tap_url, only)
    if not every and "theme" in parts:
        context["tapped"] = request.form.get("theme_id", type=row_id)
        if context["tapped"] not in {theme["id"] for theme in context["themes"]}:
            return panel_context(session, problem, quick_form, filters_form)   # gone since the tap: draw it all
    if every or "later" in parts:
        context["later"] = sessions.later_count(session["id"])
    if every:
        filters_fields = None
        if not (drives and session["mode"] == "group" and not session["ended_at"]):
            filters_form = None
        elif filters_form is None:     # as the session has them (a refused form is drawn as sent)
            filters_fields = panel.filters_fields(session, lambda: _session_filters(session))
        context.update(quick_form=quick_form or QuickThemeForm(formdata=None), filters_form=filters_form,
                       filters_fields=filters_fields)
    return context


def _session_filters(session):
    form, _questions = start_form(session["project_id"], session["questionnaire_id"])
    form.process(data={**session["filters"], "questionnaire": str(session["questionnaire_id"])})
    return form


# --- Buttons -------------------------------------------------------------------------------

def _button(project_id, session_id, act, needs_driver=False, needs_answer=True, changes=None):
    """Check the form and the session, run act(session, answer_id), answer the screen. These
    checks say early what is wrong; the writes check again inside their own transaction
    (coding.Refused, sessions.Refused), since the screen may be a moment out of date.
    changes: the parts of the panel the button can change, sent alone when they are all
    that changed (_reply)."""
    session = session_or_404(project_id, session_id)
    try:
        if not button_token_ok():
            raise Problem(_("This page was open too long to be sure it is you. Try again."), 400)
        attendance.seen(session)    # only after the form is checked: a forged post records nothing
        if session["ended_at"]:
            raise Problem(str(coding.ENDED))
        if needs_driver and not sessions.drives(session):
            raise Problem(_("Only the big screen can do that. Tap the themes you think fit instead."), 403)
        answer_id = request.form.get("answer_id", "")
        if needs_answer and not sessions.holds(session["id"], answer_id):
            raise Problem(str(coding.ANSWER_GONE))
        message = act(session, answer_id)
    except Problem as problem:
        return _reply(session_or_404(project_id, session_id), problem.message, problem.status, problem.kept)
    except coding.Refused as refused:
        return _reply(session_or_404(project_id, session_id), refused.message, refused.status)
    if message is UNCHANGED:
        message, changes = None, None
    return _reply(session_or_404(project_id, session_id), message=message, changes=changes)


def _reply(session, problem=None, status=200, kept=None, message=None, changes=None):
    if is_live():
        parts = changes if changes and message is None and _only_this_tap(session) else None
        if problem is None and sessions.drives(session):
            ahead.draw_after(session, lambda moved, wanted: panel_context(moved, parts=wanted))
        drawn = ahead.take(session, parts) if problem is None else None
        if drawn is not None:
            return drawn, status, {"X-Fragment": "1"}
        return _fragment({**panel_context(session, problem=problem, parts=parts, **(kept or {})),
                          "message": message}, status)
    if problem and kept:
        # Without JavaScript too: the page again with what was typed, not a redirect that loses it.
        page = "theme/big_screen.html" if session_asks.big_wanted() else "theme/session.html"
        return render_template(page, **panel_context(session, problem=problem, **kept)), status
    if problem:
        flash(problem, "error")
    elif message:
        flash(message, "success")
    return redirect(session_asks.screen_url(session))


def _only_this_tap(session):
    """True when the screen showed the version just before this tap's (live.js sends it as
    X-Shown-Version), and the tap changed something (else the version moved for another
    change): nothing else changed in between, so the parts the tap changes are all it
    needs. Otherwise it gets the whole panel."""
    shown = request.headers.get("X-Shown-Version", type=int)
    return shown is not None and shown == session["version"] - 1 and not session["ended_at"] and \
        bool(session["total"])


def _theme_from_form(session):
    theme_id = request.form.get("theme_id", type=row_id)
    if themes.get_active(session["project_id"], theme_id) is None:
        raise Problem(str(coding.THEME_GONE), 400)
    return theme_id


def _wanted(name):
    """The state a button asks for: "1" to give (vote, mark), "0" to take off. Each button
    sends the state it showed, so a repeat or two people tapping at once cannot cancel out."""
    value = request.form.get(name)
    if value not in ("0", "1"):
        raise Problem(_("That button did not work, so nothing was changed. Try again."), 400)
    return value == "1"


@bp.route("/sessions/<int:session_id>/tag", methods=["POST"])
@allow("coder")
def tag(project_id, session_id):
    def act(session, answer_id):
        if not coding.set_tag(session, g.person["id"], answer_id, _theme_from_form(session), _wanted("given")):
            return UNCHANGED
    return _button(project_id, session_id, act, needs_driver=True, changes=("theme", "confirm", "later"))


@bp.route("/sessions/<int:session_id>/vote", methods=["POST"])
@allow("coder")
def vote(project_id, session_id):
    def act(session, answer_id):
        if session["mode"] != "group":
            raise Problem(_("Votes are for group sessions."), 400)
        if not coding.set_vote(session, g.person["id"], answer_id, _theme_from_form(session), _wanted("given")):
            return UNCHANGED
    return _button(project_id, session_id, act, changes=("theme", "confirm"))


@bp.route("/sessions/<int:session_id>/confirm", methods=["POST"])
@allow("coder")
def confirm(project_id, session_id):
    def act(session, answer_id):
        coding.confirm_votes(session, g.person["id"], answer_id)
    return _button(project_id, session_id, act, needs_driver=True)


@bp.route("/sessions/<int:session_id>/move", methods=["POST"])
@allow("coder")
def move(project_id, session_id):
    def act(session, answer_id):
        to = request.form.get("to")
        if to == "later":
            if not sessions.holds(session["id"], answer_id):
                raise Problem(_("That answer is not here any more. Nothing was changed."))
            sessions.come_back_later(session, g.person["id"], answer_id)
        elif to == "next":
            ahead.move_next(session)     # with the panel drawn for it, if nothing changed since
        elif to in ("previous", "uncoded", "back_later"):
            sessions.move(session, "later" if to == "back_later" else to)
        else:
            raise Problem(_("That button did not work. Use next or previous."), 400)
    return _button(project_id, session_id, act, needs_driver=True, needs_answer=False,
                   changes=("progress", "answer", "themes", "later"))


@bp.route("/sessions/<int:session_id>/undo", methods=["POST"])
@allow("coder")
def undo(project_id, session_id):
    def act(session, answer_id):
        said = undo_last(session, g.person["id"])
        if said is None:
            raise Problem(_("There is nothing to undo yet."), 200)
        return said
    return _button(project_id, session_id, act, needs_driver=True, needs_answer=False)


@bp.route("/sessions/<int:session_id>/quote", methods=["POST"])
@allow("coder")
def quote(project_id, session_id):
    def act(session, answer_id):
        if not coding.may_quote(answer_id):
            raise Problem(str(coding.NOT_SHARED), 400)
        coding.set_quote(session, g.person["id"], answer_id, _wanted("marked"))
    return _button(project_id, session_id, act, needs_driver=True)


@bp.route("/sessions/<int:session_id>/new-theme", methods=["POST"])
@allow("coder")
def new_theme(project_id, session_id):
    """Make a theme on the spot: the big screen gives it to the answer, a joined screen votes."""
    def act(session, answer_id):
        form = QuickThemeForm()
        if not form.validate():
            raise Problem(" ".join(str(e) for e in form.words.errors), 400, quick_form=form)
        from ..i18n import current_language
        try:
            themes.add_on_the_spot(session, g.person["id"], answer_id, {current_language(): form.words.data})
        except coding.Refused as refused:   # no theme is made, and the words typed stay in the box
            raise Problem(refused.message, refused.status, quick_form=form)
        except themes.ThemeProblem as problem:      # as many themes as a project may have
            raise Problem(str(problem), 400, quick_form=form)
        return _("The theme %(words)s is made.", words=form.words.data)
    return _button(project_id, session_id, act)


@bp.route("/sessions/<int:session_id>/filters", methods=["POST"])
@allow("coder")
def filters(project_id, session_id):
    def act(session, answer_id):
        form, questions = start_form(project_id, session["questionnaire_id"], request.form)
        if not form.validate() or not chosen_filters(form, questions)["questions"]:
            message = no_questions(form, questions)
            if not form.questions.errors:
                form.questions.errors.append(message)
            raise Problem(message, 400, filters_form=form)
        sessions.refilter(session, chosen_filters(form, questions))
    return _button(project_id, session_id, act, needs_driver=True, needs_answer=False)


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@allow("coder")
def end(project_id, session_id):
    """Finishing cannot be undone (the join code stops working), so it asks first: only the
    asking page's button (confirmed=1) finishes the session."""
    session = session_or_404(project_id, session_id)
    if request.form.get("confirmed") != "1" and not session["ended_at"] and sessions.drives(session):
        return session_asks.ask_before_finishing(session)

    def act(session, answer_id):
        sessions.end(session)
        return _("The session has finished. The themes you gave are kept.")
    return _button(project_id, session_id, act, needs_driver=True, needs_answer=False)

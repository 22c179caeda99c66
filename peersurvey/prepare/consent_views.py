"""The builder's consent points: add, change, move and take out the points a person hears
before they say yes, each with its words in every language, a picture and recordings
(prepare/consent.py). The consent page itself, with the sharing question, is
questionnaire_views.consent."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..forms import EmptyForm
from ..i18n import LANGUAGES, current_language
from . import consent
from . import document as doc
from . import media, pictures
from .builder import (
    TAKEN_OUT,
    check_based_on,
    draft_or_redirect,
    get_project,
    is_stale,
    keeps_typing,
    page_status,
    refuses_buttons,
    save,
    texts_from,
)
from .picture_urls import picture_url
from .question_views import picture_choices, valid_picture
from .questionnaire_forms import ConsentPointForm
from .questionnaires import Stale

POINT_GONE = _l("Someone else changed or took out this point while you were working. What you typed is "
                "still here: save it to add it as a new point, or go back to the consent page.")

bp = Blueprint("consent", __name__,
               url_prefix="/projects/<int:project_id>/questionnaires/<int:questionnaire_id>/consent")


def consent_url(project_id, questionnaire_id, number=None, **_rest):
    return url_for("questionnaires.consent", project_id=project_id, questionnaire_id=questionnaire_id,
                   _anchor=f"point-{number}" if number else "points")


def points_url(project_id, questionnaire_id, **_rest):
    """After a press from an older page: its point's number may be another point's now."""
    return consent_url(project_id, questionnaire_id)


def _draft_point(project_id, questionnaire_id, number):
    """The draft, a copy of its document holding points, and point `number` (from 1) or None."""
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return None, None, None, refusal
    document = doc.copy_of(draft["document"])
    points = consent.set_points(document)
    point = points[number - 1] if 1 <= number <= len(points) else None
    return draft, document, point, None


def _gone(project_id, questionnaire_id, draft):
    if not is_stale(draft):
        abort(404)
    flash(str(TAKEN_OUT), "error")
    return redirect(consent_url(project_id, questionnaire_id))


@bp.route("/points/new", methods=["POST"])
@allow("lead")
@refuses_buttons(points_url)
def add(project_id, questionnaire_id):
    draft, document, _point, refusal = _draft_point(project_id, questionnaire_id, 0)
    if refusal:
        return refusal
    if not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    points = document["consent"]
    if len(points) >= consent.MOST_POINTS:
        flash(_full(), "error")
        return redirect(consent_url(project_id, questionnaire_id))
    points.append(consent.new_point())
    save(project_id, draft, document, "consent.add", point=len(points))
    return redirect(url_for("consent.point", project_id=project_id, questionnaire_id=questionnaire_id,
                            number=len(points)))


@bp.route("/points/<int:number>", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def point(project_id, questionnaire_id, number, refused=False):
    """One point's words and picture. The page sends the words it showed (`was`), since its
    number may be another point's by the time it is saved: the save goes to the point with
    those words, wherever it is now. Once no point has them (someone else changed or took it
    out), what was typed comes back to be saved as a new point (`as_new`), never over
    another point."""
    draft, document, point, refusal = _draft_point(project_id, questionnaire_id, number)
    if refusal:
        return refusal
    points = document["consent"]
    as_new = request.method == "POST" and request.form.get("as_new") == "1"
    was = request.form.get("was", "") if request.method == "POST" and not as_new else ""
    if was:
        found = consent.find(points, number, was)
        if found != number - 1 and not refused:
            raise Stale()      # shown again (keeps_typing) as it is now, where it is now
        as_new, number, point = (True, number, None) if found is None else (False, found + 1, points[found])
    if point is None and not as_new:
        return _gone(project_id, questionnaire_id, draft)
    form = ConsentPointForm(data={**{f"text_{code}": point["text"][code] if point else "" for code in LANGUAGES},
                                  "picture": (point or {}).get("picture") or ""})
    form.picture.choices = picture_choices(project_id)
    status = _status(refused, as_new)
    if not refused and request.method == "POST":
        check_based_on(draft)
        if not form.validate_on_submit():
            pass
        elif not valid_picture(project_id, form.picture.data):
            form.picture.errors.append(_("Choose a picture from the list."))
        elif as_new and len(points) >= consent.MOST_POINTS:
            flash(_full(), "error")
        else:
            if as_new:
                point = consent.new_point()
                points.append(point)
                number = len(points)
            point["text"] = texts_from(form, "text")
            point["picture"] = form.picture.data or None
            save(project_id, draft, document, "consent.add" if as_new else "consent.change", point=number)
            flash(_("The point is saved."), "success")
            return redirect(consent_url(project_id, questionnaire_id, number))
    return render_template(
        "prepare/consent_point.html", project=get_project(project_id), draft=draft, document=document,
        point=point, number=number, form=form, picture_url=picture_url, library=pictures.library(),
        categories=pictures.CATEGORIES, own_pictures=media.pictures(project_id),
        languages=LANGUAGES, was=consent.words_of(point) if point else "", as_new=as_new,
        recording_key=consent.recording_key), status


def _status(refused, as_new):
    """page_status, saying so when the point the person was changing is not there any more."""
    if refused and as_new:
        flash(str(POINT_GONE), "error")
        return 409
    return page_status(refused)


def _full():
    return _("The consent has %(most)d points, the most it can have. Keep it to the points that "
             "matter most.", most=consent.MOST_POINTS)


@bp.route("/points/<int:number>/<action>", methods=["POST"])
@allow("lead")
@refuses_buttons(points_url)
def change(project_id, questionnaire_id, number, action):
    draft, document, point, refusal = _draft_point(project_id, questionnaire_id, number)
    if refusal:
        return refusal
    if point is None:
        return _gone(project_id, questionnaire_id, draft)
    if action not in ("up", "down", "remove") or not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    points = document["consent"]
    here = number - 1
    if action == "remove":
        if request.form.get("confirmed") != "1":
            return _ask_before_taking_out(project_id, draft, number, point)
        points.pop(here)
        flash(_("The point is taken out."), "success")
    else:
        number = doc.move(points, here, action) + 1
    save(project_id, draft, document, f"consent.{action}", point=number)
    return redirect(consent_url(project_id, questionnaire_id, number if action != "remove" else None))


@bp.route("/suggested", methods=["POST"])
@allow("lead")
@refuses_buttons(points_url)
def suggested(project_id, questionnaire_id):
    """Start again from the points peersurvey suggests (asks first: it replaces them all)."""
    draft, document, _point, refusal = _draft_point(project_id, questionnaire_id, 0)
    if refusal:
        return refusal
    if not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    if request.form.get("confirmed") != "1":
        return _ask_first(project_id, draft, _("Use the points we suggest?"),
                          [_("Your consent points are replaced by the %(count)d points we suggest, in English "
                             "and Welsh, with their pictures.", count=len(consent.DEFAULT_POINTS)),
                           _("Your own words, pictures and recordings for the consent go.")],
                          url_for("consent.suggested", project_id=project_id, questionnaire_id=questionnaire_id),
                          _("Use the points we suggest"), _("Keep my points"))
    document["consent"] = consent.default_points()
    save(project_id, draft, document, "consent.suggested")
    flash(_("The consent has the points we suggest now. Change any of them to fit your research."), "success")
    return redirect(consent_url(project_id, questionnaire_id))


def _ask_before_taking_out(project_id, draft, number, point):
    """A point taken out takes its words, picture and recordings with it: ask first."""
    questionnaire_id = draft["questionnaire_id"]
    words = point["text"].get(current_language()) or point["text"].get("en") or _("(no words yet)")
    return _ask_first(project_id, draft, _("Take this point out?"),
                      [_("Point %(number)d: %(words)s", number=number, words=words),
                       _("Its words in English and Welsh, its picture and its recordings go with it.")],
                      url_for("consent.change", project_id=project_id, questionnaire_id=questionnaire_id,
                              number=number, action="remove"),
                      _("Take the point out"), _("Keep the point"), number)


def _ask_first(project_id, draft, title, points, action, do, keep, number=None):
    """The asking page (ask_first.html) for a change to the consent that cannot be undone; it
    carries the revision the button was pressed on, so a change made meanwhile is still caught."""
    ask = {"title": title, "points": points, "warning": _("You cannot undo this."), "action": action,
           "hidden": {"revision": request.form.get("revision", "")}, "do": do, "keep": keep,
           "keep_url": consent_url(project_id, draft["questionnaire_id"], number),
           "nav": "prepare/_questionnaire_nav.html"}
    return render_template("ask_first.html", ask=ask, project=get_project(project_id),
                           draft=draft, document=draft["document"])

"""The builder's consent points: add, change, move and take out the points a person hears
before they say yes, each with its words in every language, a picture and recordings
(prepare/consent.py). The consent page itself, with the sharing question, is
questionnaire_views.consent."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..forms import EmptyForm
from ..i18n import LANGUAGES, current_language, switch_comes_back_to
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
    """One point's words and picture. The page sends the point's fingerprint (`was`): its
    number may be another point's by the time it is saved, so the save goes to the point it
    names, wherever that stands now. Once no point has those words (someone else changed or
    took it out), what was typed comes back as a new point (new_point), never written over
    another."""
    draft, document, point, refusal = _draft_point(project_id, questionnaire_id, number)
    if refusal:
        return refusal
    points = document["consent"]
    was = request.form.get("was", "") if request.method == "POST" else ""
    if was:
        found = consent.find(points, was)
        if found != number - 1 and not refused:
            raise Stale()      # shown again (keeps_typing) as the draft is now
        if found is None:
            flash(str(POINT_GONE), "error")
            return _page(project_id, draft, document, None, _form(project_id, None), 409)
        number, point = found + 1, points[found]
    if point is None:
        return _gone(project_id, questionnaire_id, draft)
    form = _form(project_id, point)
    if refused:
        return _page(project_id, draft, document, number, form, page_status(refused))
    if request.method == "POST" and _typed_ok(project_id, draft, form):
        point["text"] = texts_from(form, "text")
        point["picture"] = form.picture.data or None
        save(project_id, draft, document, "consent.change", point=number)
        flash(_("The point is saved."), "success")
        return redirect(consent_url(project_id, questionnaire_id, number))
    return _page(project_id, draft, document, number, form, 200)


@bp.route("/points/new/words", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def new_point(project_id, questionnaire_id, refused=False):
    """A new point, added with its words when saved: where typed words come back to when the
    point they were for is not there any more (point)."""
    draft, document, _point, refusal = _draft_point(project_id, questionnaire_id, 0)
    if refusal:
        return refusal
    points, form = document["consent"], _form(project_id, None)
    if refused:
        same = _same_words(points, form)      # saved already: pressed twice, or sent again
        if same is not None:
            flash(_("The point is saved."), "success")
            return redirect(consent_url(project_id, questionnaire_id, same + 1))
        return _page(project_id, draft, document, None, form, page_status(refused))
    if request.method == "POST" and _typed_ok(project_id, draft, form):
        if len(points) >= consent.MOST_POINTS:
            flash(_full(), "error")
        else:
            points.append(consent.new_point(texts_from(form, "text"), form.picture.data or None))
            save(project_id, draft, document, "consent.add", point=len(points))
            flash(_("The point is saved."), "success")
            return redirect(consent_url(project_id, questionnaire_id, len(points)))
    return _page(project_id, draft, document, None, form, 200)


def _form(project_id, point):
    """The point's form, with what was sent if anything was; point None: a new point."""
    form = ConsentPointForm(data={**{f"text_{code}": point["text"][code] if point else "" for code in LANGUAGES},
                                  "picture": (point or {}).get("picture") or ""})
    form.picture.choices = picture_choices(project_id)
    return form


def _typed_ok(project_id, draft, form):
    check_based_on(draft)
    if not form.validate_on_submit():
        return False
    if not valid_picture(project_id, form.picture.data):
        form.picture.errors.append(_("Choose a picture from the list."))
        return False
    return True


def _same_words(points, form):
    typed = (texts_from(form, "text"), form.picture.data or None)
    return next((at for at, point in enumerate(points) if (point["text"], point["picture"]) == typed), None)


def _page(project_id, draft, document, number, form, status):
    """The point page (number None: a new point), sent to its own address, which is also
    where the language switch comes back to: a page shown again after a refused save is at
    the address it was sent to, which may be another point's now."""
    questionnaire_id = draft["questionnaire_id"]
    points = document["consent"]
    point = points[number - 1] if number else None
    here = url_for("consent.point", project_id=project_id, questionnaire_id=questionnaire_id, number=number) \
        if number else url_for("consent.new_point", project_id=project_id, questionnaire_id=questionnaire_id)
    switch_comes_back_to(here)
    return render_template(
        "prepare/consent_point.html", project=get_project(project_id), draft=draft, document=document,
        point=point, number=number, form=form, picture_url=picture_url, library=pictures.library(),
        categories=pictures.CATEGORIES, own_pictures=media.pictures(project_id), languages=LANGUAGES,
        here=here, was=consent.fingerprint(points, number - 1) if number else "",
        recording_key=consent.recording_key(points, number - 1) if number else ""), status


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

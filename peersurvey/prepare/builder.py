"""Shared by the builder's views: find the questionnaire in the URL, the draft to edit, and
save it only if nobody changed it since the page the person worked on was made.

Every builder form carries the draft's revision as a hidden field (`revision`). A save
made from an older revision is refused: a typed form comes back with what was typed kept
and the draft as it is now (409); a button (move, take out, publish) changes nothing and
shows the questionnaire as it is now.
"""
import functools

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..db import get_db, writing
from ..faults import crash_point
from ..forms import row_id
from ..projects.queries import get_project  # noqa: F401  (re-exported for views)
from . import document as doc
from . import questionnaires
from .questionnaires import NotDraft, Stale

STALE_TYPED = _l("Someone else changed this questionnaire while you were working. What you typed is "
                 "still here: check it and save again.")
STALE_BUTTON = _l("Someone else changed this questionnaire while you were working, so nothing was "
                  "changed. This is how it is now: check it and try again.")
TAKEN_OUT = _l("Someone else took this out of the questionnaire while you were working, so your change "
               "could not be saved. This is how the questionnaire is now.")


def load(project_id, questionnaire_id):
    """(questionnaire row, newest version) or 404."""
    questionnaire = questionnaires.get(project_id, questionnaire_id) or abort(404)
    return questionnaire, questionnaires.latest(questionnaire_id)


def published_refusal(project_id, questionnaire_id):
    flash(_("This version is published, so it cannot change. Press ‘Make changes’ to start "
            "a new version."), "info")
    return overview(project_id, questionnaire_id)


def draft_or_redirect(project_id, questionnaire_id):
    """The draft to change, or a redirect to the overview when the newest version is published."""
    load(project_id, questionnaire_id)
    draft = questionnaires.draft(questionnaire_id)
    if draft is None:
        return None, published_refusal(project_id, questionnaire_id)
    return draft, None


def based_on():
    """The revision of the draft the sent page was made from, or None if it did not say."""
    return request.form.get("revision", type=row_id)


def is_stale(draft):
    """True if this request was sent from a page made from another revision of the draft."""
    return request.method == "POST" and based_on() != draft["revision"]


def check_based_on(draft):
    if is_stale(draft):
        raise Stale()


def save(project_id, draft, document, action, **detail):
    """Check and save the draft's document, and record who changed what, in one write.
    Stale if the request was sent from an older revision than `draft`'s, or if someone
    saved after `draft` was read; NotDraft if it was published meanwhile."""
    check_based_on(draft)
    with writing(get_db()):
        questionnaires.save_draft(draft, document)
        audit.record(action, person_id=g.person["id"], project_id=project_id,
                     questionnaire=draft["questionnaire_id"], version=draft["number"],
                     name=document["title"], **detail)
        crash_point("builder.before_commit")
    crash_point("builder.after_commit")


def keeps_typing(view):
    """For a page with a typed form: when its save is refused (someone else saved first, or
    published), the view runs again with refused=True, which shows the draft as it is now
    with what the person typed kept and says why (or, once published, goes to the overview)."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except (Stale, NotDraft):
            return view(*args, refused=True, **kwargs)
    return guarded


def page_status(refused):
    """The status of a typed form's page: 409 Conflict, with the message, when it is shown
    again after a refused save; else 200."""
    if refused:
        flash(str(STALE_TYPED), "error")
        return 409
    return 200


def refuses_buttons(where):
    """For a button with nothing typed (move, take out, add, publish): a press sent from an
    older revision changes nothing; the person sees where(**view args) as it is now, with
    the message. A version published meanwhile goes to the overview."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except Stale:
                flash(str(STALE_BUTTON), "error")
                return redirect(where(**kwargs))
            except NotDraft:
                return published_refusal(kwargs["project_id"], kwargs["questionnaire_id"])
        return guarded
    return decorate


def overview(project_id, questionnaire_id, anchor=None):
    return redirect(url_for("questionnaires.show", project_id=project_id,
                            questionnaire_id=questionnaire_id, _anchor=anchor))


def overview_url(project_id, questionnaire_id, **_rest):
    return url_for("questionnaires.show", project_id=project_id, questionnaire_id=questionnaire_id)


def texts_from(form, prefix):
    return {code: getattr(form, f"{prefix}_{code}").data or "" for code in doc.LANGUAGES}

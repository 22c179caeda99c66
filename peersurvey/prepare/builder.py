"""Shared by the builder's views: find the questionnaire in the URL, and the draft to edit."""
from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from .. import audit
from ..db import get_db
from . import document as doc
from . import questionnaires
from .queries import get_project  # noqa: F401  (re-exported for views)


def load(project_id, questionnaire_id):
    """(questionnaire row, newest version) or 404."""
    questionnaire = questionnaires.get(project_id, questionnaire_id) or abort(404)
    return questionnaire, questionnaires.latest(questionnaire_id)


def draft_or_redirect(project_id, questionnaire_id):
    """The draft to change, or a redirect to the overview when the newest version is published."""
    load(project_id, questionnaire_id)
    draft = questionnaires.draft(questionnaire_id)
    if draft is None:
        flash(_("This version is published, so it cannot change. Press ‘Make changes’ to start "
                "a new version."), "info")
        return None, redirect(url_for("questionnaires.show", project_id=project_id,
                                      questionnaire_id=questionnaire_id))
    return draft, None


def save(project_id, draft, document, action, **detail):
    """Check and save the draft's document, and record who changed what."""
    with get_db().atomic():
        questionnaires.save_draft(draft, document)
        audit.record(action, person_id=g.person["id"], project_id=project_id,
                     questionnaire=draft["questionnaire_id"], version=draft["number"],
                     name=document["title"].get("en") or document["title"].get("cy"), **detail)


def overview(project_id, questionnaire_id, anchor=None):
    return redirect(url_for("questionnaires.show", project_id=project_id,
                            questionnaire_id=questionnaire_id, _anchor=anchor))


def texts_from(form, prefix):
    return {code: getattr(form, f"{prefix}_{code}").data or "" for code in doc.LANGUAGES}

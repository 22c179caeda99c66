"""The builder's questionnaire pages: the list, a new one, its overview with the
easy-read check, title and consent, publishing and new versions, preview, export."""
import json

from flask import Blueprint, Response, abort, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..access import allow
from ..forms import EmptyForm
from ..i18n import current_language
from ..questions import BY_NAME, QUESTION_KINDS, answer_keys, kind_of
from . import document as doc
from . import consent as consent_points
from . import easyread, questionnaires, transfer, words
from .builder import (
    check_based_on,
    draft_or_redirect,
    get_project,
    keeps_typing,
    load,
    overview,
    overview_url,
    page_status,
    refuses_buttons,
    save,
    texts_from,
)
from .picture_urls import picture_url
from .questionnaire_forms import ConsentForm, ImportForm, KindForm, TitleForm

bp = Blueprint("questionnaires", __name__,
               url_prefix="/projects/<int:project_id>/questionnaires")


@bp.route("/")
@allow("lead")
def index(project_id):
    return render_template("prepare/questionnaires.html", project=get_project(project_id),
                           questionnaires=questionnaires.for_project(project_id))


@bp.route("/new", methods=["GET", "POST"])
@allow("lead")
def new(project_id):
    form = TitleForm()
    if form.validate_on_submit():
        title = texts_from(form, "title")
        questionnaire_id = questionnaires.create_and_record(project_id, title, g.person["id"])
        flash(_("Your questionnaire is made. Now add the questions."), "success")
        return overview(project_id, questionnaire_id)
    return render_template("prepare/questionnaire_new.html", project=get_project(project_id), form=form)


@bp.route("/<int:questionnaire_id>")
@allow("lead")
def show(project_id, questionnaire_id):
    questionnaire, version = load(project_id, questionnaire_id)
    document = version["document"]
    findings = easyread.check(document, words.for_project(project_id))
    return render_template(
        "prepare/questionnaire.html", project=get_project(project_id), questionnaire=questionnaire,
        version=version, document=document, findings=findings,
        versions=questionnaires.versions(questionnaire_id), kinds=BY_NAME, kind_of=kind_of,
        kind_form=KindForm(), button_form=EmptyForm(), picture_url=picture_url,
        answer_words=lambda q: dict(answer_keys(q)), headings=doc.HEADINGS, full=doc.full(document),
        finding_url=lambda f: finding_url(project_id, questionnaire_id, f))


def words_in(words):
    """Option words are {language: text}; built-in answers are translatable messages."""
    return words.get(current_language(), "") if isinstance(words, dict) else str(words)


def finding_url(project_id, questionnaire_id, finding):
    """Where to go to fix an easy-read finding."""
    anchor = f"{finding.field}_{finding.language}" if finding.language else finding.field
    if finding.question is None:
        endpoint = "questionnaires.title" if finding.field == "title" else "questionnaires.consent"
        return url_for(endpoint, project_id=project_id, questionnaire_id=questionnaire_id, _anchor=anchor)
    if finding.option:
        return url_for("questions.option", project_id=project_id, questionnaire_id=questionnaire_id,
                       key=finding.question, option_key=finding.option, _anchor=anchor)
    return url_for("questions.edit", project_id=project_id, questionnaire_id=questionnaire_id,
                   key=finding.question, _anchor=anchor)


@bp.route("/<int:questionnaire_id>/title", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def title(project_id, questionnaire_id, refused=False):
    return _edit_texts(project_id, questionnaire_id, "title", TitleForm, _l("The title is saved."),
                       refused=refused)


@bp.route("/<int:questionnaire_id>/consent", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def consent(project_id, questionnaire_id, refused=False):
    """The consent page, and the optional question after it: may we use their words on posters?"""
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return refusal
    document = doc.copy_of(draft["document"])
    share = document.get("share_consent")
    # Not asked yet: offer the suggested words, so ticking the box is all it takes.
    share_words = share if share is not None else doc.in_every_language(doc.DEFAULT_SHARE_CONSENT)
    form = ConsentForm(data={**{f"share_consent_{code}": text for code, text in share_words.items()},
                             "share_ask": share is not None})
    status = page_status(refused)
    if not refused and request.method == "POST":
        check_based_on(draft)
        if form.validate_on_submit():
            document["share_consent"] = texts_from(form, "share_consent") if form.share_ask.data else None
            save(project_id, draft, document, "questionnaire.consent")
            flash(_("The question about sharing their words is saved."), "success")
            return overview(project_id, questionnaire_id)
    return render_template("prepare/questionnaire_consent.html", project=get_project(project_id),
                           document=document, draft=draft, form=form, points=consent_points.points(document),
                           suggested=[(doc.in_every_language(text), picture)
                                      for text, picture in consent_points.DEFAULT_POINTS],
                           picture_url=picture_url, button_form=EmptyForm(),
                           default_share=doc.in_every_language(doc.DEFAULT_SHARE_CONSENT)), status


def _edit_texts(project_id, questionnaire_id, part, form_class, saved, refused=False, **context):
    """Edit one of the questionnaire's own texts in every language."""
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return refusal
    document = doc.copy_of(draft["document"])
    form = form_class(data={f"{part}_{code}": text for code, text in document[part].items()})
    status = page_status(refused)
    if not refused and request.method == "POST":
        check_based_on(draft)
        if form.validate_on_submit():
            document[part] = texts_from(form, part)
            save(project_id, draft, document, f"questionnaire.{part}")
            flash(str(saved), "success")
            return overview(project_id, questionnaire_id)
    return render_template(f"prepare/questionnaire_{part}.html", project=get_project(project_id),
                           document=document, draft=draft, form=form, **context), status


@bp.route("/<int:questionnaire_id>/publish", methods=["POST"])
@allow("lead")
@refuses_buttons(overview_url)
def publish(project_id, questionnaire_id):
    """Publish what the person saw: the draft at the revision their page was made from."""
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return refusal
    if not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    try:
        published = questionnaires.publish_and_record(project_id, draft, g.person["id"])
    except questionnaires.NoQuestions:
        flash(_("Add at least one question before you publish."), "error")
        return overview(project_id, questionnaire_id)
    except questionnaires.Unfinished as unfinished:
        for problem in unfinished.problems:
            flash(str(problem), "error")
        return overview(project_id, questionnaire_id)
    flash(_("Version %(number)d is published. Tablets can use it now. It will not change.",
            number=published["number"]), "success")
    return overview(project_id, questionnaire_id)


@bp.route("/<int:questionnaire_id>/new-version", methods=["POST"])
@allow("lead")
def new_version(project_id, questionnaire_id):
    load(project_id, questionnaire_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    draft, made = questionnaires.start_draft_and_record(project_id, questionnaire_id, g.person["id"])
    if made:
        flash(_("You are now changing version %(number)d. The published version stays as it was.",
                number=draft["number"]), "success")
    else:
        # Someone pressed 'Make changes' first (perhaps a moment ago, on another screen).
        flash(_("Version %(number)d is already being written. You can change it here.",
                number=draft["number"]), "info")
    return overview(project_id, questionnaire_id)


@bp.route("/<int:questionnaire_id>/versions/<int:number>/preview/", defaults={"page": 0})
@bp.route("/<int:questionnaire_id>/versions/<int:number>/preview/<int:page>")
@allow("lead")
def preview(project_id, questionnaire_id, number, page):
    load(project_id, questionnaire_id)
    version = questionnaires.version(questionnaire_id, number) or abort(404)
    questions = version["document"]["questions"]
    if page > len(questions):
        abort(404)
    question = questions[page - 1] if page else None
    condition = (question or {}).get("condition")
    target = doc.question(version["document"], condition["question"]) if condition else None
    return render_template(
        "prepare/preview.html", project=get_project(project_id), version=version,
        document=version["document"], consent_points=consent_points.points(version["document"]), question=question, page=page, pages=len(questions),
        kind=kind_of(question) if question else None, picture_url=picture_url,
        condition_question=target,
        condition_answers=[words_in(dict(answer_keys(target))[key]) for key in condition["options"]]
        if condition else [],
        answer_words=lambda q: dict(answer_keys(q)), kinds=QUESTION_KINDS)


@bp.route("/<int:questionnaire_id>/versions/<int:number>/export.json")
@allow("lead")
def export(project_id, questionnaire_id, number):
    load(project_id, questionnaire_id)
    version = questionnaires.version(questionnaire_id, number) or abort(404)
    body = json.dumps(transfer.export_file(project_id, version["document"]), ensure_ascii=False, indent=2)
    filename = f"questionnaire-{questionnaire_id}-v{number}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/import", methods=["GET", "POST"])
@allow("lead")
def import_questionnaire(project_id):
    form = ImportForm()
    outcome = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        raw = upload.read() if upload else b""
        if not raw:
            form.file.errors.append(_("This file is empty. Choose the file again: if it is still "
                                      "empty, save it again from where you made it.") if upload and upload.filename
                                    else _("Choose a file to import."))
        else:
            outcome = transfer.import_file(project_id, upload.filename, raw, g.person["id"])
            if outcome.questionnaire_id:
                audit.record("questionnaire.import", person_id=g.person["id"], project_id=project_id,
                             questionnaire=outcome.questionnaire_id, name=upload.filename or "")
    return render_template("prepare/questionnaire_import.html", project=get_project(project_id),
                           form=form, outcome=outcome)

"""The builder's question pages: add, change, move and take out questions and their
answers (options). Every change is made to the draft and checked before it is saved."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..access import allow
from ..forms import EmptyForm
from ..i18n import LANGUAGES, current_language
from ..questions import answer_keys, kind_of
from . import document as doc
from . import consent, media, pictures, questionnaires
from .builder import (
    TAKEN_OUT,
    check_based_on,
    draft_or_redirect,
    get_project,
    is_stale,
    keeps_typing,
    overview,
    overview_url,
    page_status,
    refuses_buttons,
    save,
    texts_from,
)
from .picture_urls import picture_url
from .questionnaire_forms import KindForm, OptionForm, QuestionForm
from .questionnaires import Stale

# A recording's target is a question's key, or a consent point's consent.recording_key (keys
# never hold a colon, so the two cannot be confused).

bp = Blueprint("questions", __name__,
               url_prefix="/projects/<int:project_id>/questionnaires/<int:questionnaire_id>/questions")


def question_url(project_id, questionnaire_id, key, **_rest):
    """The question's page after a refused button, or the overview if it was taken out."""
    draft = questionnaires.draft(questionnaire_id)
    if draft and doc.question(draft["document"], key):
        return url_for("questions.edit", project_id=project_id, questionnaire_id=questionnaire_id,
                       key=key, _anchor="options")
    return overview_url(project_id, questionnaire_id)


@bp.route("/new", methods=["POST"])
@allow("lead")
@refuses_buttons(overview_url)
def add(project_id, questionnaire_id):
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return refusal
    form = KindForm()
    check_based_on(draft)
    if not form.validate_on_submit():
        flash(form.kind.errors[0] if form.kind.errors else _("Choose what kind of question to add."), "error")
        return overview(project_id, questionnaire_id, "add-question")
    document = doc.copy_of(draft["document"])
    if doc.full(document):
        flash(str(doc.full(document)), "error")
        return overview(project_id, questionnaire_id)     # a page from before: said at the top
    key = doc.unique_key(form.kind.data, {q["key"] for q in document["questions"]})
    document["questions"].append(doc.new_question(form.kind.data, key))
    save(project_id, draft, document, "question.add", key=key)
    return redirect(url_for("questions.edit", project_id=project_id,
                            questionnaire_id=questionnaire_id, key=key))


def _draft_question(project_id, questionnaire_id, key):
    draft, refusal = draft_or_redirect(project_id, questionnaire_id)
    if refusal:
        return None, None, None, refusal
    document = doc.copy_of(draft["document"])
    question = doc.question(document, key)
    if question is None:
        return None, None, None, _gone(project_id, questionnaire_id, draft)
    return draft, document, question, None


def _gone(project_id, questionnaire_id, draft):
    """A question or answer that is not in the draft: taken out by someone else since the
    page was made (say so, and show the questionnaire), or never there (404)."""
    if not is_stale(draft):
        abort(404)
    flash(str(TAKEN_OUT), "error")
    return overview(project_id, questionnaire_id, "questions")


def picture_choices(project_id):
    """Every picture a lead can choose: the project's own uploads, then the library."""
    own = [(p["id"], p["words"].get("en", "")) for p in media.pictures(project_id)]
    return [("", "")] + own + [(p["id"], p["words"]["en"][0]) for p in pictures.library()]


def valid_picture(project_id, value):
    return value in ("", None) or pictures.get(value) is not None or media.get(project_id, value) is not None


@bp.route("/<key>", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def edit(project_id, questionnaire_id, key, refused=False):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    earlier = document["questions"][:doc.position(document, key)]
    form = QuestionForm.for_kind(kind_of(question))(data=_form_data(question))
    form.picture.choices = picture_choices(project_id)
    form.condition.choices = [(f"{q['key']}:{a}", "") for q in earlier for a, _w in answer_keys(q)]
    status = page_status(refused)
    if not refused and request.method == "POST":
        check_based_on(draft)
        if form.validate_on_submit() and _apply_question(project_id, form, question, earlier):
            try:
                save(project_id, draft, document, "question.change", key=key)
            except doc.DocumentError as error:
                form.text_en.errors.extend(str(p) for p in error.problems)
            else:
                flash(_("The question is saved."), "success")
                return overview(project_id, questionnaire_id, f"question-{key}")
    return render_template(
        "prepare/question.html", project=get_project(project_id), draft=draft, document=document,
        question=question, kind=kind_of(question), form=form, earlier=earlier,
        answer_keys=answer_keys, picture_url=picture_url, library=pictures.library(),
        categories=pictures.CATEGORIES, own_pictures=media.pictures(project_id),
        button_form=EmptyForm(), languages=LANGUAGES), status


def _form_data(question):
    data = {f"{field}_{code}": question[field][code] for field in ("text", "note") for code in LANGUAGES}
    condition = question.get("condition")
    data.update(picture=question.get("picture") or "", heading=question.get("heading") or "",
                condition=[f"{condition['question']}:{a}" for a in condition["options"]] if condition else [],
                **kind_of(question).editor_data(question))
    return data


def _apply_question(project_id, form, question, earlier):
    """Copy the form into the question; False (with errors on the form) if it cannot be."""
    if not valid_picture(project_id, form.picture.data):
        form.picture.errors.append(_("Choose a picture from the list."))
        return False
    condition = _condition_from(form.condition.data, earlier)
    if condition is False:
        form.condition.errors.append(_("Choose answers from one earlier question only."))
        return False
    question["text"] = texts_from(form, "text")
    question["note"] = texts_from(form, "note")
    question["picture"] = form.picture.data or None
    question["heading"] = form.heading.data or None
    question["condition"] = condition
    problems = kind_of(question).from_editor(question, form)
    for name, problem in problems:
        form[name].errors.append(str(problem))
    return not problems


def _condition_from(values, earlier):
    if not values:
        return None
    pairs = [value.split(":", 1) for value in values if ":" in value]
    targets = {q for q, _a in pairs}
    if len(targets) != 1 or len(pairs) != len(values):
        return False
    target = next(iter(targets))
    condition = {"question": target, "options": [a for _q, a in pairs]}
    problems = list(doc.condition_problems(condition, {q["key"]: q for q in earlier}))
    return False if problems else condition


@bp.route("/<key>/move/<direction>", methods=["POST"])
@allow("lead")
@refuses_buttons(overview_url)
def move(project_id, questionnaire_id, key, direction):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    if direction not in ("up", "down") or not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    questions = document["questions"]
    here = doc.position(document, key)
    if doc.move(questions, here, direction) != here:
        try:
            save(project_id, draft, document, "question.move", key=key)
        except doc.DocumentError:
            flash(_("This question cannot move there, because a question's condition must look "
                    "at an earlier question. Change the condition first."), "error")
    return overview(project_id, questionnaire_id, f"question-{key}")


@bp.route("/<key>/remove", methods=["POST"])
@allow("lead")
@refuses_buttons(overview_url)
def remove(project_id, questionnaire_id, key):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    if not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    if doc.dependants(document, key):
        flash(_("Another question is only shown after this one is answered. Change that "
                "question's condition first, then take this one out."), "error")
        return overview(project_id, questionnaire_id, f"question-{key}")
    if request.form.get("confirmed") != "1":
        return _ask_before_taking_out(project_id, draft, key, question)
    document["questions"].remove(question)
    save(project_id, draft, document, "question.remove", key=key)
    flash(_("The question is taken out."), "success")
    return overview(project_id, questionnaire_id, "questions")


def _ask_before_taking_out(project_id, draft, key, question):
    """A question taken out takes its words in both languages, its picture and its
    recordings with it, so the builder asks first (an undo would have to bring all of that
    back exactly, while someone else may be changing the draft). The asking page carries
    the revision the Take out button was pressed on, so a change made meanwhile is still
    caught when the lead says yes."""
    questionnaire_id = draft["questionnaire_id"]
    words = question["text"].get(current_language()) or question["text"].get("en") or _("(no words yet)")
    back = url_for("questionnaires.show", project_id=project_id, questionnaire_id=questionnaire_id,
                   _anchor=f"question-{key}")
    ask = {"title": _("Take this question out?"),
           "points": [_("The question: %(words)s", words=words),
                      _("Its words in English and Welsh, its picture and its recordings go with it.")],
           "warning": _("You cannot undo this."),
           "action": url_for("questions.remove", project_id=project_id, questionnaire_id=questionnaire_id, key=key),
           "hidden": {"revision": request.form.get("revision", "")},
           "do": _("Take the question out"), "keep": _("Keep the question"), "keep_url": back,
           "nav": "prepare/_questionnaire_nav.html"}
    return render_template("ask_first.html", ask=ask, project=get_project(project_id),
                           draft=draft, document=draft["document"])


# Options ---------------------------------------------------------------------------

@bp.route("/<key>/options/new", methods=["POST"])
@allow("lead")
@refuses_buttons(question_url)
def add_option(project_id, questionnaire_id, key):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    if not kind_of(question).HAS_OPTIONS or not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    option_key = doc.unique_key("answer", {o["key"] for o in question["options"]})
    option = doc.new_option(option_key)
    if kind_of(question).OPTION_PROMPTS:
        option["prompt"] = doc.texts()
    question["options"].append(option)
    save(project_id, draft, document, "option.add", key=key, option=option_key)
    return redirect(url_for("questions.option", project_id=project_id,
                            questionnaire_id=questionnaire_id, key=key, option_key=option_key))


def _option(question, option_key):
    return next((o for o in question.get("options", []) if o["key"] == option_key), None)


@bp.route("/<key>/options/<option_key>", methods=["GET", "POST"])
@allow("lead")
@keeps_typing
def option(project_id, questionnaire_id, key, option_key, refused=False):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    option = _option(question, option_key)
    if option is None:
        return _gone(project_id, questionnaire_id, draft)
    data = {f"{f}_{c}": option.get(f, {}).get(c, "") for f in ("text", "prompt") for c in LANGUAGES}
    form = OptionForm(data={**data, "picture": option.get("picture") or ""})
    form.picture.choices = picture_choices(project_id)
    status = page_status(refused)
    if not refused and request.method == "POST":
        check_based_on(draft)
        if not form.validate_on_submit():
            pass
        elif not valid_picture(project_id, form.picture.data):
            form.picture.errors.append(_("Choose a picture from the list."))
        else:
            option["text"] = texts_from(form, "text")
            option["picture"] = form.picture.data or None
            if kind_of(question).OPTION_PROMPTS:
                option["prompt"] = texts_from(form, "prompt")
            save(project_id, draft, document, "option.change", key=key, option=option_key)
            flash(_("The answer is saved."), "success")
            return redirect(url_for("questions.edit", project_id=project_id,
                                    questionnaire_id=questionnaire_id, key=key, _anchor="options"))
    return render_template(
        "prepare/option.html", project=get_project(project_id), draft=draft, document=document,
        question=question, kind=kind_of(question), option=option, form=form, picture_url=picture_url,
        library=pictures.library(), categories=pictures.CATEGORIES,
        own_pictures=media.pictures(project_id), button_form=EmptyForm(), languages=LANGUAGES), status


@bp.route("/<key>/options/<option_key>/<action>", methods=["POST"])
@allow("lead")
@refuses_buttons(question_url)
def change_option(project_id, questionnaire_id, key, option_key, action):
    draft, document, question, refusal = _draft_question(project_id, questionnaire_id, key)
    if refusal:
        return refusal
    option = _option(question, option_key)
    if option is None:
        if is_stale(draft):
            raise Stale()     # taken out by someone else: the question as it is now
        abort(404)
    if action not in ("up", "down", "remove") or not EmptyForm().validate_on_submit():
        abort(400)
    check_based_on(draft)
    options = question["options"]
    here = options.index(option)
    if action == "remove":
        if any(option_key in (q.get("condition") or {}).get("options", []) for q in doc.dependants(document, key)):
            flash(_("Another question is only shown when this answer is chosen. Change that "
                    "question's condition first, then take this answer out."), "error")
            return redirect(url_for("questions.edit", project_id=project_id,
                                    questionnaire_id=questionnaire_id, key=key, _anchor="options"))
        options.remove(option)
    else:
        doc.move(options, here, action)
    save(project_id, draft, document, f"option.{action}", key=key, option=option_key)
    return redirect(url_for("questions.edit", project_id=project_id,
                            questionnaire_id=questionnaire_id, key=key, _anchor="options"))


def voice_target(document, key, option_key):
    """The question, option or consent point (consent.recording_key) a recording belongs to,
    or None. A consent held as paragraphs becomes points first (prepare/consent.py)."""
    if key.startswith(consent.KEY) and not option_key:
        points = consent.set_points(document)
        at = consent.at_key(points, key)
        return None if at is None else points[at]
    question = doc.question(document, key)
    if question is None or not option_key:
        return question
    return _option(question, option_key)


def back_to(project_id, questionnaire_id, key, option_key):
    if key.startswith(consent.KEY):     # media_views gives the point's key as it stands now
        return url_for("consent.point", project_id=project_id, questionnaire_id=questionnaire_id,
                       number=consent.number_in(key), _anchor="voices")
    if option_key:
        return url_for("questions.option", project_id=project_id, questionnaire_id=questionnaire_id,
                       key=key, option_key=option_key, _anchor="voices")
    return url_for("questions.edit", project_id=project_id, questionnaire_id=questionnaire_id,
                   key=key, _anchor="voices")


def wants_json():
    return request.accept_mimetypes.best == "application/json"

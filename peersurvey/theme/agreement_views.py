"""The agreement page: how far people who coded on their own agree, in numbers and words,
and the answers they disagree on, which the group can then settle together."""
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..forms import EmptyForm
from ..people.queries import names_of
from ..prepare import questionnaires
from ..projects.queries import get_project
from . import agreement, display, sessions, themes
from .queries import own_codings
from .session_views import _chosen_questionnaire

bp = Blueprint("agreement", __name__, url_prefix="/projects/<int:project_id>/coding/agreement")

# Landis and Koch's bands (poor, slight, fair, moderate, substantial, almost perfect), in
# plain words: each is the highest value it covers.
BANDS = ((0.0, _l("They hardly agree at all.")), (0.2, _l("They agree a little.")),
         (0.4, _l("They agree a fair amount.")), (0.6, _l("They agree quite well.")),
         (0.8, _l("They agree well.")), (1.01, _l("They agree very well.")))


def in_words(value):
    if value is None:
        return _l("There is not enough to compare yet.")
    return next(words for limit, words in BANDS if value <= limit)


@bp.route("/")
@allow("coder")
def page(project_id):
    available, chosen = _chosen_questionnaire(project_id)
    codings = own_codings(project_id, chosen["id"]) if chosen else {}
    names = names_of(codings)
    result = agreement.compare(codings) if len(codings) >= 2 else None
    theme_list = themes.active(project_id)
    theme_words = {t["id"]: display.text_in(t["words"]) for t in theme_list}
    disagreements = _disagreements(project_id, codings, result.disagreements, theme_words) if result else []
    return render_template(
        "theme/agreement.html", project=get_project(project_id), questionnaires=available, chosen=chosen,
        title_of=display.title_of, codings=codings,
        names=names, result=result, in_words=in_words, themes=theme_list, words_of=display.text_in,
        theme_words=theme_words,
        disagreements=disagreements, form=EmptyForm())


def _disagreements(project_id, codings, answer_ids, theme_words, limit=200):
    shown = answer_ids[:limit]
    views = display.answer_views(project_id, shown)
    return [{"id": answer_id, "question": views[answer_id]["question"], "words": display.plain_words(views[answer_id]),
             "by_coder": {c: [theme_words.get(t, "") for t in sorted(codings[c].get(answer_id, ()))] for c in codings}}
            for answer_id in shown if answer_id in views]


@bp.route("/settle", methods=["POST"])
@allow("coder")
def settle(project_id):
    """Start a group session over the answers the coders disagree on."""
    questionnaire_id = request.form.get("questionnaire", type=int)
    if not EmptyForm().validate_on_submit() or \
            questionnaire_id not in {q["id"] for q in questionnaires.published(project_id)}:
        abort(400)
    codings = own_codings(project_id, questionnaire_id)
    if len(codings) < 2:
        return redirect(url_for(".page", project_id=project_id, questionnaire=questionnaire_id))
    answers = agreement.compare(codings).disagreements
    questions = [q["key"] for q in questionnaires.questions_of(questionnaire_id)]
    session_id = sessions.start(project_id, questionnaire_id, g.person["id"], "group",
                                {"questions": questions, "heading": "", "site": "", "uncoded": False,
                                 "answers": answers})
    return redirect(url_for("coding.screen", project_id=project_id, session_id=session_id))

"""The page where someone types what a person said, or puts the typed words right: a lead
from "read an interview", anyone coding from the coding screen (theme/typing_views.py). One
answer, one part of it, one big box: Save or Cancel. Every version is kept
(answer_versions.py); the page lists the earlier ones."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..forms import BaseForm, ParagraphsField, plain_text
from ..i18n import text_in
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from ..questions import kind_of
from . import answer_versions
from .read_views import bp

PART_GONE = _l("That part of the answer is not here. Go back and choose the words again.")
SAVED = _l("The words are saved. The words before are kept.")
UNCHANGED = _l("Nothing was changed: these are the words that were there.")


class WordsForm(BaseForm):
    words = ParagraphsField(_l("Type what they said"), validators=[plain_text()])
    # The words as they were when the page was opened: if someone saves others meanwhile,
    # these are not written over them unseen.
    before = ParagraphsField()


def words_page(project_id, answer_id, part, why_if_words, back, nav):
    """GET: the page; POST: keep the words and go `back`. why_if_words: "corrected" (a lead)
    or "typed_up" (coding); words typed where there were none are always "typed_up"."""
    found = answer_versions.answer(answer_id, project_id)
    if found is None:
        abort(404)
    parts = answer_versions.parts(found)
    if part not in parts:
        flash(answer_versions.NOT_WORDS if not parts else PART_GONE, "error")
        return redirect(back)
    form = WordsForm()
    if request.method in ("GET", "HEAD"):
        form.words.data = form.before.data = parts[part]
    elif form.validate_on_submit():
        why = why_if_words if parts[part].strip() else "typed_up"
        try:
            changed = answer_versions.change_words(answer_id, part, form.words.data, g.person["id"], why,
                                                   expected=form.before.data, project_id=project_id)
        except answer_versions.Refused as refused:
            form.words.errors.append(str(refused))
            if isinstance(refused, answer_versions.ChangedMeanwhile):
                found = answer_versions.answer(answer_id, project_id)
                parts = answer_versions.parts(found)
                form.before.data = parts.get(part, "")
        else:
            flash(SAVED if changed else UNCHANGED, "success" if changed else "info")
            return redirect(back)
    return render_template("collect/answer_words.html", form=form, project=get_project(project_id),
                           back=back, nav=nav, now=parts[part], **_about(found, part)), \
        400 if form.errors else 200


def _about(found, part):
    """The question asked (and for a part, the picture chosen), in the interview's language,
    and every version of these words."""
    question = found["question"]
    with force_locale(found["language"]):
        chosen = next((c for c in kind_of(question).shown(question, found["value"])["chosen"]
                       if part and c.get("key") == part), None)
        asked = text_in(question.get("text"))
    return {"asked": asked, "picture": picture_url(question.get("picture"), found["project_id"]),
            "chosen_words": chosen["words"] if chosen else "",
            "chosen_picture": picture_url(chosen["picture"], found["project_id"]) if chosen else None,
            "lang": found["language"],
            "versions": [_as_shown(v) for v in answer_versions.history(found["id"]) if v["part"] == part]}


def _as_shown(version):
    """A coder never learns who interviewed the person, nor when: with the answer's words and
    their round of interviews, that could say who it was. A lead (password) sees both."""
    if version["why"] != "sent" or g.signed_in_with == "password":
        return version
    return {**version, "name": None, "changed_at": None}


@bp.route("/<string(maxlength=64):interview_id>/answers/<string(maxlength=64):answer_id>/words",
          methods=["GET", "POST"])
@allow("lead")
def correct_words(project_id, interview_id, answer_id):
    found = answer_versions.answer(answer_id, project_id)
    if found is None or found["interview_id"] != interview_id:
        abort(404)
    part = request.values.get("part", "")
    back = url_for("reading.interview", project_id=project_id, interview_id=interview_id,
                   _anchor=f"answer-{found['key']}")
    return words_page(project_id, answer_id, part, "corrected", back, "prepare/_project_nav.html")

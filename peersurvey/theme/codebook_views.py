"""The codebook pages: the project's theme cards, adding and changing a theme, merging,
splitting, and each theme's history. Leads and the project's coders may use them."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..access import allow
from ..forms import row_id_or_none
from ..i18n import LANGUAGES
from ..prepare import media, pictures
from ..prepare.picture_urls import picture_url
from ..prepare.question_views import valid_picture, picture_choices
from ..projects.queries import get_project
from . import display, themes
from .forms import MergeForm, SplitForm, ThemeForm

bp = Blueprint("themes", __name__, url_prefix="/projects/<int:project_id>/themes")


def theme_or_404(project_id, theme_id):
    return themes.get_active(project_id, theme_id) or abort(404)


def words_of(theme):
    return display.text_in(theme["words"])


def history_sentence(entry):
    """One line of a theme's history, in the page's language."""
    detail = entry["detail"]
    words = display.text_in(detail.get("words"))
    before = display.text_in(detail.get("before"))
    count = detail.get("codings", 0)
    sentences = {
        "create": lambda: _("Made the theme %(words)s.", words=words),
        "rename": lambda: _("Changed its words from %(before)s to %(words)s.", before=before, words=words),
        "change": lambda: _("Changed its description, colour, picture or place."),
        "merged_into": lambda: ngettext("Merged into %(words)s: %(num)d answer moved there.",
                                        "Merged into %(words)s: %(num)d answers moved there.", count, words=words),
        "merged_from": lambda: ngettext("%(words)s was merged into it, with %(num)d answer.",
                                        "%(words)s was merged into it, with %(num)d answers.", count, words=words),
        "split_to": lambda: ngettext("Split: %(num)d answer moved to the new theme %(words)s.",
                                     "Split: %(num)d answers moved to the new theme %(words)s.", count, words=words),
        "split_from": lambda: ngettext("Made by splitting %(words)s: %(num)d answer moved here.",
                                       "Made by splitting %(words)s: %(num)d answers moved here.", count, words=words),
    }
    return sentences.get(entry["action"], lambda: entry["action"])()


@bp.route("/")
@allow("coder")
def index(project_id):
    return render_template("theme/codebook.html", project=get_project(project_id),
                           themes=themes.active(project_id), counts=themes.answer_counts(project_id),
                           picture_url=picture_url, colours=themes.COLOURS, words_of=words_of)


def _picture_context(project_id):
    return dict(library=pictures.library(), categories=pictures.CATEGORIES,
                own_pictures=media.pictures(project_id), picture_url=picture_url)


def _theme_form(project_id, theme=None):
    data = {"colour": themes.next_colour(project_id), "picture": "", "parent": ""}
    if theme:
        data = {"colour": theme["colour"], "picture": theme["picture"] or "",
                "parent": str(theme["parent_id"] or ""),
                **{f"words_{c}": theme["words"].get(c, "") for c in LANGUAGES},
                **{f"description_{c}": theme["description"].get(c, "") for c in LANGUAGES}}
    form = ThemeForm(data=data)
    form.picture.choices = picture_choices(project_id)
    form.parent.choices = [("", _("No, it is a main theme"))] + [
        (str(t["id"]), words_of(t)) for t in themes.active(project_id)
        if t["parent_id"] is None and (theme is None or t["id"] != theme["id"])]
    return form


def _save_theme(project_id, form, theme=None):
    """Save the form as a new or changed theme; returns its id, or None with errors on the form."""
    if not form.validate_on_submit():
        return None
    if not valid_picture(project_id, form.picture.data):
        form.picture.errors.append(_("Choose a picture from the list."))
        return None
    words = {c: form[f"words_{c}"].data for c in LANGUAGES if form[f"words_{c}"].data}
    description = {c: form[f"description_{c}"].data for c in LANGUAGES if form[f"description_{c}"].data}
    # Anything chosen that is not a theme's id (text, '²', 25 digits) matches no theme: 0.
    parent = (row_id_or_none(form.parent.data) or 0) if form.parent.data else None
    try:
        if theme is None:
            return themes.add(project_id, g.person["id"], words, description, form.colour.data,
                              form.picture.data, parent)
        themes.change(project_id, g.person["id"], theme["id"], words, description, form.colour.data,
                      form.picture.data, parent)
        return theme["id"]
    except themes.TooMany as problem:
        form.words_en.errors.append(str(problem))
        return None
    except themes.ThemeProblem as problem:
        form.parent.errors.append(str(problem))
        return None


@bp.route("/new", methods=["GET", "POST"])
@allow("coder")
def new(project_id):
    form = _theme_form(project_id)
    if _save_theme(project_id, form) is not None:
        flash(_("The theme is added."), "success")
        return redirect(url_for(".index", project_id=project_id))
    return render_template("theme/theme_form.html", project=get_project(project_id), form=form,
                           theme=None, languages=LANGUAGES, colours=themes.COLOURS,
                           **_picture_context(project_id)), 400 if form.errors else 200


@bp.route("/<int:theme_id>/edit", methods=["GET", "POST"])
@allow("coder")
def edit(project_id, theme_id):
    theme = theme_or_404(project_id, theme_id)
    form = _theme_form(project_id, theme)
    if _save_theme(project_id, form, theme) is not None:
        flash(_("The theme is saved."), "success")
        return redirect(url_for(".show", project_id=project_id, theme_id=theme_id))
    return render_template("theme/theme_form.html", project=get_project(project_id), form=form,
                           theme=theme, languages=LANGUAGES, colours=themes.COLOURS,
                           **_picture_context(project_id)), 400 if form.errors else 200


@bp.route("/<int:theme_id>/")
@allow("coder")
def show(project_id, theme_id):
    theme = themes.get(project_id, theme_id) or abort(404)
    kept = themes.get(project_id, theme["merged_into"]) if theme["merged_into"] else None
    return render_template("theme/theme.html", project=get_project(project_id), theme=theme, kept=kept,
                           history=themes.history(theme_id), history_sentence=history_sentence, words_of=words_of, picture_url=picture_url,
                           colours=themes.COLOURS, count=themes.answer_counts(project_id).get(theme_id, 0))


@bp.route("/<int:theme_id>/merge", methods=["GET", "POST"])
@allow("coder")
def merge(project_id, theme_id):
    theme = theme_or_404(project_id, theme_id)
    others = [t for t in themes.active(project_id) if t["id"] != theme_id]
    form = MergeForm()
    form.into.choices = [(str(t["id"]), words_of(t)) for t in others]
    if form.validate_on_submit():
        try:
            moved = themes.merge(project_id, g.person["id"], theme_id, row_id_or_none(form.into.data))
        except themes.ThemeProblem as problem:
            form.into.errors.append(str(problem))
        else:
            kept = themes.get(project_id, int(form.into.data))
            flash(ngettext("%(gone)s is merged into %(kept)s. %(num)d answer moved with it.",
                           "%(gone)s is merged into %(kept)s. %(num)d answers moved with it.", moved,
                           gone=words_of(theme), kept=words_of(kept)), "success")
            return redirect(url_for(".index", project_id=project_id))
    return render_template("theme/merge.html", project=get_project(project_id), theme=theme,
                           others=others, others_by_id={str(t["id"]): t for t in others}, form=form, words_of=words_of, picture_url=picture_url,
                           colours=themes.COLOURS), 400 if form.errors else 200


@bp.route("/<int:theme_id>/split", methods=["GET", "POST"])
@allow("coder")
def split(project_id, theme_id):
    theme = theme_or_404(project_id, theme_id)
    answers = _group_answers(project_id, theme_id)
    form = SplitForm()
    form.answers.choices = [(a["id"], "") for a in answers]
    if form.validate_on_submit():
        known = {a["id"] for a in answers}
        chosen = [a for a in form.answers.data if a in known]
        words = {c: form[f"words_{c}"].data for c in LANGUAGES if form[f"words_{c}"].data}
        try:
            new_id = themes.split(project_id, g.person["id"], theme_id, words, chosen)
        except themes.ThemeProblem as problem:
            # Someone merged the theme after this page opened: keep what was typed and ticked.
            form.words_en.errors.append(
                _("%(words)s was merged into another theme while you were working. Your words are kept: "
                  "go back to the themes and split the theme it went into.", words=words_of(theme))
                if themes.get_active(project_id, theme_id) is None else str(problem))
        else:
            flash(ngettext("The new theme is made. %(num)d answer moved to it.",
                           "The new theme is made. %(num)d answers moved to it.", len(chosen)), "success")
            return redirect(url_for(".show", project_id=project_id, theme_id=new_id))
    return render_template("theme/split.html", project=get_project(project_id), theme=theme,
                           answers=answers, form=form, languages=LANGUAGES, words_of=words_of,
                           ), 400 if form.errors else 200


def _group_answers(project_id, theme_id, limit=500):
    """The answers the group gave this theme, as words to choose from when splitting."""
    ids = themes.group_answer_ids(project_id, theme_id, limit)
    views = display.answer_views(project_id, ids)
    return [{"id": i, "question": views[i]["question"], "words": display.plain_words(views[i])}
            for i in ids if i in views]

"""A project's own hard words for the easy-read check, on top of the built-in list."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..db import get_db, now
from ..people.forms import EmptyForm
from . import easyread
from .queries import get_project
from .questionnaire_forms import WordForm

bp = Blueprint("words", __name__, url_prefix="/projects/<int:project_id>/words")


def for_project(project_id):
    return list(get_db().query(
        "select * from easyread_words where project_id = ? order by language, hard", [project_id]))


@bp.route("/", methods=["GET", "POST"])
@allow("lead")
def index(project_id):
    form = WordForm()
    if form.validate_on_submit():
        hard = form.hard.data.lower()
        taken = any(w["hard"] == hard and w["language"] == form.language.data for w in for_project(project_id))
        if taken:
            form.hard.errors.append(_("That word is on the list already."))
        else:
            get_db()["easyread_words"].insert({
                "project_id": project_id, "language": form.language.data, "hard": hard,
                "plain": form.plain.data, "created_at": now(), "created_by": g.person["id"]})
            audit.record("words.add", person_id=g.person["id"], project_id=project_id, name=hard)
            flash(_("“%(word)s” is on the list. The easy-read check will suggest “%(plain)s”.",
                    word=hard, plain=form.plain.data), "success")
            return redirect(url_for("words.index", project_id=project_id))
    return render_template("prepare/words.html", project=get_project(project_id), form=form,
                           words=for_project(project_id), built_in=easyread.built_in_words(),
                           button_form=EmptyForm())


@bp.route("/<int:word_id>/remove", methods=["POST"])
@allow("lead")
def remove(project_id, word_id):
    word = next((w for w in for_project(project_id) if w["id"] == word_id), None) or abort(404)
    if EmptyForm().validate_on_submit():
        get_db()["easyread_words"].delete(word_id)
        audit.record("words.remove", person_id=g.person["id"], project_id=project_id, name=word["hard"])
        flash(_("“%(word)s” is off the list.", word=word["hard"]), "success")
    return redirect(url_for("words.index", project_id=project_id))

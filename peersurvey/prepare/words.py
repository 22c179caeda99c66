"""A project's own hard words for the easy-read check, on top of the built-in list."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..db import get_db, now, writing
from ..forms import EmptyForm
from ..projects.queries import get_project
from . import easyread
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
        # Looked for and added in one write: two people adding the same word at once get one.
        with writing(get_db()) as db:
            added = db.execute(
                """insert or ignore into easyread_words (project_id, language, hard, plain, created_at, created_by)
                   values (?, ?, ?, ?, ?, ?)""",
                [project_id, form.language.data, hard, form.plain.data, now(), g.person["id"]]).rowcount
            if added:
                audit.record("words.add", person_id=g.person["id"], project_id=project_id, name=hard)
        if not added:
            form.hard.errors.append(_("That word is on the list already."))
        else:
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
        with writing(get_db()) as db:
            removed = db.execute("delete from easyread_words where id = ? and project_id = ?",
                                 [word_id, project_id]).rowcount
            if removed:
                audit.record("words.remove", person_id=g.person["id"], project_id=project_id, name=word["hard"])
        # Taken off by someone else a moment ago, it is off the list all the same.
        flash(_("“%(word)s” is off the list.", word=word["hard"]), "success")
    return redirect(url_for("words.index", project_id=project_id))

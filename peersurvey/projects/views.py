"""A lead's projects: the list, a new one, and the project's page of people and tablets."""
from datetime import datetime, timezone

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone

from .. import audit, backups
from ..access import allow
from ..people import devices, limits
from ..people import queries as people
from ..people.avatars import WORDS, url_path
from ..forms import EmptyForm
from . import queries
from .forms import ProjectForm

bp = Blueprint("projects", __name__, url_prefix="/projects")


@bp.route("/")
@allow("account")
def index():
    projects = queries.projects_for(g.person["id"])
    leads = any("lead" in project["roles"] for project in projects)
    return render_template("projects/projects.html", projects=projects,
                           last_backup=_last_backup() if leads else None)


def _last_backup():
    """(when the newest backup was made or None, whether that is too long ago, and "today" or
    "yesterday" when it was, in the app's time zone, so the page can say it in easy words)."""
    newest = backups.latest(backups.folder_for(current_app.config, current_app.instance_path))
    if newest is None:
        return None, True, None
    days = (to_user_timezone(datetime.now(timezone.utc)).date() - to_user_timezone(newest).date()).days
    return newest, datetime.now(timezone.utc) - newest > backups.STALE, {0: "today", 1: "yesterday"}.get(days)


@bp.route("/new", methods=["GET", "POST"])
@allow("account")
def new():
    form = ProjectForm()
    if form.validate_on_submit():
        project_id = queries.create_project_and_record(form.name.data, g.person["id"])
        flash(_("Your project is made. Now add the people who will work on it."), "success")
        return redirect(url_for("projects.show", project_id=project_id))
    return render_template("projects/project_new.html", form=form)


@bp.route("/<int:project_id>")
@allow("lead")
def show(project_id):
    return render_template(
        "projects/project.html", project=queries.get_project(project_id),
        people=people.project_people(project_id), tablets=devices.for_project(project_id),
        avatar_words=WORDS, avatar_url=url_path, button_form=EmptyForm(),
        locked_minutes=limits.locked_minutes)


@bp.route("/<int:project_id>/history")
@allow("lead")
def history(project_id):
    return render_template("projects/history.html", project=queries.get_project(project_id),
                           entries=audit.for_project(project_id))

"""A lead adds people to the project, gives them roles, a picture and a PIN."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..db import get_db
from ..prepare.queries import get_project
from . import queries
from .avatars import WORDS, url_path
from .forms import EmptyForm, PersonForm

bp = Blueprint("team", __name__, url_prefix="/projects/<int:project_id>/people")


@bp.route("/new", methods=["GET", "POST"])
@allow("lead")
def add(project_id):
    form = PersonForm()
    if form.validate_on_submit() and _email_is_free(form):
        with get_db().atomic():
            person_id = queries.create_person(
                form.name.data, picture=form.picture.data, email=form.email.data or None,
                password=form.password.data or None, pin=form.pin.data or None)
            queries.set_roles(project_id, person_id, form.roles.data)
            audit.record("person.add", person_id=g.person["id"], project_id=project_id,
                         added=person_id, name=form.name.data, roles=form.roles.data)
        flash(_("%(name)s has been added to the project.", name=form.name.data), "success")
        return redirect(url_for("projects.show", project_id=project_id))
    return _page("people/add.html", project_id, form)


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@allow("lead")
def edit(project_id, person_id):
    person = queries.project_person(project_id, person_id) or abort(404)
    form = PersonForm(existing=person, data={
        "name": person["name"], "picture": person["picture"], "roles": person["roles"],
        "email": person["email"]})
    if form.validate_on_submit() and _email_is_free(form, person_id) and _keeps_a_lead(project_id, person, form):
        changes = {"name": form.name.data, "picture": form.picture.data,
                   "email": form.email.data or None}
        if form.password.data:
            changes["password"] = form.password.data
        if form.pin.data:
            changes["pin"] = form.pin.data
        with get_db().atomic():
            queries.update_person(person_id, **changes)
            queries.set_roles(project_id, person_id, form.roles.data)
            audit.record("person.change", person_id=g.person["id"], project_id=project_id,
                         changed=person_id, name=form.name.data, roles=form.roles.data,
                         new_pin=bool(form.pin.data), new_password=bool(form.password.data))
        flash(_("The changes to %(name)s are saved.", name=form.name.data), "success")
        return redirect(url_for("projects.show", project_id=project_id))
    return _page("people/edit.html", project_id, form, person=person,
                 locked_minutes=queries.locked_for_minutes(person), button_form=EmptyForm())


@bp.route("/<int:person_id>/unlock", methods=["POST"])
@allow("lead")
def unlock(project_id, person_id):
    person = queries.project_person(project_id, person_id) or abort(404)
    if EmptyForm().validate_on_submit():
        queries.unlock(person_id)
        audit.record("person.unlock", person_id=g.person["id"], project_id=project_id,
                     unlocked=person_id, name=person["name"])
        flash(_("%(name)s can sign in again.", name=person["name"]), "success")
    return redirect(url_for("team.edit", project_id=project_id, person_id=person_id))


@bp.route("/<int:person_id>/remove", methods=["POST"])
@allow("lead")
def remove(project_id, person_id):
    person = queries.project_person(project_id, person_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if "lead" in person["roles"] and _lead_count(project_id) == 1:
        flash(_("A project needs at least one lead. Add another lead before you take this one out."), "error")
        return redirect(url_for("team.edit", project_id=project_id, person_id=person_id))
    with get_db().atomic():
        queries.set_roles(project_id, person_id, [])
        audit.record("person.remove", person_id=g.person["id"], project_id=project_id,
                     removed=person_id, name=person["name"])
    flash(_("%(name)s has been taken out of the project.", name=person["name"]), "success")
    return redirect(url_for("projects.show", project_id=project_id))


def _page(template, project_id, form, **context):
    project = get_project(project_id)
    return render_template(template, project=project, form=form, avatar_words=WORDS,
                           avatar_url=url_path, **context)


def _email_is_free(form, person_id=None):
    if form.email.data and queries.email_taken(form.email.data, except_id=person_id):
        form.email.errors.append(_("Someone already uses this email address. Type a different one."))
        return False
    return True


def _lead_count(project_id):
    return sum("lead" in p["roles"] for p in queries.project_people(project_id))


def _keeps_a_lead(project_id, person, form):
    if "lead" in person["roles"] and "lead" not in form.roles.data and _lead_count(project_id) == 1:
        form.roles.errors.append(_("A project needs at least one lead. Add another lead before you change this one."))
        return False
    return True

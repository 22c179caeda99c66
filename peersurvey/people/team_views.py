"""A lead adds people to the project, gives them roles, a picture and a PIN.

The checks a change depends on (the email address is free, the project keeps a lead) are
made inside the change's own write, so two leads saving at once cannot both pass them."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..forms import EmptyForm
from ..projects.queries import get_project
from . import limits, queries, signins
from .avatars import WORDS, url_path
from .forms import PersonForm

bp = Blueprint("team", __name__, url_prefix="/projects/<int:project_id>/people")


@bp.route("/new", methods=["GET", "POST"])
@allow("lead")
def add(project_id):
    form = PersonForm()
    if form.validate_on_submit():
        # Hashed before the write, so the write lock is not held while argon2 works.
        person = queries.hashed_person(form.name.data, picture=form.picture.data, email=form.email.data or None,
                                       password=form.password.data or None, pin=form.pin.data or None)
        queries.add_to_project(project_id, person, form.roles.data, by=g.person["id"],
                               allowed=lambda: _email_is_free(form))
        if not form.errors:
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
    own_account = queries.leads_elsewhere(person_id, project_id)
    if own_account:
        # Whoever leads another project keeps their own email and password: a lead here must
        # not be able to take them over and open that other project. Whatever was sent for
        # those two fields is left out (the page does not show them).
        form.email.data, form.password.data = person["email"], None
    if form.validate_on_submit():
        changes = queries.hashed_changes(name=form.name.data, picture=form.picture.data,
                                         email=form.email.data or None, password=form.password.data or None,
                                         pin=form.pin.data or None)
        queries.change_in_project(project_id, person_id, changes, form.roles.data, by=g.person["id"],
                                  allowed=lambda: _may_change(project_id, person, form), name=form.name.data,
                                  new_pin=bool(form.pin.data), new_password=bool(form.password.data))
        if not form.errors:
            _end_old_signins(person_id, form)
            flash(_("The changes to %(name)s are saved.", name=form.name.data), "success")
            return redirect(url_for("projects.show", project_id=project_id))
    return _page("people/edit.html", project_id, form, person=person,
                 locked_minutes=limits.locked_minutes(person_id), own_account=own_account,
                 button_form=EmptyForm())


@bp.route("/<int:person_id>/unlock", methods=["POST"])
@allow("lead")
def unlock(project_id, person_id):
    person = queries.project_person(project_id, person_id) or abort(404)
    if EmptyForm().validate_on_submit():
        limits.unlock(person_id)
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
    if not queries.take_out_of_project(project_id, person, by=g.person["id"]):
        flash(_("A project needs at least one lead. Add another lead before you take this one out."), "error")
        if not queries.has_role(project_id, g.person["id"], "lead"):
            # The one asking was taken out as a lead a moment ago: their own page is gone.
            return redirect(url_for("projects.index"))
        return redirect(url_for("team.edit", project_id=project_id, person_id=person_id))
    flash(_("%(name)s has been taken out of the project.", name=person["name"]), "success")
    if person_id == g.person["id"]:
        return redirect(url_for("projects.index"))
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


def _may_change(project_id, person, form):
    """Every check a change depends on, in turn, up to the first that fails (which says why
    on the form). Asked inside the change's write."""
    person_id = person["id"]
    return _still_in_project(project_id, person_id, form) and _email_is_free(form, person_id) \
        and _keeps_a_lead(project_id, person_id, form) and _may_set_account(project_id, person, form)


def _still_in_project(project_id, person_id, form):
    """Checked inside the write: a person taken out a moment ago is not put back by a save."""
    if not queries.roles_of(project_id, person_id):
        form.roles.errors.append(_("Someone took this person out of the project while you were working, "
                                   "so nothing was saved. Add them again if they should be in it."))
        return False
    return True


def _may_set_account(project_id, person, form):
    """Checked inside the write too: the person may have become a lead elsewhere meanwhile."""
    changes_account = form.password.data or (form.email.data or None) != person["email"]
    if changes_account and queries.leads_elsewhere(person["id"], project_id):
        form.password.errors.append(_("%(name)s leads another project too, so only they can change their "
                                      "email address and password.", name=person["name"]))
        return False
    return True


def _keeps_a_lead(project_id, person_id, form):
    """Checked inside the write, against the roles as they are now."""
    if "lead" not in form.roles.data and queries.has_role(project_id, person_id, "lead") \
            and queries.lead_count(project_id) == 1:
        form.roles.errors.append(_("A project needs at least one lead. Add another lead before you change this one."))
        return False
    return True


def _end_old_signins(person_id, form):
    """A new password or PIN ends the sign-ins made with the old one, on every screen (the
    lead's own stays, if they changed their own password)."""
    from ..access import current_signin
    if form.password.data:
        signins.end_all(person_id, "password", keep=current_signin() if person_id == g.person["id"] else None)
    if form.pin.data:
        signins.end_all(person_id, "pin")

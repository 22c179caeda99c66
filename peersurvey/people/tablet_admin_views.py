"""A lead registers tablets to the project, says where each is used, and revokes them."""
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..forms import EmptyForm
from ..projects.queries import get_project
from . import devices
from .forms import TabletForm, TabletSiteForm

bp = Blueprint("tablets", __name__, url_prefix="/projects/<int:project_id>/tablets")


@bp.route("/new", methods=["GET", "POST"])
@allow("lead")
def register(project_id):
    form = TabletForm()
    if form.validate_on_submit():
        device_id, token = devices.register(project_id, form.name.data, g.person["id"], form.site.data)
        audit.record("tablet.register", person_id=g.person["id"], project_id=project_id,
                     tablet=device_id, name=form.name.data, site=form.site.data or None)
        response = current_app.make_response(render_template(
            "people/tablet_registered.html", project=get_project(project_id),
            name=form.name.data, token=token))
        # Registering from the tablet itself is the usual way: it keeps its token at once.
        set_tablet_cookie(response, token)
        return response
    return render_template("people/tablet_new.html", project=get_project(project_id), form=form)


@bp.route("/<int:device_id>", methods=["GET", "POST"])
@allow("lead")
def edit(project_id, device_id):
    """The tablet's page: where it is used (its site), which every new interview takes."""
    tablet = devices.in_project(project_id, device_id) or abort(404)
    form = TabletSiteForm(data={"site": tablet["site"] or ""})
    if form.validate_on_submit():
        site = form.site.data or None
        if site != tablet["site"]:
            devices.set_site(device_id, site)
            audit.record("tablet.site", person_id=g.person["id"], project_id=project_id,
                         tablet=device_id, name=tablet["name"], before=tablet["site"], site=site)
        flash(_("Saved where %(name)s is used.", name=tablet["name"]), "success")
        return redirect(url_for("projects.show", project_id=project_id, _anchor="tablets-title"))
    return render_template("people/tablet.html", project=get_project(project_id), tablet=tablet, form=form)


@bp.route("/<int:device_id>/revoke", methods=["POST"])
@allow("lead")
def revoke(project_id, device_id):
    tablet = devices.in_project(project_id, device_id) or abort(404)
    if EmptyForm().validate_on_submit() and devices.revoke(device_id, g.person["id"]):
        audit.record("tablet.revoke", person_id=g.person["id"], project_id=project_id,
                     tablet=device_id, name=tablet["name"])
        flash(_("%(name)s can no longer be used for this project.", name=tablet["name"]), "success")
    return redirect(url_for("projects.show", project_id=project_id))


def set_tablet_cookie(response, token):
    response.set_cookie(devices.COOKIE, token, max_age=devices.COOKIE_DAYS * 24 * 3600,
                        httponly=True, samesite="Lax",
                        secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure))

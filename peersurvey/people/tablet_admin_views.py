"""A lead adds tablets to the project and pairs them (a QR code or a short code), says where
each is used, and switches them off."""
import os
from datetime import datetime

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _

from .. import audit
from ..access import allow
from ..forms import EmptyForm
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from . import devices, pairing
from .forms import TabletForm, TabletSiteForm

bp = Blueprint("tablets", __name__, url_prefix="/projects/<int:project_id>/tablets")


@bp.route("/new", methods=["GET", "POST"])
@allow("lead")
def register(project_id):
    form = TabletForm()
    if form.validate_on_submit():
        # The tablet's token made here is never shown: pairing gives the tablet a new one.
        device_id, _token = devices.register(project_id, form.name.data, g.person["id"], form.site.data)
        audit.record("tablet.register", person_id=g.person["id"], project_id=project_id,
                     tablet=device_id, name=form.name.data, site=form.site.data or None)
        return _pairing_page(project_id, devices.in_project(project_id, device_id))
    return render_template("people/tablet_new.html", project=get_project(project_id), form=form,
                           **_hub_steps())


@bp.route("/<int:device_id>/code", methods=["POST"])
@allow("lead")
def new_code(project_id, device_id):
    """A new code, when the last one is too old or lost; the last one stops working."""
    tablet = devices.in_project(project_id, device_id) or abort(404)
    if tablet["revoked_at"] or not EmptyForm().validate_on_submit():
        return redirect(url_for("projects.show", project_id=project_id, _anchor="tablets-title"))
    return _pairing_page(project_id, tablet)


def _pairing_page(project_id, tablet):
    # Shown in answer to the POST, never from a GET: only the code's hash is kept, so the
    # code can only be shown when it is made.
    code, expires_at = pairing.make_code(project_id, tablet["id"], g.person["id"])
    address = pairing.setup_url(code)
    return render_template("people/tablet_pair.html", project=get_project(project_id), tablet=tablet,
                           code=code, grouped=pairing.grouped(code),
                           until=format_time(datetime.fromisoformat(expires_at), "short"),
                           address=address, setup_address=pairing.setup_url(), qr=pairing.qr_svg(address),
                           minutes=pairing.CODE_MINUTES, form=EmptyForm(), **_hub_steps())


def _hub_steps():
    """What the page needs to show a hub's "trust this hub" steps, when this is a hub."""
    if not hub_certificate():
        return {"hub": None, "picture_url": picture_url}
    # `serve --hub` gives its plain-HTTP address: a tablet that does not trust the hub yet
    # would be stopped at an https:// one.
    address = current_app.config.get("HUB_CERTIFICATE_URL") or pairing.base_url() + url_for("tablet.hub_certificate")
    return {"hub": {"address": address, "qr": pairing.qr_svg(address), "base": pairing.base_url()},
            "picture_url": picture_url}


def hub_certificate():
    """The hub's own certificate authority (PEM), or None when this server is not a hub."""
    path = current_app.config.get("HUB_CERTIFICATE")
    return path if path and os.path.isfile(path) else None


@bp.route("/<int:device_id>/this-is-the-tablet", methods=["POST"])
@allow("lead")
def this_is_the_tablet(project_id, device_id):
    """The lead chose to make this browser the tablet: only ever on purpose, never as a side
    effect of adding one (a lead's laptop that quietly became a tablet would send interviews
    as that tablet)."""
    tablet = devices.in_project(project_id, device_id) or abort(404)
    token = pairing.pair_here(device_id) if EmptyForm().validate_on_submit() else None
    if token is None:
        return redirect(url_for("projects.show", project_id=project_id, _anchor="tablets-title"))
    audit.record("tablet.pair", person_id=g.person["id"], project_id=project_id,
                 tablet=device_id, name=tablet["name"], via="this browser")
    flash(_("This browser is now %(name)s. People can sign in here with their PIN.", name=tablet["name"]),
          "success")
    response = redirect(url_for("tablet.choose_person"))
    pairing.set_tablet_cookie(response, token)
    return response


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


@bp.route("/<int:device_id>/revoke", methods=["GET", "POST"])
@allow("lead")
def revoke(project_id, device_id):
    """Switching a tablet off asks first: interviews still waiting on it can no longer be
    sent from it (the API refuses a switched-off tablet), so the lead is told before. Only
    the asking page's button (confirmed=1) switches it off; any other POST shows that page."""
    tablet = devices.in_project(project_id, device_id) or abort(404)
    form = EmptyForm()
    if tablet["revoked_at"]:
        return redirect(url_for("projects.show", project_id=project_id, _anchor="tablets-title"))
    if form.validate_on_submit() and request.form.get("confirmed") == "1":
        if devices.revoke(device_id, g.person["id"]):
            audit.record("tablet.revoke", person_id=g.person["id"], project_id=project_id,
                         tablet=device_id, name=tablet["name"])
            flash(_("%(name)s can no longer be used for this project.", name=tablet["name"]), "success")
        return redirect(url_for("projects.show", project_id=project_id, _anchor="tablets-title"))
    return render_template("people/tablet_revoke.html", project=get_project(project_id), tablet=tablet, form=form)

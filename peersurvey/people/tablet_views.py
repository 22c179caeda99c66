"""On a registered tablet, interviewers and coders sign in by tapping their own name and
picture and typing a short PIN: no email, no password to remember."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import access, audit
from ..access import allow
from ..forms import EmptyForm
from ..projects.queries import get_project
from . import devices, limits, queries
from .avatars import WORDS, url_path
from .credentials import verify_evenly
from .forms import PinForm, TabletSetupForm
from .tablet_admin_views import set_tablet_cookie

bp = Blueprint("tablet", __name__, url_prefix="/tablet")


def this_tablet():
    return devices.by_token(request.cookies.get(devices.COOKIE))


@bp.route("/setup", methods=["GET", "POST"])
@allow("anyone")
def setup():
    form = TabletSetupForm()
    if form.validate_on_submit():
        # Tablet codes are long and random, but tries are still limited per address, so
        # nobody can sit guessing.
        attempt = limits.take(None, None, None, [limits.address_limit("tablet code")])
        tablet = devices.by_token(form.token.data) if attempt.allowed else None
        if tablet:
            limits.succeeded(attempt)
            response = redirect(url_for("tablet.choose_person"))
            set_tablet_cookie(response, form.token.data)
            flash(_("This tablet is ready for %(project)s.",
                    project=get_project(tablet["project_id"])["name"]), "success")
            return response
        elif not attempt.allowed:
            form.token.errors.append(limits.busy_message())
        else:
            form.token.errors.append(_("We do not know that tablet code, or it has been switched off. "
                                       "Check it, or ask your project lead for a new one."))
    return render_template("tablet/setup.html", form=form)


@bp.route("/")
@allow("anyone")
def choose_person():
    tablet = this_tablet()
    if tablet is None:
        # A plain page, not an error: this is how every new tablet starts.
        return render_template("tablet/not_registered.html")
    return render_template("tablet/choose_person.html", tablet=tablet,
                           project=get_project(tablet["project_id"]),
                           people=queries.tablet_people(tablet["project_id"]),
                           avatar_words=WORDS, avatar_url=url_path)


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@allow("anyone")
def enter_pin(person_id):
    tablet = this_tablet()
    if tablet is None:
        return redirect(url_for("tablet.choose_person"))
    person = next((p for p in queries.tablet_people(tablet["project_id"])
                   if p["id"] == person_id), None) or abort(404)
    form, scope, busy = PinForm(), limits.tablet_limit(tablet["id"]), False
    if form.validate_on_submit():
        attempt = limits.take(person_id, "pin", scope, [scope])
        usable = person["pin_hash"] if attempt.allowed else None
        if verify_evenly(usable, form.pin.data) and \
                access.sign_in(person_id, "pin", device_id=tablet["id"], checked_hash=usable):
            limits.succeeded(attempt)
            devices.signed_in(tablet["id"], person_id)
            devices.seen(tablet)
            return redirect(url_for("tablet.home"))
        if attempt.locked_now:
            audit.record("person.locked_out", person_id=person_id, project_id=tablet["project_id"])
        busy = attempt.why == "busy"
        if attempt.allowed and not attempt.locked_now:
            form.pin.errors.append(_("That PIN is not right. Try again."))
    # A person's PIN is locked on this tablet only: a lost tablet cannot lock them out of others.
    return render_template("tablet/enter_pin.html", person=person, form=form,
                           locked=limits.locked_minutes(person_id, "pin", scope),
                           busy=busy, busy_message=limits.busy_message(),
                           avatar_words=WORDS, avatar_url=url_path)


@bp.route("/home")
@allow("tablet")
def home():
    project_id = g.tablet["project_id"]
    project = get_project(project_id)
    roles = queries.roles_of(project_id, g.person["id"])
    get_ready = None
    if "interviewer" in roles:
        # What "Get ready for interviews" (static/collect/getready.js) keeps on the tablet:
        # who is interviewing, and for which project, plus the words it shows. Never the
        # tablet's token: the API takes the tablet's HttpOnly cookie from its own pages, so
        # nobody who sees this page can copy the tablet to another browser.
        from ..collect.messages import GET_READY, rendered
        from ..i18n import current_language
        picture = g.person["picture"]
        get_ready = {
            "interviewer": {"id": g.person["id"], "name": g.person["name"],
                            "picture": url_for("static", filename=url_path(picture)) if picture else ""},
            "project": {"id": project["id"], "name": project["name"]},
            "messages": rendered(GET_READY, current_language()),
        }
    return render_template("tablet/home.html", project=project, roles=roles, get_ready=get_ready,
                           avatar_words=WORDS, avatar_url=url_path, form=EmptyForm())


@bp.route("/signout", methods=["POST"])
@allow("anyone")
def signout():
    if EmptyForm().validate_on_submit():
        access.sign_out()
        flash(_("You have signed out. The next person can sign in now."), "info")
    return redirect(url_for("tablet.choose_person"))

"""On a registered tablet, interviewers and coders sign in by tapping their own name and
picture and typing a short PIN: no email, no password to remember."""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import access, audit
from ..access import allow
from ..forms import EmptyForm
from ..projects.queries import get_project
from . import devices, limits, pairing, queries, tablet_admin_views
from .avatars import WORDS, url_path
from .credentials import verify_evenly
from .forms import PairingForm, PinForm

bp = Blueprint("tablet", __name__, url_prefix="/tablet")


def this_tablet():
    return devices.by_token(request.cookies.get(devices.COOKIE))


@bp.route("/setup", methods=["GET", "POST"])
@allow("anyone")
def setup():
    # A scanned QR code opens this page with ?code=: the code is filled in, and one press of
    # "Pair this tablet" (a POST with the CSRF token) pairs. Pairing on the GET would be a
    # sign-in CSRF: any page (an <img>, a link) could silently make a group's tablet into
    # someone else's, and link previews in chat apps would use the code up.
    typed = request.args.get("code", "") if request.method in ("GET", "HEAD") else None
    form = PairingForm(data={"code": typed} if typed else None)
    if form.validate_on_submit():
        response = _pair(form)
        if response is not None:
            return response
    return render_template("tablet/setup.html", form=form, filled=bool(typed))


PAIRING_PROBLEMS = {
    "wrong": _l("That code is not right. Check it and type it again. Or ask the lead to make a new one."),
    "expired": _l("This code is too old. Ask the lead to make a new one."),
    "used": _l("This code has been used already. Ask the lead to make a new one."),
    "off": _l("The lead has switched this tablet off. Ask the lead to add it again."),
}


def _pair(form):
    """Exchange the code for the tablet's token, in its cookie; or say what went wrong."""
    code = pairing.normalised(form.code.data)
    if not pairing.well_formed(code):
        form.code.errors.append(_("A code has 8 letters and numbers, like KMT4 H7QX. Check it and type it again."))
        return None
    # Wrong codes are counted per address, like wrong passwords, so nobody can sit guessing.
    attempt = limits.take(None, None, None, [limits.address_limit("tablet code")])
    if not attempt.allowed:
        form.code.errors.append(limits.busy_message())
        return None
    outcome, tablet, token = pairing.redeem(code)
    if outcome != "paired":
        form.code.errors.append(str(PAIRING_PROBLEMS[outcome]))
        return None
    limits.succeeded(attempt)
    audit.record("tablet.pair", person_id=tablet["code_made_by"], project_id=tablet["project_id"],
                 tablet=tablet["id"], name=tablet["name"], via="code")
    flash(_("This tablet is ready for %(project)s.", project=get_project(tablet["project_id"])["name"]), "success")
    response = redirect(url_for("tablet.choose_person"))
    pairing.set_tablet_cookie(response, token)
    return response


@bp.route("/hub-certificate.crt")
@allow("anyone")
def hub_certificate():
    """The hub's certificate authority, for tablets to trust the hub. Public: a certificate
    is not a secret (its private key never leaves the hub)."""
    path = tablet_admin_views.hub_certificate() or abort(404)
    with open(path, "rb") as f:     # a few hundred bytes: read whole, so no file is left open
        pem = f.read()
    return Response(pem, mimetype="application/x-x509-ca-cert", headers={
        "Content-Disposition": 'attachment; filename="peersurvey-hub.crt"', "Cache-Control": "no-cache"})


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

"""Who may open what. Every view declares its audience with @allow, and a test checks
that no route is left without one.

Audiences
  anyone   no sign-in needed
  account  signed in with email and password (project leads)
  lead     an account that leads the project named in the URL
  tablet   an interviewer or coder signed in with their PIN on a registered tablet
  device   a registered tablet calling the API with its bearer token
  coder    may code the project named in the URL: its lead (password), or one of its
           coders signed in with their PIN on one of its tablets
  signed_in  anyone signed in, either way (joining a coding session by its code)

A PIN opens only the tablet pages, never the lead pages, even for a person who is
also a lead: a 4-digit PIN is not strong enough to guard project setup.
"""
import functools
import time

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

AUDIENCES = ("anyone", "account", "lead", "tablet", "device", "coder", "signed_in")
# When the person was last seen is written into the session cookie at most this often: a
# changed cookie is signed and sent again with the reply, on every tap of a coding session.
# So the time in the cookie can be this much behind, and the idle sign-out (IDLE_MINUTES)
# waits this much longer: it comes up to a minute later than set, never sooner.
SEEN_EVERY_SECONDS = 60
TABLET_ROLES = ("interviewer", "coder")


def allow(audience):
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            refusal = _check(audience, kwargs)
            return refusal if refusal is not None else view(*args, **kwargs)
        guarded.audience = audience
        return guarded
    return decorate


def _check(audience, view_args):
    if audience in ("anyone", "device"):
        return None  # the API checks its bearer token itself, to answer in JSON
    if audience == "tablet":
        if g.person is None or g.signed_in_with != "pin":
            return redirect(url_for("tablet.choose_person"))
        return None
    if audience in ("coder", "signed_in"):
        if g.person is None:
            return _to_sign_in()
        if audience == "coder" and not may_code(view_args.get("project_id")):
            abort(404)
        return None
    if g.person is None or g.signed_in_with != "password":
        if g.person is not None:
            abort(403)
        return redirect(url_for("signin.signin", next=request.full_path.rstrip("?")))
    if audience == "lead":
        from .people import queries
        if not queries.has_role(view_args.get("project_id"), g.person["id"], "lead"):
            abort(404)  # the same answer for "no such project" and "not yours"
    return None


def still_allowed(audience, view_args):
    """For a response that runs on long after its request was checked (a live stream): the
    same check again, against the database as it is now, so a sign-in ended elsewhere, a
    tablet taken back or a role taken away stops what it was being sent."""
    load_person(idle_check=False)     # a screen being sent what changes is in use
    try:
        return g.person is not None and _check(audience, view_args) is None
    except HTTPException:
        return False


def may_code(project_id):
    """Leads code in their projects; coders code in the project of the tablet they are on."""
    from .people import queries
    if g.signed_in_with == "password":
        return queries.has_role(project_id, g.person["id"], "lead")
    return g.tablet is not None and g.tablet["project_id"] == project_id and \
        queries.has_role(project_id, g.person["id"], "coder")


def _to_sign_in():
    from .people import devices
    if request.cookies.get(devices.COOKIE):   # a registered tablet: sign in with a PIN
        return redirect(url_for("tablet.choose_person"))
    return redirect(url_for("signin.signin", next=request.full_path.rstrip("?")))


def load_person(idle_check=True):
    """Put the signed-in person (or None) on g, signing out after a period of no use (unless
    idle_check is False), or when the sign-in has been ended on the server (signed out
    elsewhere, a new password)."""
    from .people import devices, queries, signins
    g.person, g.signed_in_with, g.tablet = None, None, None
    token = session.get("signin")
    if token is None:
        return
    idle = time.time() - session.get("seen", 0)
    if idle_check and idle > current_app.config["IDLE_MINUTES"] * 60 + SEEN_EVERY_SECONDS:
        sign_out()
        flash(_l("You were signed out because nobody used this screen for a while. "
                 "Sign in again to carry on."), "info")
        return
    signin = signins.find(token)
    person = queries.get_person(signin["person_id"]) if signin else None
    tablet = None
    if person is not None and signin["via"] == "pin":
        tablet = devices.get_active(signin["device_id"])
        if tablet is None or not queries.has_any_role(tablet["project_id"], person["id"], TABLET_ROLES):
            person = None
    if person is None:
        sign_out()
        return
    g.person, g.signed_in_with, g.tablet = person, signin["via"], tablet
    if request.endpoint != "static" and time.time() - session.get("seen", 0) >= SEEN_EVERY_SECONDS:
        session["seen"] = int(time.time())


def sign_in(person_id, via, device_id=None, checked_hash=None):
    """Start a sign-in on the server and name it in a fresh session cookie. False if the
    password or PIN was changed while it was being checked (see signins.start)."""
    from .people import signins
    token = signins.start(person_id, via, device_id, checked_hash)
    if token is None:
        return False
    # The sign-in this browser had ends too: a tablet handed to the next person must not go
    # on being someone else's anywhere, such as a live screen still open in another tab.
    signins.end(session.get("signin"))
    lang = session.get("lang")
    session.clear()
    session.update(signin=token, seen=int(time.time()))
    if lang:
        session["lang"] = lang
    return True


def sign_out():
    """End this sign-in on the server too, so a copy of the cookie stops working."""
    from .people import signins
    signins.end(session.get("signin"))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def current_signin():
    return session.get("signin")


def init_app(app):
    app.before_request(load_person)

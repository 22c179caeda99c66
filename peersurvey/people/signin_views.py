"""Project leads sign in with email and password."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import access, audit
from ..access import allow, current_signin
from ..forms import EmptyForm
from ..safety import local_path
from . import known_browsers, limits, queries, signins
from .credentials import verify_evenly
from .forms import PasswordChangeForm, SignInForm

bp = Blueprint("signin", __name__)


@bp.route("/signin", methods=["GET", "POST"])
@allow("anyone")
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        person = queries.find_by_email(form.email.data)
        scope = known_browsers.scope_for(person)
        attempt = limits.take(person and person["id"], "password", scope,
                              [] if scope != known_browsers.ANYWHERE else [limits.address_limit("password")])
        # Checked even when the try is refused or the email unknown, against a stand-in, so
        # every "no" takes as long as a real check.
        usable = person["password_hash"] if person and attempt.allowed else None
        if verify_evenly(usable, form.password.data) and \
                access.sign_in(person["id"], "password", checked_hash=usable):
            limits.succeeded(attempt)
            response = redirect(local_path(request.args.get("next")) or url_for("projects.index"))
            return known_browsers.remember(response, person["id"])
        if attempt.locked_now:
            audit.record("person.locked_out", person_id=person["id"])
        # One answer for an unknown email, a wrong password, a locked account and too many
        # tries from here: anything else would tell an attacker which emails have accounts.
        form.password.errors.append(ngettext(
            "We could not sign you in. Check your email address and password. "
            "After %(num)d wrong try, wait %(minutes)d minutes before you try again.",
            "We could not sign you in. Check your email address and password. "
            "After %(num)d wrong tries, wait %(minutes)d minutes before you try again.",
            current_app.config["PIN_TRIES"], minutes=current_app.config["LOCK_MINUTES"]))
    return render_template("people/signin.html", form=form)


@bp.route("/signout", methods=["POST"])
@allow("anyone")
def signout():
    if EmptyForm().validate_on_submit():
        access.sign_out()
        flash(_("You have signed out."), "info")
    return redirect(url_for("home.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@allow("account")
def change_password():
    """A lead changes their own password. Only they can, once they lead a project another
    lead does not (see team_views), so it asks for the one they have now."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        person = g.person
        attempt = limits.take(person["id"], "password", known_browsers.scope_for(person),
                              [limits.address_limit("password")])
        if verify_evenly(person["password_hash"] if attempt.allowed else None, form.current.data):
            limits.succeeded(attempt)
            queries.update_person(person["id"], password=form.new.data)
            signins.end_all(person["id"], "password", keep=current_signin())
            audit.record("person.password", person_id=person["id"])
            flash(_("Your new password is saved. You are still signed in here. "
                    "Everywhere else, sign in again with the new password."), "success")
            return redirect(url_for("projects.index"))
        form.current.errors.append(_("That is not your password now, or there were too many wrong tries. "
                                     "Check it and try again."))
    return render_template("people/password.html", form=form)

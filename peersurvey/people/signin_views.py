"""Project leads sign in with email and password."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import access, audit
from ..access import allow
from ..safety import local_path
from . import queries
from .forms import EmptyForm, SignInForm

bp = Blueprint("signin", __name__)


@bp.route("/signin", methods=["GET", "POST"])
@allow("anyone")
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        person = queries.find_by_email(form.email.data)
        result = queries.check_secret(person, "password_hash", form.password.data) if person else "wrong"
        if result == "ok":
            access.sign_in(person["id"], "password")
            return redirect(local_path(request.args.get("next")) or url_for("projects.index"))
        if result == "locked":
            audit.record("person.locked_out", person_id=person["id"])
            minutes = queries.locked_for_minutes(queries.get_person(person["id"]))
            form.password.errors.append(ngettext(
                "This account is locked for %(num)d minute because the password was wrong "
                "too many times. Wait, then try again, or ask another project lead to unlock it.",
                "This account is locked for %(num)d minutes because the password was wrong "
                "too many times. Wait, then try again, or ask another project lead to unlock it.",
                minutes))
        else:
            form.password.errors.append(_(
                "That email address and password do not match. Check them and try again."))
    return render_template("people/signin.html", form=form)


@bp.route("/signout", methods=["POST"])
@allow("anyone")
def signout():
    if EmptyForm().validate_on_submit():
        access.sign_out()
        flash(_("You have signed out."), "info")
    return redirect(url_for("home.index"))

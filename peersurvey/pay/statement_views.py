"""What a peer researcher (and a funder) keeps: the easy-read statement of a month's work and
money, the involvement record and its certificate, and the project summary.

On the tablet a person sees only their own, for the tablet's project: every tablet view reads
g.person and g.tablet and takes no person from the address. Leads see anyone's in their
project, including people taken out of it (their pay records stay for the accounts).
"""
import datetime as dt
import io

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..access import allow
from ..db import get_db
from ..i18n import current_language
from ..people import queries as people
from ..projects.queries import get_project
from ..prepare.picture_urls import picture_url
from ..forms import BaseForm
from ..prepare import pictures
from . import claims, involvement, kinds, money, pdfs, statements, summary as funders
from .work_forms import RadioChoice, options

bp = Blueprint("pay_docs", __name__)

# A picture for each way of being paid. Not the handshake: that is "sorting answers into themes".
CHOICE_PICTURES = {"money": "openmoji:1F4B7", "vouchers": "openmoji:1F3AB", "volunteer": "openmoji:1F64F"}
SAVED = {"money": _l("Saved. You chose money."), "vouchers": _l("Saved. You chose vouchers."),
         "volunteer": _l("Saved. You chose to volunteer, with no payment.")}


class ChoiceForm(BaseForm):
    choice = RadioChoice(_l("Choose one"), choices=options(kinds.CHOICES.items()),
                         message=_l("Choose how you want to be paid."))


def _choice_picture_file(value):
    return pictures.get(CHOICE_PICTURES[value])["file"]


def _month():
    """The month in ?month= (this month if none), or a plain 400 page."""
    period = request.args.get("month") or money.this_period()
    if not money.valid_period(period):
        abort(_bad_month())
    return period


def _bad_month():
    return make_response(render_template("errors/error.html", title=_("We could not find that month"),
                                         advice=_("Choose a month from the list.")), 400)


def _project_person(project_id, person_id):
    """The person, if they are in the project or were (their work or pay records stay): else 404.
    With whether they are still in it."""
    person = people.get_person(person_id) or abort(404)
    in_project = bool(people.roles_of(project_id, person_id))
    if not in_project and not get_db().execute(
            """select 1 from work_entries where project_id = ? and person_id = ?
               union select 1 from pay_claims where project_id = ? and person_id = ?
               union select 1 from session_attendance where project_id = ? and person_id = ?""",
            [project_id, person_id] * 3).fetchone():
        abort(404)
    return person, in_project


def _pdf(data, name):
    """A PDF of someone's pay or record: never kept on disk (a shared tablet must not keep one
    person's pay for the next), so no-store where send_file would say no-cache."""
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _signed_by(project_id):
    """The project's first lead, who signs the certificate a person prints on the tablet."""
    row = get_db().execute(
        """select people.name from memberships join people on people.id = memberships.person_id
           where memberships.project_id = ? and memberships.role = 'lead' order by people.id limit 1""",
        [project_id]).fetchone()
    return row[0] if row else ""


def _statement_page(project_id, person, period, *, mine, in_project=True, choice_form=None):
    project = get_project(project_id)
    if mine and choice_form is None:
        choice_form = ChoiceForm(data={"choice": claims.choice(project_id, person["id"])})
    return render_template("pay/statement_page.html", project=project, person=person, mine=mine,
                           in_project=in_project, found=statements.statement(project_id, person["id"], period),
                           months=statements.months(), picture_url=picture_url, choice_form=choice_form,
                           choice_pictures=_choice_picture_file)


def _record_page(project_id, person, *, mine, in_project=True):
    found = involvement.record(project_id, person["id"])
    return render_template("pay/record_page.html", project=get_project(project_id), person=person, mine=mine,
                           in_project=in_project, found=found, lines=involvement.lines(found),
                           took_part=involvement.took_part(found), empty=involvement.is_empty(found),
                           picture_url=picture_url)


def _certificate(project_id, person, signed_by):
    found = involvement.record(project_id, person["id"])
    day = format_date(dt.date.today(), "d MMMM y")
    data = pdfs.certificate_pdf(found, person, get_project(project_id), signed_by, day, current_language())
    return _pdf(data, f"certificate-{current_language()}.pdf")


def _statement_pdf(project_id, person, period):
    found = statements.statement(project_id, person["id"], period)
    data = pdfs.statement_pdf(found, person, get_project(project_id), current_language())
    return _pdf(data, f"statement-{period}-{current_language()}.pdf")


# On the tablet: only the signed-in person's own ----------------------------------------------

@bp.route("/tablet/my-pay")
@allow("tablet")
def my_pay():
    return _statement_page(g.tablet["project_id"], g.person, _month(), mine=True)


@bp.route("/tablet/my-pay/choice", methods=["POST"])
@allow("tablet")
def my_choice():
    """The person chooses how they are paid: money, vouchers or volunteering. Only their own,
    in the tablet's project (never a person or project from the form)."""
    project_id, person_id = g.tablet["project_id"], g.person["id"]
    form = ChoiceForm()
    if not form.validate_on_submit():
        return _statement_page(project_id, g.person, money.this_period(), mine=True, choice_form=form), 400
    claims.set_choice(project_id, person_id, form.choice.data, by=person_id)
    flash(str(SAVED[form.choice.data]), "success")
    return redirect(url_for(".my_pay"))


@bp.route("/tablet/my-pay.pdf")
@allow("tablet")
def my_pay_pdf():
    return _statement_pdf(g.tablet["project_id"], g.person, _month())


@bp.route("/tablet/my-record")
@allow("tablet")
def my_record():
    return _record_page(g.tablet["project_id"], g.person, mine=True)


@bp.route("/tablet/my-certificate.pdf")
@allow("tablet")
def my_certificate():
    return _certificate(g.tablet["project_id"], g.person, _signed_by(g.tablet["project_id"]))


# For the project's lead: anyone's in the project, and the summary for funders ------------------

@bp.route("/projects/<int:project_id>/pay/people/<int:person_id>/statement")
@allow("lead")
def statement(project_id, person_id):
    person, in_project = _project_person(project_id, person_id)
    return _statement_page(project_id, person, _month(), mine=False, in_project=in_project)


@bp.route("/projects/<int:project_id>/pay/people/<int:person_id>/statement.pdf")
@allow("lead")
def statement_pdf(project_id, person_id):
    person, _in_project = _project_person(project_id, person_id)
    return _statement_pdf(project_id, person, _month())


@bp.route("/projects/<int:project_id>/people/<int:person_id>/involvement", endpoint="involvement")
@allow("lead")
def involvement_record(project_id, person_id):
    person, in_project = _project_person(project_id, person_id)
    return _record_page(project_id, person, mine=False, in_project=in_project)


@bp.route("/projects/<int:project_id>/people/<int:person_id>/certificate.pdf")
@allow("lead")
def certificate(project_id, person_id):
    person, _in_project = _project_person(project_id, person_id)
    return _certificate(project_id, person, g.person["name"])


@bp.route("/projects/<int:project_id>/pay/summary")
@allow("lead")
def summary(project_id):
    return render_template("pay/summary_page.html", project=get_project(project_id),
                           found=funders.summary(project_id), picture_url=picture_url,
                           duration=statements.duration)

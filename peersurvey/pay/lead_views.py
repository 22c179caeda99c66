"""The lead's money pages: the month at a glance, rates and the earnings limit, one person's
month (approve it, mark it paid, how they want to be paid) and the finance team's exports.

Approving never goes over the earnings limit unseen: the lead is shown the warning first,
and approves anyway only with a second press. It sends the total the lead saw, so work
confirmed meanwhile is never approved without being looked at."""
import datetime as dt

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from ..access import allow
from ..db import get_db
from ..forms import EmptyForm
from ..people.avatars import url_path
from ..prepare.picture_urls import picture_url
from ..findings.poster_views import filename
from ..projects.queries import get_project
from . import claims, exports, kinds, money, overview, settings
from .forms import NO_LIMIT, ApproveForm, ChoiceForm, LimitForm, PaidForm, RateForm

bp = Blueprint("pay", __name__, url_prefix="/projects/<int:project_id>/pay")


class BadMonth(Exception):
    """A month in the address that is not one: a plain page, not a 500."""


@bp.errorhandler(BadMonth)
def _bad_month(error):
    return render_template("errors/error.html", title=_("That month is not right"),
                           advice=_("Choose a month from the list on the money page.")), 400


def _month():
    period = request.args.get("month") or money.this_period()
    if not money.valid_period(period):
        raise BadMonth()
    return period


def _person(project_id, person_id):
    person = overview.known(project_id, person_id)
    if person is None:
        abort(404)
    return person


def _common(project_id, period):
    months = money.nearby_periods(money.this_period())
    return dict(project=get_project(project_id), month=period, money=money, kinds=kinds,
                months=months if period in months else [period, *months],
                picture_url=picture_url, avatar_url=url_path, month_name=month_name, duration=duration,
                day_words=day_words)


def duration(minutes):
    """"2 hours 5 minutes": hours and minutes as people say them."""
    hours, left = divmod(minutes or 0, 60)
    parts = [ngettext("%(num)d hour", "%(num)d hours", hours)] if hours else []
    if left or not hours:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", left))
    return " ".join(parts)


def day_words(day):
    return format_date(dt.date.fromisoformat(day), "d MMMM yyyy")


def month_name(period):
    return format_date(money.period_date(period), "MMMM yyyy")


@bp.route("", methods=["GET"], endpoint="overview")
@allow("lead")
def overview_page(project_id):
    period = _month()
    limit = settings.limit(project_id)
    return render_template("pay/overview.html", **_common(project_id, period),
                           rows=overview.rows(project_id, period), waiting=overview.waiting(project_id),
                           limit_words=settings.limit_words(*limit))


@bp.route("/rates", methods=["GET", "POST"])
@allow("lead")
def rates(project_id):
    rate_form, limit_form = RateForm(), LimitForm()
    status = 200
    if request.method == "POST":
        if "amount" in request.form:
            if rate_form.validate_on_submit():
                settings.set_rate(project_id, rate_form.kind.data, rate_form.unit.data,
                                  rate_form.amount.pence, rate_form.starts_on.data, by=g.person["id"])
                flash(_("The rate for %(kind)s is saved.", kind=kinds.words(rate_form.kind.data)), "success")
                return redirect(url_for("pay.rates", project_id=project_id))
        elif limit_form.validate_on_submit():
            period = limit_form.limit_period.data
            pence = None if period == NO_LIMIT else limit_form.limit_amount.pence
            settings.set_limit(project_id, pence, period, by=g.person["id"])
            flash(_("The earnings limit is saved: %(limit)s.", limit=settings.limit_words(pence, period)),
                  "success")
            return redirect(url_for("pay.rates", project_id=project_id))
        status = 400
    if request.method in ("GET", "HEAD") or not limit_form.errors:
        pence, period = settings.limit(project_id)
        limit_form = LimitForm(formdata=None, data={
            "limit_period": period or NO_LIMIT, "limit_amount": f"{pence // 100}.{pence % 100:02d}" if pence else ""})
    return render_template("pay/rates.html", **_common(project_id, money.this_period()),
                           rates=claims.rates(project_id), rate_form=rate_form, limit_form=limit_form), status


@bp.route("/rates/<int:rate_id>/remove", methods=["POST"])
@allow("lead")
def rate_remove(project_id, rate_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not settings.remove_rate(project_id, rate_id, by=g.person["id"]):
        abort(404)
    flash(_("The rate is taken away. Work not yet approved follows the rates that are left."), "success")
    return redirect(url_for("pay.rates", project_id=project_id))


def _person_page(project_id, person, period, *, problems=None, stale=None, status=200):
    owed = claims.owed(project_id, person["id"], period)
    theirs = list(reversed(claims.claims(project_id, person_id=person["id"])))
    paid_default = "voucher" if owed["choice"] == "vouchers" else "bank"
    return render_template(
        "pay/person.html", **_common(project_id, period), person=person, owed=owed, claims=theirs,
        choice_form=ChoiceForm(formdata=None, choice=owed["choice"]), paid_default=paid_default,
        problems=problems, stale=stale, limit=settings.limit(project_id),
        limit_words=settings.limit_words(*settings.limit(project_id)),
        window_words=window_words), status


def window_words(problem, period_kind):
    """"the week of 2 November", "November 2026", "2026": the window a limit is counted in."""
    first = dt.date.fromisoformat(problem["first"])
    if period_kind == "week":
        return _("In the week of %(day)s", day=format_date(first, "d MMMM"))
    if period_kind == "month":
        return _("In %(month)s", month=format_date(first, "MMMM yyyy"))
    return _("In %(year)s", year=first.year)


@bp.route("/people/<int:person_id>", methods=["GET"])
@allow("lead")
def person(project_id, person_id):
    return _person_page(project_id, _person(project_id, person_id), _month())


@bp.route("/people/<int:person_id>/approve", methods=["POST"])
@allow("lead")
def approve(project_id, person_id):
    person = _person(project_id, person_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        if form.month.errors:
            raise BadMonth()
        return render_template("errors/error.html", title=_("That did not work"),
                               advice=_("Nothing was approved. Go back to the page and try again.")), 400
    period, expected = form.month.data, int(form.expected_pence.data)
    owed = claims.owed(project_id, person_id, period)
    if not owed["lines"]:
        flash(_("There is nothing to approve for %(month)s.", month=month_name(period)), "error")
        return redirect(url_for("pay.person", project_id=project_id, person_id=person_id, month=period))
    if owed["pence"] != expected:
        return _person_page(project_id, person, period, stale=expected, status=409)
    if form.confirm.data != "yes":
        problems = claims.limit_problems(project_id, person_id, owed["lines"])
        if problems:
            return _person_page(project_id, person, period, problems=problems)
    if claims.approve(project_id, person_id, period, by=g.person["id"], expected_pence=expected) is None:
        return _person_page(project_id, person, period, stale=expected, status=409)
    flash(_("%(amount)s for %(name)s is approved.", amount=money.pounds(expected), name=person["name"]),
          "success")
    return redirect(url_for("pay.person", project_id=project_id, person_id=person_id, month=period))


@bp.route("/people/<int:person_id>/choice", methods=["POST"])
@allow("lead")
def choice(project_id, person_id):
    person = _person(project_id, person_id)
    period = _month()
    form = ChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    claims.set_choice(project_id, person_id, form.choice.data, by=g.person["id"])
    flash(_("%(name)s is now paid this way: %(choice)s.", name=person["name"],
            choice=kinds.CHOICES[form.choice.data]), "success")
    return redirect(url_for("pay.person", project_id=project_id, person_id=person_id, month=period))


@bp.route("/claims/<int:claim_id>/paid", methods=["POST"])
@allow("lead")
def paid(project_id, claim_id):
    form = PaidForm()
    if not form.validate_on_submit():
        abort(400)
    row = get_db().execute("select person_id, period from pay_claims where project_id = ? and id = ?",
                           [project_id, claim_id]).fetchone()
    if row is None:
        abort(404)
    if claims.mark_paid(project_id, claim_id, form.how.data, by=g.person["id"]):
        flash(_("The payment is marked as paid."), "success")
    else:
        flash(_("This payment was already marked as paid."), "error")
    return redirect(url_for("pay.person", project_id=project_id, person_id=row[0], month=row[1]))


def _download(body, mimetype, project_id, period, ending):
    name = filename("pay", get_project(project_id)["name"], period, ending=ending)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/approved.csv", methods=["GET"])
@allow("lead")
def export_csv(project_id):
    period = _month()
    return _download(exports.as_csv(project_id, period), "text/csv", project_id, period, "csv")


@bp.route("/approved.xlsx", methods=["GET"])
@allow("lead")
def export_xlsx(project_id):
    period = _month()
    return _download(exports.as_xlsx(project_id, period),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     project_id, period, "xlsx")

"""Time pages (docs/pay.md, "Time"): the lead checks the work the app suggested (interviews,
coding sessions, writing sessions) and what people added on the tablet; adds work for a
person; says who helped write a questionnaire. On the tablet a person adds their own work,
which waits for the lead.

Every id comes from the URL's project: work.decide and work.undo only change entries of
that project not yet in a claim, so an id from elsewhere changes nothing.
"""
import datetime as dt
import json
import uuid
from collections import OrderedDict

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import audit
from ..access import allow
from ..db import get_db, now, writing
from ..forms import EmptyForm, row_id_or_none
from ..i18n import current_language, day
from ..people import queries as people
from ..people.avatars import url_path
from ..prepare import pictures, questionnaires
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from . import kinds, money, work
from .durations import duration
from .work_forms import EditMinutesForm, LeadAddForm, TabletAddForm, WritingForm, options, recent_days

bp = Blueprint("pay_work", __name__)
NOON = "T12:00:00+00:00"    # a day's work with no time of its own: the middle of the day


def kind_picture_file(kind):
    entry = pictures.get(kinds.picture(kind))
    return entry["file"] if entry else None


def entry_day(entry):
    """The entry's day in words, or its day as stored when that does not read as a time (a
    row from an old version or a file): the lead needs the page to turn it down, never a 500."""
    text = entry["started_at"] or ""
    try:
        return day(dt.datetime.fromisoformat(text))
    except (TypeError, ValueError, OverflowError):
        return text[:10]


def tablet_minutes(entry):
    """The length the tablet gave, when it was too long and the suggestion was cut to 4 hours
    (migrations m017); None for every other entry."""
    detail = entry["detail"]
    if isinstance(detail, str):         # work.entries gives it read already; a raw row does not
        try:
            detail = json.loads(detail)
        except ValueError:
            return None
    value = detail.get("tablet_minutes") if isinstance(detail, dict) else None
    return value if isinstance(value, int) else None


def _page_helpers(project_id):
    return dict(project=get_project(project_id), duration=duration, kind_words=kinds.words,
                kind_picture=lambda kind: picture_url(kinds.picture(kind)), avatar_url=url_path,
                form=EmptyForm(), today_iso=dt.date.today().isoformat(), entry_day=entry_day,
                tablet_minutes=tablet_minutes)


# --- Time to check ---------------------------------------------------------------------------

def _people_of(entries):
    ids = sorted({e["person_id"] for e in entries} | {e["added_by"] for e in entries if e["added_by"]})
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return {row["id"]: row for row in get_db().query(
        f"select id, name, picture from people where id in ({marks})", ids)}


def where_from(entry, names):
    """Where an entry came from, in the lead's words."""
    source = (entry["source"] or "").split(":")[0]
    if source == "interview":
        return _("Interview")
    if source == "session":
        return _("Coding session")
    if source == "writing":
        return _("Writing questions")
    by = names.get(entry["added_by"], {}).get("name", "")
    if entry["added_by"] == entry["person_id"]:
        return _("Added by %(name)s on the tablet", name=by)
    return _("Added by %(name)s", name=by)


def _grouped(entries):
    groups = OrderedDict()
    for entry in entries:
        groups.setdefault(entry["person_id"], []).append(entry)
    return groups


def _index(project_id, edit_forms=None, problem=None, status=200):
    suggested = work.entries(project_id, status="suggested")
    month = money.this_period()
    checked = [e for e in work.entries(project_id)
               if e["status"] != "suggested" and (e["decided_at"] or "")[:7] == month]
    names = _people_of(suggested + checked)
    forms = dict(edit_forms or {})
    for entry in suggested:
        if entry["id"] not in forms:
            hours, minutes = divmod(entry["minutes"], 60)
            forms[entry["id"]] = EditMinutesForm(prefix=f"entry-{entry['id']}", formdata=None,
                                                 data={"hours": str(hours), "minutes": str(minutes)})
    return render_template("pay/work_index.html", groups=_grouped(suggested), checked=checked,
                           people=names, members={p["id"] for p in people.project_people(project_id)},
                           where_from=where_from, edit_forms=forms, problem=problem,
                           month=money.period_date(month), **_page_helpers(project_id)), status


@bp.route("/projects/<int:project_id>/pay/work", methods=["GET", "POST"])
@allow("lead")
def index(project_id):
    if request.method in ("GET", "HEAD"):
        return _index(project_id)
    if not EmptyForm().validate_on_submit():
        return _index(project_id, problem=_("This page was open too long to be sure it is you. Try again."),
                      status=400)
    action = request.form.get("action", "")
    if action == "minutes":
        return _change_minutes(project_id)
    if action == "confirm_person":
        person_id = row_id_or_none(request.form.get("person_id", ""))
        # Not the ones the tablet timed as far too long: the lead confirms those one by one.
        ids = [e["id"] for e in work.entries(project_id, status="suggested", person_id=person_id)
               if tablet_minutes(e) is None] if person_id is not None else []
        action = "confirm"
    else:
        ids = [row_id_or_none(value) for value in request.form.getlist("entry")]
    if action not in ("confirm", "reject", "undo") or None in ids:
        return _index(project_id, problem=_("Something in the form was not right. Try again."), status=400)
    if not ids:
        return _index(project_id, problem=_("Tick the ones you want to change first."), status=400)
    if action == "undo":
        changed = work.undo(project_id, ids, by=g.person["id"])
    else:
        changed = work.decide(project_id, ids, "confirmed" if action == "confirm" else "rejected", by=g.person["id"])
    return _after(project_id, action, changed, len(ids))


def _after(project_id, action, changed, asked):
    if not changed:
        return _index(project_id, problem=_(
            "Nothing changed. Work that is in money already approved cannot change, "
            "and this page only changes this project's work."), status=409)
    done = {"confirm": ngettext("%(num)d confirmed.", "%(num)d confirmed.", changed),
            "reject": ngettext("%(num)d turned down.", "%(num)d turned down.", changed),
            "undo": ngettext("%(num)d is back on the list to check.", "%(num)d are back on the list to check.",
                             changed)}[action]
    flash(done, "success")
    if changed < asked:
        flash(_("Some did not change: they are in money already approved, or were checked already."), "warning")
    return redirect(url_for(".index", project_id=project_id))


def _change_minutes(project_id):
    entry_id = row_id_or_none(request.form.get("entry", ""))
    entry = work.entry(project_id, entry_id) if entry_id is not None else None
    if entry is None:
        abort(404)
    form = EditMinutesForm(prefix=f"entry-{entry_id}")
    if not form.validate():
        return _index(project_id, edit_forms={entry_id: form}, status=400)
    changed = work.decide(project_id, [entry_id], "confirmed", by=g.person["id"], minutes=form.total_minutes())
    return _after(project_id, "confirm", changed, 1)


# --- The lead adds work ----------------------------------------------------------------------

@bp.route("/projects/<int:project_id>/pay/work/add", methods=["GET", "POST"])
@allow("lead")
def add(project_id):
    members = people.project_people(project_id)
    form = LeadAddForm(data=None if request.method == "POST" else {"day": dt.date.today().isoformat()})
    form.person.choices = options([("", _("Choose a person"))] + [(str(p["id"]), p["name"]) for p in members])
    if form.validate_on_submit() and form.person.data:
        person_id = int(form.person.data)
        work.add(project_id, person_id, form.kind.data, form.day.data + NOON, form.total_minutes(),
                 by=g.person["id"], note=form.note.data, confirmed=True)
        name = next(p["name"] for p in members if p["id"] == person_id)
        flash(_("Added for %(name)s: %(kind)s, %(time)s.", name=name, kind=kinds.words(form.kind.data),
                time=duration(form.total_minutes())), "success")
        return redirect(url_for(".add", project_id=project_id))
    if request.method == "POST" and not form.person.data and not form.person.errors:
        form.person.errors = [_("Choose a person from the list.")]
    return render_template("pay/work_add.html", add_form=form, kind_pictures=kind_picture_file,
                           **_page_helpers(project_id)), 400 if form.errors else 200


# --- Who helped write the questions ---------------------------------------------------------

def questionnaire_name(questionnaire_id):
    title = questionnaires.latest(questionnaire_id)["document"].get("title", {})
    return title.get(current_language()) or title.get("en") or ""


@bp.route("/projects/<int:project_id>/questionnaires/<int:questionnaire_id>/helpers", methods=["GET", "POST"],
          endpoint="writing")
@allow("lead")
def writing_session(project_id, questionnaire_id):
    questionnaire = questionnaires.get(project_id, questionnaire_id) or abort(404)
    name = questionnaire_name(questionnaire_id)
    members = people.project_people(project_id)
    form = WritingForm(data=None if request.method == "POST" else {"day": dt.date.today().isoformat()})
    form.people.choices = options((str(p["id"]), p["name"]) for p in members)
    if form.validate_on_submit():
        person_ids = [int(value) for value in form.people.data]
        suggest_writing(project_id, questionnaire_id, name, person_ids,
                        f"{form.day.data}T{form.started.data}:00+00:00", form.total_minutes())
        flash(ngettext("Saved. %(num)d person is on the list for the lead to check.",
                       "Saved. %(num)d people are on the list for the lead to check.", len(person_ids)), "success")
        return redirect(url_for("questionnaires.show", project_id=project_id, questionnaire_id=questionnaire_id))
    return render_template("pay/work_writing.html", writing_form=form, questionnaire=questionnaire, name=name,
                           members={str(p["id"]): p for p in members}, **_page_helpers(project_id)), \
        400 if form.errors else 200


def suggest_writing(project_id, questionnaire_id, name, person_ids, started_at, minutes):
    """One suggestion per person who helped, sharing one source, with an audit line."""
    source = f"writing:{uuid.uuid4()}"
    with writing(get_db()) as db:
        for person_id in person_ids:
            db["work_entries"].insert({
                "project_id": project_id, "person_id": person_id, "kind": "writing",
                "started_at": started_at, "minutes": minutes, "source": source,
                "detail": json.dumps({"questionnaire_id": questionnaire_id}), "status": "suggested",
                "added_at": now(), "added_by": g.person["id"]})
        audit.record("pay.writing", person_id=g.person["id"], project_id=project_id, name=name,
                     questionnaire=questionnaire_id, people=len(person_ids), minutes=minutes)


# --- On the tablet: my own work --------------------------------------------------------------

def _lead_name(project_id):
    leads = [p["name"] for p in people.project_people(project_id) if "lead" in p["roles"]]
    return leads[0] if leads else ""


@bp.route("/tablet/my-work/add", methods=["GET", "POST"])
@allow("tablet")
def tablet_add():
    project_id, person_id = g.tablet["project_id"], g.person["id"]   # never from the form
    form = TabletAddForm(data=None if request.method == "POST" else {"day": dt.date.today().isoformat()})
    form.day.choices = recent_days()
    if form.validate_on_submit():
        work.add(project_id, person_id, form.kind.data, form.day.data + NOON, form.total_minutes(),
                 by=person_id, note=form.note.data, confirmed=False)
        flash(_("Thank you. %(name)s will check it.", name=_lead_name(project_id)), "success")
        return redirect(url_for(".tablet_add"))
    waiting = work.entries(project_id, person_id=person_id, status="suggested")
    return render_template("pay/work_tablet_add.html", add_form=form, waiting=waiting,
                           kind_pictures=kind_picture_file, duration=duration, kind_words=kinds.words,
                           kind_picture=lambda kind: picture_url(kinds.picture(kind)), entry_day=entry_day,
                           form=EmptyForm(), project=get_project(project_id)), 400 if form.errors else 200

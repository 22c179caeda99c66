"""A lead reads the interviews: a list to filter by interviewer, site, questionnaire and
day, a page at a time, and one interview with every answer in the language it was asked
in, with a way to withdraw the person from there."""
import re
from datetime import date, datetime

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import DateInput

from ..access import allow
from ..forms import BaseForm, WholeNumberField
from ..i18n import LANGUAGES, text_in
from ..projects.queries import get_project
from . import reading, recordings

bp = Blueprint("reading", __name__, url_prefix="/projects/<int:project_id>/interviews")

CHOOSE_FROM_LIST = _l("Choose from the list.")


class DayField(Field):
    """A day, as a date box sends it (2026-12-04) or as a person types it (4/12/2026).
    Empty means any day. Years from 2000 to 2100, so a day after it always exists."""
    widget = DateInput()

    def _value(self):
        return self.raw_data[0] if self.raw_data else (self.data.isoformat() if self.data else "")

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        for pattern, form in ((r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y")):
            if re.fullmatch(pattern, text):
                try:
                    self.data = datetime.strptime(text, form).date()
                except ValueError:
                    break
        if self.data is None or not date(2000, 1, 1) <= self.data <= date(2100, 12, 31):
            self.data = None
            raise ValueError(_l("That is not a date. Choose the day again."))


class ListForm(BaseForm):
    """The filters: sent in the address (GET), so a list can be bookmarked or shared."""
    interviewer = SelectField(_l("Interviewer"), validate_choice=False)
    site = SelectField(_l("Place"), validate_choice=False)
    questionnaire = SelectField(_l("Questionnaire"), validate_choice=False)
    start = DayField(_l("From"))
    end = DayField(_l("To"))
    page = WholeNumberField(_l("Page"), validators=[
        Optional(), NumberRange(min=1, message=_l("Pages start at 1. Go back to the first page."))])

    class Meta:
        csrf = False    # reads only; the address must work when it is opened again

    def fill(self, choices):
        anyone = [("", _l("Any"))]
        self.interviewer.choices = anyone + [(str(p["id"]), p["name"]) for p in choices["people"]]
        self.site.choices = anyone + [(site, site) for site in choices["sites"]]
        self.questionnaire.choices = anyone + [(str(qid), title) for qid, title in choices["questionnaires"]]
        return self

    def _in_list(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(CHOOSE_FROM_LIST)

    def validate_interviewer(self, field):
        self._in_list(field)

    def validate_site(self, field):
        self._in_list(field)

    def validate_questionnaire(self, field):
        self._in_list(field)

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The ‘To’ date is before the ‘From’ date. Change one of them."))

    def filters(self):
        return {"interviewer": int(self.interviewer.data) if self.interviewer.data else None,
                "site": self.site.data or None,
                "questionnaire": int(self.questionnaire.data) if self.questionnaire.data else None,
                "start": self.start.data, "end": self.end.data}

    def address(self, page):
        """The filters as they were sent, with another page number, for the pager links."""
        values = {f.name: f.raw_data[0] for f in self if f.name != "page" and f.raw_data and f.raw_data[0]}
        return dict(values, page=page)


@bp.route("/list", methods=["GET"])
@allow("lead")
def index(project_id):
    project = get_project(project_id)
    form = ListForm(request.args).fill(reading.choices(project_id))
    if not form.validate():
        return render_template("collect/interview_list.html", project=project, form=form,
                               rows=None, total=0, number=1, pages=1), 400
    filters = form.filters()
    total = reading.count(project_id, filters)
    pages = max(1, -(-total // reading.PER_PAGE))
    number = min(form.page.data or 1, pages)     # past the end: the last page
    rows = reading.page(project_id, filters, number)
    return render_template("collect/interview_list.html", project=project, form=form,
                           rows=rows, total=total, number=number, pages=pages, filtered=any(filters.values()),
                           waiting=recordings.waiting(row["id"] for row in rows),
                           waiting_total=recordings.waiting_in_project(project_id))


@bp.route("/<string(maxlength=64):interview_id>", methods=["GET"])
@allow("lead")
def interview(project_id, interview_id):
    project = get_project(project_id)
    found = reading.interview(project_id, interview_id)
    if found is None:
        abort(404)
    return render_template("collect/interview_read.html", project=project, interview=found,
                           title=text_in(found["document"]["title"]),
                           language_name=LANGUAGES.get(found["language"], found["language"]),
                           questions=reading.questions_and_answers(project_id, found))

"""Forms for the time pages (work_views.py): how long, which day, what kind of work, who.

Hours and minutes are always chosen from a list (never typed), and every refusal says what
to do in plain words. A piece of work takes some time: "0 hours 0 minutes" is refused for
every kind (a rate per session ignores the minutes anyway, so the real length costs nothing).
"""
import datetime as dt
import re

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import BaseForm, MultiCheckboxField, plain_text
from . import kinds
from .work import MAX_MINUTES

NOTE_MAX = 200
OLDEST_YEAR = 2000


def values(choices):
    return [choice.value for choice in choices]


def options(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


class _FromTheList:
    """A choice from a fixed list, refused in plain words when it is not one of them."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in values(self.choices):
            raise ValidationError(self.message)


class Choice(_FromTheList, SelectField):
    pass


class RadioChoice(_FromTheList, RadioField):
    pass


# Exactly what a date input sends. Python's fromisoformat also takes "20261106" and
# "2026-W45-5", which no person means and which would be stored as typed.
DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# "10:00", "9:30", and "10.00" as many people write it; ASCII digits only (no "١٠:٠٠").
CLOCK_PATTERN = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


def clock_time(text):
    """A time of day as "HH:MM" (24-hour), or None when it is not one."""
    match = CLOCK_PATTERN.fullmatch((text or "").strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


class DayField(StringField):
    """A day as YYYY-MM-DD (a date input): not in the future, not before 2000. Its data
    becomes the day's own ISO text, so what is stored always reads back."""

    def pre_validate(self, form):
        try:
            if not DAY_PATTERN.fullmatch(self.data or ""):
                raise ValueError
            day = dt.date.fromisoformat(self.data)
        except ValueError:
            raise ValidationError(_l("Choose a day, like 25/11/2026."))
        self.data = day.isoformat()
        if day > dt.date.today():
            raise ValidationError(_l("That day has not come yet. Choose a day that has passed."))
        if day.year < OLDEST_YEAR:
            raise ValidationError(_l("Choose a day from the year 2000 or later."))


HOURS = options((str(h), str(h)) for h in range(25))
MINUTES = options((str(m), f"{m:02d}") for m in range(0, 60, 5))
HOURS_MESSAGE = _l("Choose how many hours: from 0 to 24.")
MINUTES_MESSAGE = _l("Choose how many minutes: from 0 to 55.")


class DurationForm(BaseForm):
    hours = Choice(_l("Hours"), choices=HOURS, message=HOURS_MESSAGE, default="1")
    minutes = Choice(_l("Minutes"), choices=MINUTES, message=MINUTES_MESSAGE, default="0")

    def total_minutes(self):
        return int(self.hours.data) * 60 + int(self.minutes.data)

    def validate_minutes(self, field):
        if self.hours.errors or field.errors or self.hours.data not in values(HOURS) or field.data not in values(MINUTES):
            return
        total = self.total_minutes()
        if total == 0:
            raise ValidationError(_l("Say how long it took: more than 0 minutes."))
        if total > MAX_MINUTES:
            raise ValidationError(_l("One piece of work can be 24 hours at most. Choose fewer hours."))


class EditMinutesForm(DurationForm):
    """A lead putting one suggestion's time right as they confirm it: to the minute."""
    minutes = Choice(_l("Minutes"), choices=options((str(m), f"{m:02d}") for m in range(60)),
                     message=_l("Choose how many minutes: from 0 to 59."))

    def validate_minutes(self, field):
        if self.hours.errors or field.errors or self.hours.data not in values(HOURS):
            return
        if self.total_minutes() > MAX_MINUTES:
            raise ValidationError(_l("One piece of work can be 24 hours at most. Choose fewer hours."))


def kind_choices():
    return options((kind, kinds.words(kind)) for kind in kinds.ADDED_KINDS)


def _note():
    return StringField(_l("A short note (you can leave this empty)"), validators=[
        Length(max=NOTE_MAX, message=_l("The note can be up to 200 letters long. Make it shorter.")),
        plain_text()])


class LeadAddForm(DurationForm):
    person = Choice(_l("Who did the work?"), message=_l("Choose a person from the list."))
    kind = RadioChoice(_l("What kind of work?"), choices=kind_choices,
                       message=_l("Choose what kind of work it was."))
    day = DayField(_l("Which day?"), validators=[InputRequired(_l("Choose a day, like 25/11/2026."))])
    note = _note()


def recent_days(today=None, count=7):
    """The last week as choices: "Today", "Yesterday", then the day's name and date."""
    today = today or dt.date.today()
    days = []
    for back in range(count):
        day = today - dt.timedelta(days=back)
        words = _l("Today") if back == 0 else _l("Yesterday") if back == 1 else format_date(day, "EEEE d MMMM")
        days.append(SelectChoice(day.isoformat(), words))
    return days


class TabletAddForm(DurationForm):
    kind = RadioChoice(_l("What did you do?"), choices=kind_choices, message=_l("Tap the work you did."))
    day = RadioChoice(_l("When?"), message=_l("Tap the day you did it."))
    note = _note()


class WritingForm(DurationForm):
    day = DayField(_l("Which day?"), validators=[InputRequired(_l("Choose a day, like 25/11/2026."))])
    started = StringField(_l("When did it start?"), default="10:00",
                          validators=[InputRequired(_l("Say when it started, like 10:00."))])
    people = MultiCheckboxField(_l("Who helped?"), coerce=str, validate_choice=False)

    def validate_started(self, field):
        canonical = clock_time(field.data)
        if canonical is None:
            raise ValidationError(_l("Say when it started, like 10:00."))
        field.data = canonical

    def validate_people(self, field):
        if not field.data:
            raise ValidationError(_l("Tick the people who helped."))
        if not set(field.data) <= set(values(field.choices)):
            raise ValidationError(_l("Tick people from the list."))


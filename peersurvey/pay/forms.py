"""The forms on the lead's money pages: a rate, the earnings limit, how a person is paid,
approving a month's pay and marking a payment paid. Amounts are typed in pounds and pence
and read into whole pence by money.parse_pounds; each kind of mistake gets its own plain
sentence, so a lead knows what to put right."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import DateInput

from ..forms import BaseForm
from . import kinds, money

NO_LIMIT = "none"


def _choices(table):
    return [SelectChoice(value, words) for value, words in table.items()]


def pence_from(text):
    """Whole pence from what a lead typed, or ValidationError saying what is wrong with it."""
    text = (text or "").strip()
    pence = money.parse_pounds(text)
    if pence is not None:
        return pence
    plain = text.replace(" ", "").lstrip("£")
    if plain.startswith("-"):
        raise ValidationError(_l("Type the amount without a minus sign, like 12.50."))
    if re.fullmatch(r"[0-9]+\.[0-9]{3,}", plain):
        raise ValidationError(_l("Use 2 numbers after the point for the pence, like 12.50."))
    if re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", plain):
        raise ValidationError(_l("That is more than £100,000. Check the amount and type it again."))
    raise ValidationError(_l("Type an amount in pounds and pence, using numbers only, like 12.50."))


def _amount(form, field):
    field.pence = pence_from(field.data)


def _a_day(form, field):
    day = money.iso_day(field.data)
    if day is None:
        raise ValidationError(_l("Type the date the rate starts, like 2026-11-01."))
    field.data = day.isoformat()


class RateForm(BaseForm):
    kind = SelectField(_l("Kind of work"), choices=[SelectChoice(kind, kinds.words(kind)) for kind in kinds.KINDS],
                       validators=[InputRequired(_l("Choose the kind of work."))])
    unit = SelectField(_l("Paid"), choices=_choices(kinds.UNITS),
                       validators=[InputRequired(_l("Choose how the rate counts the work."))])
    amount = StringField(_l("Amount in pounds and pence, like 12.60"), validators=[
        DataRequired(_l("Type the amount in pounds and pence, like 12.60.")), _amount])
    starts_on = StringField(_l("From which date"), widget=DateInput(), validators=[
        DataRequired(_l("Type the date the rate starts, like 2026-11-01.")), _a_day])


class LimitForm(BaseForm):
    limit_period = SelectField(_l("Earnings limit"), choices=[
        SelectChoice(NO_LIMIT, _l("No limit")), *_choices(kinds.LIMIT_PERIODS)])
    limit_amount = StringField(_l("Most a person may get in that time, in pounds and pence"))

    def validate_limit_amount(self, field):
        if self.limit_period.data == NO_LIMIT:
            field.pence = None
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Type the most a person may get, like 100.00, or choose ‘No limit’."))
        _amount(self, field)
        if field.pence == 0:
            raise ValidationError(_l("A limit of £0.00 would stop all pay. Type a bigger amount, or choose ‘No limit’."))


class ChoiceForm(BaseForm):
    choice = SelectField(_l("How they want to be paid"), choices=_choices(kinds.CHOICES))


class ApproveForm(BaseForm):
    """The total the lead saw, so work confirmed meanwhile is never approved unseen; and,
    after the earnings-limit warning, that they chose to approve anyway."""
    month = HiddenField()
    expected_pence = HiddenField(validators=[DataRequired()])
    confirm = HiddenField()

    def validate_month(self, field):
        if not money.valid_period(field.data):
            raise ValidationError(_l("That month is not right. Go back and choose a month."))

    def validate_expected_pence(self, field):
        text = field.data or ""
        if not (text.isascii() and text.isdigit() and len(text) <= 12):
            raise ValidationError(_l("Go back to the page and try again."))


class PaidForm(BaseForm):
    how = SelectField(_l("How it was paid"), choices=_choices(kinds.PAID_HOW))

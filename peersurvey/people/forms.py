from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp, ValidationError

from ..forms import NAME_MAX, BaseForm, MultiCheckboxField, name_field, plain_text
from .avatars import AVATARS
from .queries import ROLES

PIN_PATTERN = r"^[0-9]{4,6}\Z"
PASSWORD_MIN = 10

ROLE_LABELS = {
    "lead": _l("Project lead: sets up the project, people and tablets"),
    "interviewer": _l("Interviewer: asks the questions on a tablet"),
    "coder": _l("Coder: sorts the answers into themes with the group"),
}


class SignInForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[
        InputRequired(_l("Type your email address.")),
        Email(_l("Type your email address in the right way, like name@example.org."))])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Type your password."))])


def _new_password_field(label):
    return PasswordField(label, validators=[
        InputRequired(_l("Type a new password.")),
        Length(min=PASSWORD_MIN, max=200, message=_l("A password needs at least 10 letters, numbers or symbols."))])


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Your password now"), validators=[
        InputRequired(_l("Type the password you sign in with now."))])
    new = _new_password_field(_l("Your new password"))


def _pin_field(label, required):
    checks = [InputRequired(_l("Type a PIN of 4 to 6 numbers."))] if required else [Optional()]
    return PasswordField(label, validators=[*checks, Regexp(
        PIN_PATTERN, message=_l("A PIN is 4 to 6 numbers, like 2580. Use numbers only."))])


class PersonForm(BaseForm):
    name = name_field(_l("Name"), _l("Type the person's name."))
    picture = RadioField(_l("Picture"), choices=[SelectChoice(key, words) for key, _h, words in AVATARS],
                         validators=[InputRequired(_l("Choose a picture. It helps the person find their name on the tablet."))])
    roles = MultiCheckboxField(_l("What they do in this project"),
                               choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
                               validators=[InputRequired(_l("Choose at least one thing they do in this project."))])
    email = EmailField(_l("Email address (project leads only)"), validators=[
        Optional(), Length(max=254), Email(_l("Type the email address in the right way, like name@example.org."))])
    password = PasswordField(_l("Password (project leads only)"), validators=[
        Optional(), Length(min=PASSWORD_MIN, max=200,
                           message=_l("A password needs at least 10 letters, numbers or symbols."))])
    pin = _pin_field(_l("PIN for tablets (interviewers and coders)"), required=False)

    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing  # the person being edited, or None when adding

    def validate(self, extra_validators=None):
        # Which sign-in details are needed depends on the roles chosen, so these checks
        # run after the field checks (Optional() would otherwise skip them when empty).
        valid = super().validate(extra_validators)
        roles = set(self.roles.data or [])
        existing = self.existing or {}
        if "lead" in roles and not self.email.data and not self.email.errors:
            self.email.errors.append(_l("A project lead signs in with an email address. Type one."))
        if "lead" in roles and not self.password.data and not existing.get("password_hash"):
            self.password.errors.append(_l("A project lead needs a password of at least 10 letters, numbers or symbols."))
        if roles & {"interviewer", "coder"} and not self.pin.data and not existing.get("pin_hash"):
            self.pin.errors.append(_l("Interviewers and coders sign in on tablets with a PIN. Type a PIN of 4 to 6 numbers."))
        return valid and not (self.email.errors or self.password.errors or self.pin.errors)


def _no_markup(form, field):
    # A site is shown on charts, filters and posters: a name, never a piece of a web page.
    if any(char in (field.data or "") for char in "<>{}"):
        raise ValidationError(_l("Type just the name of the place or group, like ‘Pontypool’, "
                                 "without < > { or }."))


def site_field():
    return StringField(_l("Where is this tablet used? (a place or group, like ‘Pontypool’)"), validators=[
        Optional(), Length(max=NAME_MAX, message=_l("A place or group can be up to 60 letters long. "
                                                    "Make it shorter.")),
        plain_text(), _no_markup])


class TabletForm(BaseForm):
    name = name_field(_l("Name for this tablet"),
                      _l("Give the tablet a name you can see on it, like ‘Blue tablet’."))
    site = site_field()


class TabletSiteForm(BaseForm):
    site = site_field()


class PairingForm(BaseForm):
    # Spaces and dashes are left in here and ignored when the code is checked, so what the
    # person typed is shown back to them as they typed it.
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Type the 8 letters and numbers the lead gave you, like KMT4 H7QX.")),
        Length(max=40, message=_l("That code is too long. A code has 8 letters and numbers, like KMT4 H7QX."))],
        render_kw={"autocapitalize": "characters", "spellcheck": "false", "maxlength": "20"})


class PinForm(BaseForm):
    pin = _pin_field(_l("Your PIN"), required=True)



"""The form base and the checks every form shares. Messages are whole sentences that say
what to do, so they translate well (Welsh mutates words: never glue fragments)."""
import re
import unicodedata

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .safe_json import SQL_INT_MAX, is_sql_int

NAME_MAX = 60
ROW_ID_MAX = SQL_INT_MAX      # SQLite's largest integer: a bigger one makes it raise, not miss
# No field of any form holds more (the longest, a consent page, is 2,000 letters): past
# this, a value is refused before any check or query has to deal with it.
FIELD_MAX = 10_000
HIDDEN_CHARACTER = _l("This has a hidden or unusual character in it. Type it again using "
                      "letters, numbers, spaces and punctuation.")


def row_id(value):
    """A database id sent as text: plain digits 0-9 within SQLite's range, else ValueError,
    so `request.form.get(name, type=row_id)` gives None. ("²".isdigit() is true and a
    25-digit number overflows SQLite: both used to end in a 500.)"""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()) or int(value) > ROW_ID_MAX:
        raise ValueError(f"not a row id: {value!r}")
    return int(value)


def row_id_or_none(value):
    try:
        return row_id(value)
    except ValueError:
        return None


def _clean(value):
    if not isinstance(value, str):
        return value
    # NFC so that "ŵ" typed two ways is one name; collapse runs of spaces.
    return " ".join(unicodedata.normalize("NFC", value).split())


def _clean_paragraphs(value):
    """Like _clean, but keeps the blank line between paragraphs (consent pages have them)."""
    if not isinstance(value, str):
        return value
    paragraphs = re.split(r"\n\s*\n", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(p for p in map(_clean, paragraphs) if p)


class ParagraphsField(TextAreaField):
    """Longer text in paragraphs, with an empty line between them."""


def _control_character(text):
    """A control character other than tab and line breaks: typed by nobody, sent by scripts
    (NUL ends strings in C, ESC moves terminals, U+0085 breaks lines in some readers)."""
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text)


def _within_limits(form, field):
    """Every value of every field, before anything else reads it: at most FIELD_MAX letters,
    no control characters. Refused with a message, never quietly changed: a PIN or password
    with a stray character must not become another secret."""
    if field.errors:
        return      # one message is enough: the field's own checks have spoken
    for value in field.raw_data or ():
        if not isinstance(value, str):
            continue    # an uploaded file: its own checks read it
        if len(value) > FIELD_MAX:
            raise ValidationError(_l("This is too long. Make it shorter and try again."))
        if _control_character(value):
            raise ValidationError(HIDDEN_CHARACTER)


class BaseForm(FlaskForm):
    """Strips and normalises text (see Meta), and holds every field of every form to
    _within_limits."""

    def validate(self, extra_validators=None):
        extra = dict(extra_validators or {})
        for field in self:
            if field.name != "csrf_token":
                extra[field.name] = [*extra.get(field.name, ()), _within_limits]
        return super().validate(extra)

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            if issubclass(unbound_field.field_class, ParagraphsField):
                unbound_field.kwargs["filters"] = (_clean_paragraphs, *filters)
            elif unbound_field.field_class.__name__ in ("StringField", "EmailField", "TextAreaField"):
                unbound_field.kwargs["filters"] = (_clean, *filters)
            return unbound_field.bind(form=form, **options)

    def error_list(self):
        """(field id, message) pairs for the error summary at the top of the page."""
        return [(field.id, message) for field in self for message in field.errors]


# Emoji made of several characters hold invisible joiners that are meant: 👨‍👩‍👧 joins
# people with U+200D, and the flag of Wales 🏴󠁧󠁢󠁷󠁬󠁳󠁿 spells "gbwls" in tag characters.
# Those are taken out before the check; a joiner anywhere else, or a right-to-left
# override, is still refused.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_EMOJI_JOINER = re.compile(f"(?<=[{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff])\u200d(?=[{_EMOJI}])")
_FLAG_TAGS = re.compile("(?<=\U0001f3f4)[\U000e0020-\U000e007e]{1,8}\U000e007f")


HIDDEN = ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp")      # the kinds of character nobody sees


def plain_text(message=None):
    """Refuse control and invisible characters, which look like nothing but break things."""
    def check(form, field):
        text = field.data or ""
        if isinstance(field, ParagraphsField):
            text = text.replace("\n", "")        # the line between paragraphs is meant
        if without_hidden(text) != text:
            raise ValidationError(message or HIDDEN_CHARACTER)
    return check


def without_hidden(text):
    """`text` without the characters plain_text refuses; the joiners of an emoji family
    and the tags of a flag (Wales's) are part of what is seen, so they stay."""
    seen = {at for pattern in (_EMOJI_JOINER, _FLAG_TAGS) for found in pattern.finditer(text)
            for at in range(found.start(), found.end())}
    return "".join(char for at, char in enumerate(text) if at in seen or unicodedata.category(char) not in HIDDEN)


def name_field(label, required_message):
    """A short name: a person's, a project's, a tablet's."""
    return StringField(label, validators=[
        DataRequired(required_message),
        Length(max=NAME_MAX, message=_l("Names can be up to 60 letters long. Make it shorter.")),
        plain_text()])


class WholeNumberField(IntegerField):
    """A whole number typed in plain digits (an optional sign, at most 19 of them, so it
    fits SQLite): "1.5", "1e999", "١٢٣" and 10**30 are refused with one plain message, not
    WTForms' "Not a valid integer value." and a range message on top."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Type a whole number, like 25."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        self.data = None        # nothing typed: Optional() or InputRequired() says if that is fine
        if text and not (re.fullmatch(r"[+-]?[0-9]{1,19}", text) and is_sql_int(int(text))):
            raise ValueError(self.invalid_value_message)
        if text:
            self.data = int(text)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()      # the number could not be read: no range check on nothing


class EmptyForm(BaseForm):
    """For buttons that change something: the form carries only the CSRF token."""


def button_token_ok():
    """EmptyForm().validate_on_submit() without building the form, for the buttons tapped most
    (a coding session's: building it was a twelfth of a tap). The same check: the posted
    form token, unless CSRFProtect has passed it already for this request (g.csrf_valid).

    A token that passes is also the one the reply's forms carry (generate_csrf gives what
    is on g): it stays valid, since tokens do not expire (WTF_CSRF_TIME_LIMIT is None), and
    signing a fresh one for every reply was a twentieth of a tap."""
    if request.method != "POST":
        return False
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True):
        return True
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = request.form.get(field)
    if not g.get("csrf_valid"):
        try:
            validate_csrf(token)
        except ValidationError:
            return False
    elif not token:    # CSRFProtect passed a token sent elsewhere (a header): keep to its own
        return True
    if config.get("WTF_CSRF_TIME_LIMIT", 3600) is None:
        g.setdefault(field, token)
    return True


class MultiCheckboxField(SelectMultipleField):
    """Ticks, one per choice, for a field that may hold several."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

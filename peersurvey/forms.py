"""The form base and the checks every form shares. Messages are whole sentences that say
what to do, so they translate well (Welsh mutates words: never glue fragments)."""
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

NAME_MAX = 60
ROW_ID_MAX = 2 ** 63 - 1      # SQLite's largest integer: a bigger one makes it raise, not miss


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


class BaseForm(FlaskForm):
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


def plain_text(message=None):
    """Refuse control and invisible characters, which look like nothing but break things."""
    def check(form, field):
        text = field.data or ""
        if isinstance(field, ParagraphsField):
            text = text.replace("\n", "")        # the line between paragraphs is meant
        for char in text:
            if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"):
                raise ValidationError(message or _l(
                    "This has a hidden or unusual character in it. Type it again using "
                    "letters, numbers, spaces and punctuation."))
    return check


def name_field(label, required_message):
    """A short name: a person's, a project's, a tablet's."""
    return StringField(label, validators=[
        DataRequired(required_message),
        Length(max=NAME_MAX, message=_l("Names can be up to 60 letters long. Make it shorter.")),
        plain_text()])

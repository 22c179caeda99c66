"""Forms for the questionnaire builder. Each text comes in every language, side by side."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FileField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..forms import BaseForm, MultiCheckboxField, ParagraphsField, plain_text
from ..questions import QUESTION_KINDS
from .document import HEADINGS, TEXT_MAX


def _text(label, required=False, paragraphs=False):
    checks = [Length(max=TEXT_MAX, message=_l("This is too long. Keep it under 2000 letters.")),
              plain_text()]
    field_class = ParagraphsField if paragraphs else TextAreaField
    return field_class(label, validators=([Optional()] if not required else []) + checks)


class TitleForm(BaseForm):
    title_en = StringField(_l("Title in English"), validators=[
        DataRequired(_l("Type a title in English.")), Length(max=120), plain_text()])
    title_cy = StringField(_l("Title in Welsh"), validators=[Optional(), Length(max=120), plain_text()])


class ConsentPointForm(BaseForm):
    text_en = _text(_l("Words in English"), paragraphs=True)
    text_cy = _text(_l("Words in Welsh"), paragraphs=True)
    picture = RadioField(_l("Picture"), validate_choice=False, validators=[Optional()])


class ConsentForm(BaseForm):
    share_ask = BooleanField(_l("Also ask if we can share their words on posters"))
    share_consent_en = _text(_l("The question about sharing their words, in English"), paragraphs=True)
    share_consent_cy = _text(_l("The question about sharing their words, in Welsh"), paragraphs=True)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.share_ask.data and not (self.share_consent_en.data or self.share_consent_cy.data) \
                and not self.share_consent_en.errors:
            self.share_consent_en.errors.append(_l(
                "Type the question about sharing their words, or untick the box to stop asking it."))
            return False
        return valid


class KindForm(BaseForm):
    kind = RadioField(_l("What kind of question?"),
                      validators=[InputRequired(_l("Choose what kind of question to add."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k.NAME, k.LABEL) for k in QUESTION_KINDS]  # as registered now


class QuestionForm(BaseForm):
    text_en = _text(_l("Question in English"))
    text_cy = _text(_l("Question in Welsh"))
    picture = RadioField(_l("Picture"), validate_choice=False, validators=[Optional()])
    note_en = _text(_l("Note for the interviewer, in English"))
    note_cy = _text(_l("Note for the interviewer, in Welsh"))
    heading = RadioField(_l("Working Together for Change heading"), choices=[
        SelectChoice("", _l("No heading"))] + [SelectChoice(k, v) for k, v in HEADINGS.items()],
        default="", validators=[Optional()])
    condition = MultiCheckboxField(_l("Only show this question if…"), validate_choice=False)

    @classmethod
    def for_kind(cls, kind):
        """This form with the fields the kind adds in the builder (its EDITOR_FIELDS)."""
        if kind.EDITOR_FIELDS is None:
            return cls
        if kind.NAME not in _BY_KIND:
            _BY_KIND[kind.NAME] = type(f"QuestionForm_{kind.NAME}", (cls, kind.EDITOR_FIELDS), {})
        return _BY_KIND[kind.NAME]


_BY_KIND = {}
for _kind in QUESTION_KINDS:    # made now, so every form class is there to be looked at
    QuestionForm.for_kind(_kind)


class OptionForm(BaseForm):
    text_en = _text(_l("Words in English"))
    text_cy = _text(_l("Words in Welsh"))
    picture = RadioField(_l("Picture"), validate_choice=False, validators=[Optional()])
    prompt_en = _text(_l("‘Tell me more’ question in English"))
    prompt_cy = _text(_l("‘Tell me more’ question in Welsh"))


class PictureUploadForm(BaseForm):
    file = FileField(_l("Picture file (PNG or JPEG, up to 5 MB)"))
    words_en = StringField(_l("What the picture shows, in English"), validators=[
        DataRequired(_l("Type a few words in English that say what the picture shows.")),
        Length(max=100), plain_text()])
    words_cy = StringField(_l("What the picture shows, in Welsh"), validators=[
        DataRequired(_l("Type a few words in Welsh that say what the picture shows.")),
        Length(max=100), plain_text()])


class VoiceUploadForm(BaseForm):
    audio = FileField(_l("Or choose a sound file"))


class ImportForm(BaseForm):
    file = FileField(_l("Questionnaire file (.json from peersurvey, or an XLSForm .xlsx)"))


class WordForm(BaseForm):
    language = RadioField(_l("Language"), choices=[SelectChoice("en", "English"), SelectChoice("cy", "Cymraeg")],
                          validators=[InputRequired(_l("Choose the language of the word."))])
    hard = StringField(_l("Hard word"), validators=[
        DataRequired(_l("Type the hard word.")), Length(max=60), plain_text()])
    plain = StringField(_l("Plainer word to use instead"), validators=[
        DataRequired(_l("Type a plainer word to suggest.")), Length(max=60), plain_text()])

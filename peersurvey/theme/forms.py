"""Forms for the codebook and coding sessions."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms import BaseForm, MultiCheckboxField, plain_text
from ..prepare import questionnaires
from ..prepare.document import HEADINGS
from ..questions import open_kinds
from . import display, sessions
from .sessions import CODE_ALPHABET, CODE_LENGTH
from .themes import COLOURS

WORDS_MAX = 40


def _words(label):
    return StringField(label, validators=[Optional(), Length(max=WORDS_MAX, message=_l(
        "Theme words can be up to 40 letters long. Use a few short words.")), plain_text()])


def _description(label):
    return TextAreaField(label, validators=[Optional(), Length(max=300, message=_l(
        "A description can be up to 300 letters long. Make it shorter.")), plain_text()])


class _NeedsWords:
    """Words in at least one language: English, Welsh or both."""
    words_message = _l("Type a few words for the theme, in English or Welsh or both.")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not (self.words_en.data or self.words_cy.data):
            self.words_en.errors.append(self.words_message)
            return False
        return ok


class ThemeForm(_NeedsWords, BaseForm):
    words_en = _words(_l("Theme words in English"))
    words_cy = _words(_l("Theme words in Welsh"))
    description_en = _description(_l("What it means, in English"))
    description_cy = _description(_l("What it means, in Welsh"))
    colour = RadioField(_l("Colour"), choices=[SelectChoice(k, label) for k, (_hex, label) in COLOURS.items()],
                        invalid_choice_message=_l("Choose a colour from the list."),
                        validators=[DataRequired(_l("Choose a colour for the theme card."))])
    picture = RadioField(_l("Picture"), validate_choice=False, validators=[Optional()])
    parent = SelectField(_l("Put it under another theme"), validate_choice=False, validators=[Optional()])


class MergeForm(BaseForm):
    into = RadioField(_l("Which theme should these answers move to?"), validate_choice=False,
                      validators=[DataRequired(_l("Choose the theme to keep."))])


class SplitForm(_NeedsWords, BaseForm):
    words_message = _l("Type a few words for the new theme, in English or Welsh or both.")
    words_en = _words(_l("Words for the new theme, in English"))
    words_cy = _words(_l("Words for the new theme, in Welsh"))
    answers = MultiCheckboxField(_l("Which answers move to the new theme?"), validate_choice=False)


class StartForm(BaseForm):
    questionnaire = SelectField(_l("Questionnaire"), validate_choice=False,
                                validators=[DataRequired(_l("Choose a questionnaire."))])
    questions = MultiCheckboxField(_l("Which questions?"), validate_choice=False,
                                   validators=[DataRequired(_l("Tick at least one question."))])
    heading = RadioField(_l("Working Together for Change heading"), validate_choice=False, default="",
                         validators=[Optional()])
    site = SelectField(_l("Site or group"), validate_choice=False, default="", validators=[Optional()])
    uncoded = BooleanField(_l("Only answers that have no theme yet"))
    mode = HiddenField(default="group")


class QuickThemeForm(BaseForm):
    """Make a theme on the spot, in the middle of a session."""
    words = StringField(_l("Words for the new theme"), validators=[
        DataRequired(_l("Type a few words for the new theme.")),
        Length(max=WORDS_MAX, message=_l("Theme words can be up to 40 letters long. Use a few short words.")),
        plain_text()])
    answer_id = HiddenField()


class JoinForm(BaseForm):
    code = StringField(_l("Session code"), filters=[
        lambda v: "".join(v.upper().split()) if isinstance(v, str) else v], validators=[
        DataRequired(_l("Type the code shown on the big screen.")),
        Regexp(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\Z", message=_l(
            "The code is 6 letters and numbers, like KX4PQR. Look at the big screen and type it again."))])


# --- Starting a session ----------------------------------------------------------------------

def start_form(project_id, questionnaire_id, formdata=None, mode="group"):
    """The form that starts a session (and changes a running one's filters), with its
    questions, headings and sites to choose from: (form, the questionnaire's questions)."""
    questions = questionnaires.questions_of(questionnaire_id)
    form = StartForm(formdata=formdata, data={
        "questionnaire": str(questionnaire_id), "mode": mode,
        "questions": [q["key"] for q in questions if q["kind"] in open_kinds()]})  # ticked at first: people's own words
    form.questions.choices = [(q["key"], display.text_in(q["text"])) for q in questions]
    form.heading.choices = [("", _("Any heading"))] + [(k, str(v)) for k, v in HEADINGS.items()]
    form.site.choices = [("", _("Every site and group"))] + [(s, s) for s in sessions.sites(project_id)]
    return form, questions


def chosen_filters(form, questions):
    """The session filters a checked StartForm asks for; only the ticked questions that exist
    and sit under the chosen heading."""
    by_key = {q["key"]: q for q in questions}
    chosen = [k for k in form.questions.data if k in by_key]
    heading = form.heading.data if form.heading.data in HEADINGS else ""
    if heading:
        chosen = [k for k in chosen if by_key[k].get("heading") == heading]
    return {"questions": chosen, "heading": heading, "site": form.site.data or "",
            "uncoded": bool(form.uncoded.data)}


def no_questions(form, questions):
    """Why the ticks give no questions to go through, in words that say what to do."""
    if form.questions.errors:            # none ticked: the form says so already
        return " ".join(str(e) for e in form.questions.errors)
    if not any(k in {q["key"] for q in questions} for k in form.questions.data or []):
        return _("Tick at least one of the questions in the list.")
    return _("None of the questions you ticked sit under that heading. "
             "Tick other questions or choose another heading.")

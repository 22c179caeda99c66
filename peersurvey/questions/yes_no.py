"""Yes / no. In Welsh people answer with the verb of the question ("Oes…?" "Oes" / "Nac
oes"), so each question may carry its own answer words (`answer_words`) in each language;
the answer kept is still `yes` or `no`, so conditions, charts and exports do not change.
A question without them (every version published before) shows the kind's words."""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import Length, Optional

from ..forms import plain_text, without_hidden
from ..i18n import LANGUAGES, in_every_language
from . import welsh_answers
from .fixed_answers import FixedAnswers

MAX_WORD = 30
ANSWERS = ("yes", "no")
SUGGESTED, OWN, PLAIN = "suggested", "own", "yes_no"


def _word(label):
    return StringField(label, validators=[Optional(), Length(max=MAX_WORD, message=_l(
        "Keep the answer words short: 30 letters or fewer.")), plain_text()])


def _button_words(label):
    """A label as a button shows it: on one line (a line break typed in a cell with
    Alt+Enter), without the characters nobody sees (a zero-width space pasted from Word)."""
    return " ".join(without_hidden(" ".join(label.split())).split())


class YesNoFields:
    english_words = RadioField(_l("The answer buttons in English"), default=PLAIN, choices=[
        SelectChoice(PLAIN, "Yes / No"), SelectChoice(OWN, _l("Your own words"))])
    yes_en = _word(_l("The yes button, in English"))
    no_en = _word(_l("The no button, in English"))
    welsh_words = RadioField(_l("The answer buttons in Welsh"), default=SUGGESTED, choices=[
        SelectChoice(SUGGESTED, _l("The words that fit the Welsh question"))] + [
        SelectChoice(pair, f"{yes} / {no}") for pair, (yes, no) in welsh_answers.PAIRS.items()] + [
        SelectChoice(OWN, _l("Your own words"))])
    yes_cy = _word(_l("The yes button, in Welsh"))
    no_cy = _word(_l("The no button, in Welsh"))


class YesNo(FixedAnswers):
    TEMPLATE = Path(__file__).with_suffix(".html")
    EDITOR_FIELDS = YesNoFields

    def new(self):
        return {"answer_words": None}

    def general_words(self):
        """The words of a question that has none of its own: {"yes": {"en", "cy"}, ...}."""
        return {key: in_every_language(words) for key, words, _p in self.FIXED_ANSWERS}

    def words(self, question):
        own = question.get("answer_words")
        return own if isinstance(own, dict) else self.general_words()

    def problems(self, question):
        own = question.get("answer_words")
        if own is None:
            return []
        if not isinstance(own, dict) or set(own) != set(ANSWERS) or not all(
                isinstance(own[key], dict) and set(own[key]) == set(LANGUAGES) for key in ANSWERS):
            return [_l("its answer words must be a yes and a no, each in English and Welsh.")]
        for key in ANSWERS:
            for word in own[key].values():
                if not isinstance(word, str) or not word.strip():
                    return [_l("each answer word must be written, in English and in Welsh.")]
                if len(word) > MAX_WORD or without_hidden(word) != word:
                    return [_l("each answer word must be plain text of 30 letters or fewer.")]
        return []

    def first_words(self):
        """For the builder's script: {first word: pair id}, every form of every word."""
        return welsh_answers.FIRST_WORDS

    def pairs(self):
        return welsh_answers.PAIRS

    def question_word(self):
        return welsh_answers.QUESTION_WORD

    def suggestion_id(self, welsh_question):
        return welsh_answers.suggest(welsh_question)

    def suggestion(self, welsh_question):
        """The Welsh (yes, no) that fit a Welsh question, or None."""
        pair = welsh_answers.suggest(welsh_question)
        return welsh_answers.PAIRS[pair] if pair else None

    def editor_data(self, question):
        own = question.get("answer_words")
        if not isinstance(own, dict):
            return {"english_words": PLAIN, "welsh_words": SUGGESTED}
        data = {f"{key}_{code}": own[key][code] for key in ANSWERS for code in LANGUAGES}
        plain = own["yes"]["en"] == "Yes" and own["no"]["en"] == "No"
        data["english_words"] = PLAIN if plain else OWN
        data["welsh_words"] = welsh_answers.preset_of(own["yes"]["cy"], own["no"]["cy"]) or OWN
        return data

    def from_editor(self, question, form):
        """The words chosen; "the words that fit" follows the Welsh question as saved now,
        and keeps no words of its own while nothing fits (so they follow it later too)."""
        problems = []
        if form.english_words.data == OWN:
            english = ((form.yes_en.data or "").strip(), (form.no_en.data or "").strip())
            problems += [(f"{key}_en", _l("Write the English words for this answer, or choose Yes / No."))
                         for key, word in zip(ANSWERS, english) if not word]
        else:
            english = None
        choice = form.welsh_words.data
        if choice == OWN:
            welsh = ((form.yes_cy.data or "").strip(), (form.no_cy.data or "").strip())
            problems += [(f"{key}_cy", _l("Write the Welsh words for this answer, or choose a pair."))
                         for key, word in zip(ANSWERS, welsh) if not word]
        elif choice in welsh_answers.PAIRS:
            welsh = welsh_answers.PAIRS[choice]
        else:
            welsh = self.suggestion(question["text"]["cy"])
        if problems:
            return problems
        if english is None and welsh is None:
            question["answer_words"] = None
            return []
        general = self.general_words()
        english = english or ("Yes", "No")
        welsh = welsh or (general["yes"]["cy"], general["no"]["cy"])
        question["answer_words"] = {key: {"en": en, "cy": cy} for key, en, cy in zip(ANSWERS, english, welsh)}
        return [("yes_en", problem) for problem in self.problems(question)]

    def from_xlsform(self, reader, row, cells, head, rest):
        """As every fixed-answer kind, and the list's own words for its yes and no ("Yes,
        definitely") become the question's answer words, as the builder would keep them."""
        if not super().from_xlsform(reader, row, cells, head, rest):
            return False
        question, name = reader.questions[-1], cells.get("name", "")
        labels = {choice["name"].lower(): reader.choice_words(choice)
                  for _row, choice in reader.choices_of(row, cells, rest)}
        written = {key: {code: _button_words(labels[key][code]) for code in LANGUAGES} for key in ANSWERS}
        if all(written[key]["en"].lower() in ("", key) and written[key]["cy"].lower() in ("", plain)
               for key, plain in zip(ANSWERS, ("ie", "na"))):
            return True        # the words every yes/no question has
        # Where the form has no words of its own, the kind's (English Yes / No, Welsh Ie / Na,
        # written out: an import reads no page's language) or the Welsh that fits the question.
        welsh = self.suggestion(question["text"]["cy"]) or ("Ie", "Na")
        question["answer_words"] = {key: {"en": written[key]["en"] or en, "cy": written[key]["cy"] or cy}
                                    for key, en, cy in zip(ANSWERS, ("Yes", "No"), welsh)}
        # The form's own words, in each language it wrote them in (not those filled in here).
        shown = " · ".join(" / ".join(question["answer_words"][key][code] for key in ANSWERS)
                           for code in LANGUAGES if any(written[key][code] for key in ANSWERS))
        if self.problems(question):
            question["answer_words"] = None
            reader.not_carried_row(row, _l(
                "Row %(row)d: the answers of “%(name)s” have their own words (%(words)s), longer than a "
                "button can show, so its buttons say Yes and No. Write shorter words in the builder.",
                row=row, name=name, words=shown[:200]))
        else:
            reader.carried_row(row, _l("Row %(row)d: the answers of “%(name)s” keep their own words: %(words)s.",
                                       row=row, name=name, words=shown))
        return True

    def advice(self, question):
        """The easy-read check: Welsh words that do not fit the Welsh question."""
        text = (question.get("text") or {}).get("cy") or ""
        pair = welsh_answers.suggest(text)
        if not pair:
            return []
        words = self.words(question)
        yes, no = words["yes"].get("cy", ""), words["no"].get("cy", "")
        if welsh_answers.fits(pair, yes, no):
            return []
        want_yes, want_no = welsh_answers.PAIRS[pair]
        return [("answer_words", "answer_words", "cy", _l(
            "This question starts with “%(start)s”, so people answer “%(yes)s” or “%(no)s”, "
            "not “%(had_yes)s” or “%(had_no)s”. Choose %(yes)s / %(no)s.",
            start=welsh_answers.first_word(text), yes=want_yes, no=want_no, had_yes=yes, had_no=no))]


KIND = YesNo(
    "yes_no", _l("Yes or no"), _l("Two big buttons: yes and no."),
    answers=(("yes", _l("Yes"), "openmoji:2705"), ("no", _l("No"), "openmoji:274C")),
    wrong=_l("the answer must be yes or no."),
    xlsform_said=lambda row, name: _l("Row %(row)d: “%(name)s” was carried over as a yes or no question.",
                                      row=row, name=name))

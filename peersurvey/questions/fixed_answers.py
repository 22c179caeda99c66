"""Kinds whose answers are built in, each a big button with a picture (yes/no, feelings):
one shape, so one implementation; each kind gives its name, words and answers."""
from pathlib import Path

from flask_babel import force_locale

from ..i18n import text_in

HERE = Path(__file__).parent


class FixedAnswers:
    HAS_OPTIONS = False
    OPTION_PROMPTS = False
    OPEN = False
    CHARTED = True
    TEMPLATE = HERE / "fixed_answers.html"
    TABLET_SCRIPT = HERE / "fixed_answers.js"

    def __init__(self, name, label, help, answers, wrong, weights=None, xlsform_said=None):
        """`answers` (key, words, picture id); `wrong` what check_answer says of another
        value; `weights` how often the demo gives each; `xlsform_said(row, name)`, if given,
        takes an XLSForm select_one whose choices are exactly these keys and says so."""
        self.NAME, self.LABEL, self.HELP = name, label, help
        self.FIXED_ANSWERS, self.wrong, self.weights = answers, wrong, weights
        self.xlsform_said = xlsform_said
        self.XLSFORM_TYPES = ("select_one",) if xlsform_said else ()

    def new(self):
        return {}

    def problems(self, question):
        return []

    def check_answer(self, question, value):
        if not isinstance(value, str) or value not in {key for key, _w, _p in self.FIXED_ANSWERS}:
            return self.wrong
        return None

    def answers_in(self, question, language=None):
        """(key, words, picture id) of each answer, in `language` (else the page's): the
        question's own `answer_words` if it has them, else the kind's."""
        own = question.get("answer_words") if isinstance(question, dict) else None
        found = []
        for key, words, picture in self.FIXED_ANSWERS:
            if isinstance(own, dict) and isinstance(own.get(key), dict):
                found.append((key, text_in(own[key], language), picture))
            elif language:
                with force_locale(language):
                    found.append((key, str(words), picture))
            else:
                found.append((key, str(words), picture))
        return found

    def shown(self, question, value):
        for key, words, picture in self.answers_in(question):
            if key == value:
                return {"text": "", "chosen": [{"picture": picture, "words": words, "text": ""}]}
        return {"text": str(value), "chosen": []}

    def answer_words(self, question, value):
        return next((words for key, words, _p in self.answers_in(question) if key == value), str(value))

    def chart_choices(self, question):
        return self.answers_in(question)

    def demo_answer(self, rng, question, language, bank):
        keys = [key for key, _w, _p in self.FIXED_ANSWERS]
        return rng.choices(keys, weights=self.weights)[0] if self.weights else rng.choice(keys)

    def from_xlsform(self, reader, row, cells, head, rest):
        """A select_one whose list is exactly these answers (any case, any order)."""
        choices = reader.choices_of(row, cells, rest)
        names = sorted(choice.get("name", "").lower() for _row, choice in choices or [])
        if choices is None or names != sorted(key for key, _w, _p in self.FIXED_ANSWERS):
            return False
        answers = {choice["name"]: choice["name"].lower() for _row, choice in choices}
        reader.question(row, cells, {"kind": self.NAME}, self.xlsform_said(row, cells.get("name", "")),
                        answers=answers)
        return True

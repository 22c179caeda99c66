"""Read an XLSForm (the .xlsx of ODK and KoboToolbox) into a questionnaire document.

`read_xlsform(source)` never raises for a bad file: it returns an `ImportResult` whose
`document` is the questionnaire (docs/questionnaire-format.md) or None, and two lists
of `Line`s saying, row by row, what was carried over and what was not.

| XLSForm                                  | peersurvey                                    |
| ---------------------------------------- | --------------------------------------------- |
| select_one L (choices exactly yes, no)   | yes_no (the list's own words as answer_words) |
| select_one L / select_multiple L         | picture_choice, multiple false / true         |
| text                                     | free_text                                     |
| audio                                    | spoken_answer                                 |
| integer (constraint `. >= a and . <= b`) | short_answer, numeric, min / max              |
| decimal                                  | short_answer, not numeric (reported)          |
| note                                     | interviewer note of the next question         |
| hint                                     | interviewer note                              |
| label::English / label::Welsh            | text en / cy (other languages reported)       |
| relevant `${q}='a' or selected(${q},'b')`| condition on an earlier choice question       |
| begin/end group                          | questions kept, group dropped (reported once) |
| begin/end repeat                         | left out with every row inside (reported)     |
| image / audio columns                    | picture null (only a file name is in a sheet) |
| calculate, date, geopoint, photo, ...    | left out (reported)                           |
| start, end, deviceid, ... (metadata)     | left out (reported together)                  |
| required, default                        | not carried (reported: anything may be skipped)|
| appearance                               | not carried (reported together)               |
"""
import copy
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..questions import QUESTION_KINDS
from . import xlsform_reports as reports
from .workbook import Sheet, TooBig, load
from .xlsform_cells import Line, _key, _language, _range, _simple_condition, _split, _type, _unique, choice_lists

FORMAT = "peersurvey-questionnaire/1"
DEFAULT_TITLE = {"en": "Imported questionnaire", "cy": "Holiadur wedi'i fewnforio"}

METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
            "username", "email", "audit", "start-geopoint", "background-audio", "imei"}
DATE_TYPES = {"date", "time", "datetime"}
LOCATION_AND_MEDIA_TYPES = {"geopoint", "geotrace", "geoshape", "image", "photo",
                            "video", "file", "background-video"}
FROM_FILE_TYPES = {"select_one_from_file", "select_multiple_from_file"}

@dataclass
class ImportResult:
    document: dict | None
    carried: list = field(default_factory=list)
    not_carried: list = field(default_factory=list)


def read_xlsform(source):
    """Read a path, bytes or binary file object holding an XLSForm .xlsx."""
    try:
        sheets = load(source)
    except TooBig as too_big:
        return _refuse("", 0, too_big.args[0])
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError...) for a bad file
        return _refuse("", 0, _l("This file could not be opened as an Excel workbook. "
                                 "Save the form as an Excel workbook (.xlsx) from Excel, "
                                 "LibreOffice or KoboToolbox, and try again."))
    survey = sheets.get("survey")
    if survey is None:
        return _refuse("", 0, _l("This workbook has no sheet called “survey”. An XLSForm "
                                 "keeps its questions on a sheet with that name: rename the "
                                 "sheet of questions to “survey” and try again."))
    for column in ("type", "name"):
        if column not in survey.headers:
            return _refuse("survey", survey.header_row or 1, _l(
                "The “survey” sheet has no “%(column)s” column. Every XLSForm needs one: "
                "add it to the first row of the sheet and try again.", column=column))
    return _Reader(sheets).read()


def _place(line):
    """Lines in the order a person reads the workbook: whole file, then sheet by sheet."""
    return ["", "settings", "survey", "choices"].index(line.sheet), line.row


def _refuse(sheet, row, message):
    return ImportResult(document=None, not_carried=[Line(sheet, row, message)])


# Turning rows into questions ---------------------------------------------------------

class _Reader:
    def __init__(self, sheets):
        self.survey = sheets["survey"]
        self.choices = sheets.get("choices") or Sheet("choices")
        self.settings_sheet = sheets.get("settings") or Sheet("settings")
        self.settings = self.settings_sheet.rows[0][1] if self.settings_sheet.rows else {}
        self.default = _language(self.settings.get("default_language", "")) or "en"
        self.lists, self.carried, self.not_carried = choice_lists(self.choices.rows)
        self.converted = {}      # list name -> (options, choice name -> option key)
        self.questions, self.keys = [], set()
        self.earlier = {}        # question name -> (question, choice name -> answer key)
        self.notes = []          # notes waiting for the next question
        self.groups = []         # the relevant of each open group, "" for none
        self.told_groups = False
        self.metadata = []       # (row, type)
        self.required = []       # rows a form says must be answered
        self.looks = []          # (row, appearance) of questions the form says how to show
        self.looked_up = {}      # row -> its list's rows (choices_of)

    def read(self):
        said = self.settings.get("default_language", "")
        if said and _language(said) is None:     # "French (fr)": words with no language named are in it
            self.not_carried_row(self.settings_sheet.rows[0][0], _l(
                "The form's default language is %(language)s. Its words with no language named were "
                "carried over as English: put them into English and Welsh in the builder.",
                language=said[:100]), "settings")
        reports.other_languages(self, self.survey, ("label", "hint"))
        reports.other_languages(self, self.choices, ("label",))
        rows = iter(self.survey.rows)
        for row, cells in rows:
            self._row(row, cells, rows)
        for row, name, _words in self.notes:
            self.not_carried_row(row, _l("Row %(row)d: the note “%(name)s” comes after the last "
                              "question, so it was left out. Put its words on the consent "
                              "page or in an interviewer note.", row=row, name=name))
        reports.at_the_end(self)
        document = self._document() if self.questions else None
        if document is None:
            self.not_carried.insert(0, Line("", 0, _l(
                "No question in this form could be carried over, so nothing was imported. "
                "The list below says why for each row.")))
        return ImportResult(document, sorted(self.carried, key=_place),
                            sorted(self.not_carried, key=_place))

    def _document(self):
        title = self._texts(self.settings, "form_title", self.settings_sheet)
        if not any(title.values()):
            title = dict(DEFAULT_TITLE)
        texts = [q["text"]["cy"] for q in self.questions]
        texts += [o["text"]["cy"] for q in self.questions for o in q.get("options", [])]
        if not any(texts):
            self.not_carried_row(self.survey.header_row, _l(
                "This form has no Welsh words, so every question was carried over in "
                "English only. Add the Welsh in the builder."))
        return {"format": FORMAT, "title": title, "consent": {"en": "", "cy": ""},
                "questions": self.questions}

    def _row(self, row, cells, rows):
        head, rest = _type(cells.get("type", ""))
        name = cells.get("name", "")
        if head == "begin group":
            self.groups.append(cells.get("relevant", ""))
            if not self.told_groups:
                self.told_groups = True
                self.not_carried_row(row, _l("Row %(row)d: this form puts questions in groups, such "
                                  "as “%(name)s”. The questions were carried over but not "
                                  "the groups, because peersurvey asks one question at a "
                                  "time.", row=row, name=name))
        elif head == "end group":
            self.groups = self.groups[:-1]
        elif head == "begin repeat":
            self._skip_repeat(row, name, rows)
        elif head == "end repeat":
            pass  # an end without a begin: nothing to undo
        elif head == "":
            if name or any(cells.get(h) for h in self.survey.headers if h.startswith("label")):
                self.not_carried_row(row, _l("Row %(row)d has no type, so it was left out. Give it a "
                                  "type in the spreadsheet and import it again.", row=row))
        elif head == "note":
            text = self._texts(cells, "label", self.survey)
            reports.files(self, row, cells, self.survey, name)
            if any(text.values()):
                self.notes.append((row, name, text))
                if cells.get("relevant"):
                    self.not_carried_row(row, _l(
                        "Row %(row)d: the note “%(name)s” is shown only when %(expression)s. Its words "
                        "were added to the next question's interviewer note, which is always shown. "
                        "Check it in the builder.", row=row, name=name, expression=cells["relevant"][:200]))
        elif not self._by_kind(row, cells, head, rest):
            self._left_out(row, name, head, rest)

    def _by_kind(self, row, cells, head, rest):
        """Each kind that takes this type is asked in turn (a fallback last): True if one took it."""
        kinds = sorted((k for k in QUESTION_KINDS if head in k.XLSFORM_TYPES),
                       key=lambda k: getattr(k, "XLSFORM_FALLBACK", False))
        return any(kind.from_xlsform(self, row, cells, head, rest) for kind in kinds)

    def _left_out(self, row, name, head, rest):
        """Types peersurvey cannot ask: one line each (metadata together, at the end)."""
        values = dict(row=row, name=name, type=head)
        if head in METADATA:
            self.metadata.append((row, head))
        elif head == "calculate":
            self.not_carried_row(row, _l("Row %(row)d: “%(name)s” is a calculation. peersurvey does "
                              "not do calculations, so it was left out.", **values))
        elif head in DATE_TYPES:
            self.not_carried_row(row, _l("Row %(row)d: “%(name)s” asks for a date or time, which "
                              "peersurvey cannot record yet, so it was left out. Add a "
                              "short answer question in the builder if you need it.",
                              **values))
        elif head in LOCATION_AND_MEDIA_TYPES:
            self.not_carried_row(row, _l("Row %(row)d: “%(name)s” asks for a place on a map, a photo, "
                              "a recording or a file. peersurvey does not collect these, so "
                              "it was left out.", **values))
        elif head in FROM_FILE_TYPES:
            self.not_carried_row(row, _l("Row %(row)d: “%(name)s” takes its choices from the file "
                              "“%(file)s”, which is not in the spreadsheet, so it was left "
                              "out. Add the question in the builder and type its choices "
                              "there.", file=rest[0] if rest else "", **values))
        else:
            self.not_carried_row(row, _l("Row %(row)d: “%(name)s” is a question of type "
                              "“%(type)s”, which peersurvey cannot ask, so it was left "
                              "out.", **values))

    def _skip_repeat(self, row, name, rows):
        self.not_carried_row(row, _l("Row %(row)d: “%(name)s” is a repeat, which asks the same "
                          "questions again and again. peersurvey cannot do that, so the "
                          "repeat and every question in it were left out.",
                          row=row, name=name))
        depth = 1
        for inner_row, cells in rows:
            head, _ = _type(cells.get("type", ""))
            depth += head in ("begin group", "begin repeat")
            depth -= head in ("end group", "end repeat")
            if depth == 0:
                return
            if head and not head.startswith(("begin ", "end ")):
                self.not_carried_row(inner_row, _l(
                    "Row %(row)d: “%(name)s” is inside the repeat “%(repeat)s”, so it was "
                    "left out.", row=inner_row, name=cells.get("name", ""), repeat=name))

    # What a kind's from_xlsform uses (questions/__init__.py) ------------------------

    number_range = staticmethod(_range)

    def choices_of(self, row, cells, rest):
        """The rows of the list a select row names, or None if it names none. What cannot
        be carried is said once for the row, however many kinds look."""
        if not rest:
            return None
        if row not in self.looked_up:
            name, list_name = cells.get("name", ""), rest[0]
            choices = self.lists.get(list_name.lower())
            if choices is None:
                self.not_carried_row(row, _l("Row %(row)d: “%(name)s” uses the list of choices "
                                             "“%(list)s”, which is not on the “choices” sheet. It was "
                                             "carried over with no choices: add them in the builder.",
                                             row=row, name=name, list=list_name))
                choices = []
            if "or_other" in rest[1:]:
                self.not_carried_row(row, _l("Row %(row)d: “%(name)s” lets people type an “other” "
                                             "answer. peersurvey cannot do that, so the “other” choice "
                                             "was left out: add one in the builder if you need it.",
                                             row=row, name=name))
            self.looked_up[row] = choices
        return self.looked_up[row]

    def options_of(self, row, cells, rest):
        """(options, choice name -> option key) for the list a select row names, or None."""
        choices = self.choices_of(row, cells, rest)
        return None if choices is None else self._options(rest[0].lower(), choices)

    def choice_words(self, cells):
        return self._texts(cells, "label", self.choices)

    def _options(self, list_name, choices):
        """A list's options, converted (and reported) once however many questions use it."""
        if list_name not in self.converted:
            options, answers, taken = [], {}, set()
            for row, cells in choices:
                name = cells.get("name", "")
                key = self._make_key(row, name, taken, "option", self.choices.name)
                answers.setdefault(name, key)
                reports.files(self, row, cells, self.choices,
                                   self._texts(cells, "label", self.choices)["en"] or name)
                options.append({"key": key, "text": self._texts(cells, "label", self.choices),
                                "picture": None, "audio": {"en": None, "cy": None}})
            self.converted[list_name] = (options, answers)
        options, answers = self.converted[list_name]
        return copy.deepcopy(options), answers

    def question(self, row, cells, fields, said=None, *, options=None, answers=None,
                  rule_carried=False):
        name = cells.get("name", "")
        if said is not None:
            self.carried_row(row, said)
        question = {"key": self._make_key(row, name, self.keys, "question", "survey"),
                    **fields, "text": self._texts(cells, "label", self.survey),
                    "picture": None, "note": self._note(cells), "heading": None,
                    "condition": None, "audio": {"en": None, "cy": None}}
        if options is not None:
            question["options"] = options
        question["condition"] = self._condition(row, cells)
        if not any(question["text"].values()):
            self.not_carried_row(row, _l("Row %(row)d has no question text. It was carried over: "
                              "write its words in the builder.", row=row))
        elif any("${" in text for text in question["text"].values()):
            self.not_carried_row(row, _l("Row %(row)d: the words of “%(name)s” include the answer to "
                              "another question. peersurvey cannot do that, so change the "
                              "words in the builder.", row=row, name=name))
        reports.files(self, row, cells, self.survey, name)
        reports.rules(self, row, cells, name, rule_carried)
        reports.answering(self, row, cells, name)
        reports.looks(self, row, cells, name)
        self.questions.append(question)
        self.earlier.setdefault(name, (question, answers))

    def _note(self, cells):
        """The hint, after the words of any notes just before this question."""
        texts = [text for _, _, text in self.notes] + [self._texts(cells, "hint", self.survey)]
        for row, name, _words in self.notes:
            self.carried_row(row, _l("Row %(row)d: the note “%(name)s” was added to the interviewer "
                              "note of the next question, “%(question)s”.", row=row,
                              name=name, question=cells.get("name", "")))
        self.notes = []
        return {lang: "\n\n".join(t[lang] for t in texts if t[lang]) for lang in ("en", "cy")}

    def _condition(self, row, cells):
        # A group's condition applies to every question inside it.
        rules = [rule for rule in [*self.groups, cells.get("relevant", "")] if rule]
        if not rules:
            return None
        expression = " and ".join(f"({rule})" for rule in rules) if len(rules) > 1 else rules[0]
        simple = _simple_condition(expression)
        if simple and simple[0] in self.earlier and self.earlier[simple[0]][1] is not None:
            question, answers = self.earlier[simple[0]]
            if all(value in answers for value in simple[1]):
                self.carried_row(row, _l("Row %(row)d: the condition on “%(name)s” was carried "
                                  "over: %(expression)s.", row=row,
                                  name=cells.get("name", ""), expression=expression))
                keys = list(dict.fromkeys(answers[value] for value in simple[1]))
                return {"question": question["key"], "options": keys}
        self.not_carried_row(row, _l("Row %(row)d: “%(name)s” has the condition %(expression)s. "
                          "peersurvey can only ask a question depending on the answer to an "
                          "earlier choice or yes or no question, so the condition was left "
                          "out and the question is always asked. Check it in the builder.",
                          row=row, name=cells.get("name", ""), expression=expression))
        return None

    def _make_key(self, row, name, taken, fallback, sheet):
        key = _unique(_key(name, fallback), taken)
        if not name:
            self.carried_row(row, _l("Row %(row)d on the “%(sheet)s” sheet has no name, so it was "
                              "given the name “%(key)s”.", row=row, sheet=sheet, key=key),
                      sheet=sheet)
        elif key != name:
            self.carried_row(row, _l("Row %(row)d on the “%(sheet)s” sheet: the name “%(name)s” "
                              "became “%(key)s”, because names in peersurvey use only small "
                              "letters, digits and _, and are all different.",
                              row=row, sheet=sheet, name=name, key=key), sheet=sheet)
        return key

    def _texts(self, cells, base, sheet):
        """{"en", "cy"} from `base` and `base::<language>` columns; named languages win."""
        texts = {"en": "", "cy": ""}
        columns = sorted(sheet.headers, key=lambda h: _split(h)[1] is None)
        for header in columns:
            column, tag = _split(header)
            language = self.default if tag is None else _language(tag)
            if column == base and language and not texts[language]:
                texts[language] = cells.get(header, "")
        return texts

    def carried_row(self, row, message, sheet="survey"):
        self.carried.append(Line(sheet, row, message))

    def not_carried_row(self, row, message, sheet="survey"):
        self.not_carried.append(Line(sheet, row, message))

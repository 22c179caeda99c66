"""Read an XLSForm (the .xlsx of ODK and KoboToolbox) into a questionnaire document.

`read_xlsform(source)` never raises for a bad file: it returns an `ImportResult` whose
`document` is the questionnaire (docs/questionnaire-format.md) or None, and two lists
of `Line`s saying, row by row, what was carried over and what was not.

| XLSForm                                  | peersurvey                                    |
| ---------------------------------------- | --------------------------------------------- |
| select_one L (choices exactly yes, no)   | yes_no                                        |
| select_one L / select_multiple L         | picture_choice, multiple false / true         |
| text                                     | free_text                                     |
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
"""
import copy
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .workbook import Sheet, TooBig, load

FORMAT = "peersurvey-questionnaire/1"
DEFAULT_TITLE = {"en": "Imported questionnaire", "cy": "Holiadur wedi'i fewnforio"}
KEY_LENGTH = 40

# A language column is named `label::English (en)`, `label::english`, `label::cy`, ...
LANGUAGE_NAMES = {"en": "en", "eng": "en", "english": "en", "saesneg": "en",
                  "cy": "cy", "cym": "cy", "wel": "cy", "welsh": "cy", "cymraeg": "cy"}
MEDIA_COLUMNS = ("image", "big-image", "audio", "video")
METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
            "username", "email", "audit", "start-geopoint", "background-audio", "imei"}
DATE_TYPES = {"date", "time", "datetime"}
LOCATION_AND_MEDIA_TYPES = {"geopoint", "geotrace", "geoshape", "image", "photo", "audio",
                            "video", "file", "background-video"}
FROM_FILE_TYPES = {"select_one_from_file", "select_multiple_from_file"}

# Conditions we can carry: `${q} = 'a'`, `selected(${q}, 'a')`, joined by `or`.
_TERM = re.compile(r"""\s*(?:\$\{(?P<q1>[^}]+)\}\s*=\s*(?P<v1>'[^']*'|"[^"]*")
                   |selected\s*\(\s*\$\{(?P<q2>[^}]+)\}\s*,\s*(?P<v2>'[^']*'|"[^"]*")\s*\)
                   )\s*""", re.VERBOSE)
_OR = re.compile(r"or\b\s*")
_BOUND = re.compile(r"\s*\.\s*(>=|<=|>|<)\s*(-?\d+)\s*")


@dataclass(frozen=True)
class Line:
    sheet: str      # "survey", "choices", "settings", or "" for the whole file
    row: int        # as Excel shows it; 0 for the whole file
    message: object  # a lazy translatable string: str() it inside a request


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


def _split(header):
    """'label::welsh (cy)' -> ('label', 'welsh (cy)'); 'media::image' -> ('image', None)."""
    parts = header.split("::")
    if parts[0] == "media" and len(parts) > 1:
        parts = parts[1:]
    return parts[0], "::".join(parts[1:]) or None


def _language(tag):
    """'English (en)', 'english', 'cy', 'Cymraeg (cy)' -> 'en' or 'cy'; None for others."""
    tag = tag.strip().lower()
    code = re.search(r"\(\s*([a-z]+)", tag)
    if code and code.group(1) in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code.group(1)]
    name = re.sub(r"\(.*", "", tag).strip()
    return LANGUAGE_NAMES.get(re.split(r"[-_]", name)[0])  # 'en-GB' is English too


def _key(name, fallback):
    """The format's rule: lower-case letters, digits and _, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9_]+", "_", ascii_name.lower()).strip("_")
    if not key:
        return fallback
    if not key[0].isalpha():
        key = f"{fallback}_{key}"
    return key[:KEY_LENGTH].rstrip("_")


def _unique(key, taken):
    number, unique = 1, key
    while unique in taken:
        number += 1
        unique = f"{key[:KEY_LENGTH - len(str(number)) - 1]}_{number}"
    taken.add(unique)
    return unique


def _type(text):
    """'select one Colours' -> ('select_one', ['Colours']); 'begin_group' -> ('begin group', []).

    Old forms write types with spaces, new ones with _; list and file names keep their case.
    """
    words = text.split()
    lowered = [word.lower() for word in words]
    if not words:
        return "", []
    if lowered[0] in ("begin", "end") and len(words) > 1:
        return f"{lowered[0]} {lowered[1]}", words[2:]
    if lowered[0] in ("begin_group", "end_group", "begin_repeat", "end_repeat"):
        return lowered[0].replace("_", " "), words[1:]
    if lowered[:2] in (["select", "one"], ["select", "multiple"]):
        return f"select_{lowered[1]}", words[2:]
    if lowered[:4] == ["select", "all", "that", "apply"]:
        return "select_multiple", words[4:]
    return lowered[0], words[1:]


def _range(expression):
    """`. >= 0 and . <= 120` -> (0, 120); None when the rule is anything else."""
    low = high = None
    for part in re.split(r"\s+and\s+", expression.strip()):
        match = _BOUND.fullmatch(part)
        if not match:
            return None
        operator, number = match.group(1), int(match.group(2))
        if operator.startswith(">"):
            low = number + (operator == ">")
        else:
            high = number - (operator == "<")
    if low is not None and high is not None and low > high:
        return None  # a rule no answer can meet: better reported than carried
    return low, high


def _simple_condition(expression):
    """`${q}='a' or selected(${q}, 'b')` -> ('q', ['a', 'b']); None for anything else."""
    text, position, question, values = expression.strip(), 0, None, []
    while True:
        term = _TERM.match(text, position)
        if not term:
            return None
        name = (term.group("q1") or term.group("q2")).strip()
        if question not in (None, name):
            return None  # peersurvey conditions look at one earlier question only
        question = name
        values.append((term.group("v1") or term.group("v2"))[1:-1])
        position = term.end()
        if position == len(text):
            return question, values
        joiner = _OR.match(text, position)
        if not joiner:
            return None
        position = joiner.end()


# Turning rows into questions ---------------------------------------------------------

class _Reader:
    def __init__(self, sheets):
        self.survey = sheets["survey"]
        self.choices = sheets.get("choices") or Sheet("choices")
        self.settings_sheet = sheets.get("settings") or Sheet("settings")
        self.settings = self.settings_sheet.rows[0][1] if self.settings_sheet.rows else {}
        self.default = _language(self.settings.get("default_language", "")) or "en"
        self.lists = {}
        for row, cells in self.choices.rows:
            if cells.get("list_name"):
                self.lists.setdefault(cells["list_name"].lower(), []).append((row, cells))
        self.converted = {}      # list name -> (options, choice name -> option key)
        self.carried, self.not_carried = [], []
        self.questions, self.keys = [], set()
        self.earlier = {}        # question name -> (question, choice name -> answer key)
        self.notes = []          # notes waiting for the next question
        self.groups = []         # the relevant of each open group, "" for none
        self.told_groups = False
        self.metadata = []       # (row, type)

    def read(self):
        self._report_other_languages(self.survey, ("label", "hint"))
        self._report_other_languages(self.choices, ("label",))
        rows = iter(self.survey.rows)
        for row, cells in rows:
            self._row(row, cells, rows)
        for row, name, _words in self.notes:
            self._not(row, _l("Row %(row)d: the note “%(name)s” comes after the last "
                              "question, so it was left out. Put its words on the consent "
                              "page or in an interviewer note.", row=row, name=name))
        if self.metadata:
            self._not(self.metadata[0][0], _l(
                "Rows %(rows)s hold details that the phone or tablet fills in by itself "
                "(%(types)s). They are not questions, so they were left out.",
                rows=", ".join(str(row) for row, _ in self.metadata),
                types=", ".join(dict.fromkeys(kind for _, kind in self.metadata))))
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
            self._not(self.survey.header_row, _l(
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
                self._not(row, _l("Row %(row)d: this form puts questions in groups, such "
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
                self._not(row, _l("Row %(row)d has no type, so it was left out. Give it a "
                                  "type in the spreadsheet and import it again.", row=row))
        elif head == "note":
            text = self._texts(cells, "label", self.survey)
            if any(text.values()):
                self.notes.append((row, name, text))
        elif head in ("select_one", "select_multiple") and rest:
            self._choice_question(row, cells, head == "select_multiple", rest)
        elif head in ("text", "string"):
            self._question(row, cells, {"kind": "free_text"}, _l(
                "Row %(row)d: “%(name)s” was carried over as a question where the "
                "interviewer types the answer.", row=row, name=name))
        elif head in ("integer", "int"):
            self._number_question(row, cells)
        elif head == "decimal":
            self._question(row, cells, {"kind": "short_answer", "numeric": False,
                                        "min": None, "max": None})
            self._not(row, _l("Row %(row)d: “%(name)s” asks for a number with decimals. "
                              "peersurvey only checks whole numbers, so it was carried over "
                              "as a short answer that takes any text.", row=row, name=name))
        else:
            self._left_out(row, name, head, rest)

    def _left_out(self, row, name, head, rest):
        """Types peersurvey cannot ask: one line each (metadata together, at the end)."""
        values = dict(row=row, name=name, type=head)
        if head in METADATA:
            self.metadata.append((row, head))
        elif head == "calculate":
            self._not(row, _l("Row %(row)d: “%(name)s” is a calculation. peersurvey does "
                              "not do calculations, so it was left out.", **values))
        elif head in DATE_TYPES:
            self._not(row, _l("Row %(row)d: “%(name)s” asks for a date or time, which "
                              "peersurvey cannot record yet, so it was left out. Add a "
                              "short answer question in the builder if you need it.",
                              **values))
        elif head in LOCATION_AND_MEDIA_TYPES:
            self._not(row, _l("Row %(row)d: “%(name)s” asks for a place on a map, a photo, "
                              "a recording or a file. peersurvey does not collect these, so "
                              "it was left out.", **values))
        elif head in FROM_FILE_TYPES:
            self._not(row, _l("Row %(row)d: “%(name)s” takes its choices from the file "
                              "“%(file)s”, which is not in the spreadsheet, so it was left "
                              "out. Add the question in the builder and type its choices "
                              "there.", file=rest[0] if rest else "", **values))
        else:
            self._not(row, _l("Row %(row)d: “%(name)s” is a question of type "
                              "“%(type)s”, which peersurvey cannot ask, so it was left "
                              "out.", **values))

    def _skip_repeat(self, row, name, rows):
        self._not(row, _l("Row %(row)d: “%(name)s” is a repeat, which asks the same "
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
                self._not(inner_row, _l(
                    "Row %(row)d: “%(name)s” is inside the repeat “%(repeat)s”, so it was "
                    "left out.", row=inner_row, name=cells.get("name", ""), repeat=name))

    def _number_question(self, row, cells):
        name, rule = cells.get("name", ""), cells.get("constraint", "")
        bounds = _range(rule) if rule else (None, None)
        low, high = bounds or (None, None)
        self._question(row, cells, {"kind": "short_answer", "numeric": True,
                                    "min": low, "max": high},
                       _l("Row %(row)d: “%(name)s” was carried over as a question where "
                          "the interviewer types a whole number.", row=row, name=name),
                       rule_carried=bounds is not None)

    def _choice_question(self, row, cells, multiple, rest):
        name, list_name = cells.get("name", ""), rest[0]
        choices = self.lists.get(list_name.lower())
        if choices is None:
            self._not(row, _l("Row %(row)d: “%(name)s” uses the list of choices "
                              "“%(list)s”, which is not on the “choices” sheet. It was "
                              "carried over with no choices: add them in the builder.",
                              row=row, name=name, list=list_name))
            choices = []
        if "or_other" in rest[1:]:
            self._not(row, _l("Row %(row)d: “%(name)s” lets people type an “other” "
                              "answer. peersurvey cannot do that, so the “other” choice "
                              "was left out: add one in the builder if you need it.",
                              row=row, name=name))
        names = sorted(choice.get("name", "").lower() for _, choice in choices)
        if not multiple and names == ["no", "yes"]:
            answers = {choice["name"]: choice["name"].lower() for _, choice in choices}
            self._question(row, cells, {"kind": "yes_no"}, _l(
                "Row %(row)d: “%(name)s” was carried over as a yes or no question.",
                row=row, name=name), answers=answers)
            return
        options, answers = self._options(list_name.lower(), choices)
        fields = {"kind": "picture_choice", "multiple": multiple}
        if multiple:
            said = _l("Row %(row)d: “%(name)s” was carried over as a picture question "
                      "where people choose one or more of %(count)d choices.",
                      row=row, name=name, count=len(options))
        else:
            said = _l("Row %(row)d: “%(name)s” was carried over as a picture question "
                      "where people choose one of %(count)d choices.",
                      row=row, name=name, count=len(options))
        self._question(row, cells, fields, said, options=options, answers=answers)

    def _options(self, list_name, choices):
        """A list's options, converted (and reported) once however many questions use it."""
        if list_name not in self.converted:
            options, answers, taken = [], {}, set()
            for row, cells in choices:
                name = cells.get("name", "")
                key = self._make_key(row, name, taken, "option", self.choices.name)
                answers.setdefault(name, key)
                self._report_files(row, cells, self.choices,
                                   self._texts(cells, "label", self.choices)["en"] or name)
                options.append({"key": key, "text": self._texts(cells, "label", self.choices),
                                "picture": None, "audio": {"en": None, "cy": None}})
            self.converted[list_name] = (options, answers)
        options, answers = self.converted[list_name]
        return copy.deepcopy(options), answers

    def _question(self, row, cells, fields, said=None, *, options=None, answers=None,
                  rule_carried=False):
        name = cells.get("name", "")
        if said is not None:
            self._did(row, said)
        question = {"key": self._make_key(row, name, self.keys, "question", "survey"),
                    **fields, "text": self._texts(cells, "label", self.survey),
                    "picture": None, "note": self._note(cells), "heading": None,
                    "condition": None, "audio": {"en": None, "cy": None}}
        if options is not None:
            question["options"] = options
        question["condition"] = self._condition(row, cells)
        if not any(question["text"].values()):
            self._not(row, _l("Row %(row)d has no question text. It was carried over: "
                              "write its words in the builder.", row=row))
        elif any("${" in text for text in question["text"].values()):
            self._not(row, _l("Row %(row)d: the words of “%(name)s” include the answer to "
                              "another question. peersurvey cannot do that, so change the "
                              "words in the builder.", row=row, name=name))
        self._report_files(row, cells, self.survey, name)
        self._report_rules(row, cells, name, rule_carried)
        self.questions.append(question)
        self.earlier.setdefault(name, (question, answers))

    def _note(self, cells):
        """The hint, after the words of any notes just before this question."""
        texts = [text for _, _, text in self.notes] + [self._texts(cells, "hint", self.survey)]
        for row, name, _words in self.notes:
            self._did(row, _l("Row %(row)d: the note “%(name)s” was added to the interviewer "
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
                self._did(row, _l("Row %(row)d: the condition on “%(name)s” was carried "
                                  "over: %(expression)s.", row=row,
                                  name=cells.get("name", ""), expression=expression))
                keys = list(dict.fromkeys(answers[value] for value in simple[1]))
                return {"question": question["key"], "options": keys}
        self._not(row, _l("Row %(row)d: “%(name)s” has the condition %(expression)s. "
                          "peersurvey can only ask a question depending on the answer to an "
                          "earlier choice or yes or no question, so the condition was left "
                          "out and the question is always asked. Check it in the builder.",
                          row=row, name=cells.get("name", ""), expression=expression))
        return None

    def _report_rules(self, row, cells, name, rule_carried):
        for column in ("constraint", "choice_filter"):
            expression = cells.get(column, "")
            if column == "constraint" and rule_carried:
                self._did(row, _l("Row %(row)d: the rule on “%(name)s” (%(expression)s) was "
                                  "carried over as the lowest or highest number allowed.",
                                  row=row, name=name, expression=expression))
            elif expression:
                self._not(row, _l("Row %(row)d: the %(column)s rule on “%(name)s” "
                                  "(%(expression)s) was not carried over, because peersurvey "
                                  "cannot check it. Check this question in the builder.",
                                  row=row, column=column, name=name, expression=expression))

    def _report_files(self, row, cells, sheet, name):
        """A spreadsheet holds only a file's name, never the picture or recording itself."""
        files = [cells[h] for h in sheet.headers if _split(h)[0] in MEDIA_COLUMNS and cells.get(h)]
        if files:
            self._not(row, _l("Row %(row)d on the “%(sheet)s” sheet: the file “%(file)s” for "
                              "“%(name)s” could not be carried over, because the spreadsheet "
                              "holds only its name. Choose a picture or make a recording for "
                              "it in the builder.", row=row, sheet=sheet.name, name=name,
                              file=", ".join(dict.fromkeys(files))), sheet=sheet.name)

    def _report_other_languages(self, sheet, bases):
        for header, written in sheet.headers.items():
            base, tag = _split(header)
            used = any(cells.get(header) for _, cells in sheet.rows)
            if base in bases and tag and _language(tag) is None and used:
                self._not(sheet.header_row, _l(
                    "The column “%(column)s” on the “%(sheet)s” sheet is in a language "
                    "other than English or Welsh, so its words were left out.",
                    column=written, sheet=sheet.name), sheet=sheet.name)

    def _make_key(self, row, name, taken, fallback, sheet):
        key = _unique(_key(name, fallback), taken)
        if not name:
            self._did(row, _l("Row %(row)d on the “%(sheet)s” sheet has no name, so it was "
                              "given the name “%(key)s”.", row=row, sheet=sheet, key=key),
                      sheet=sheet)
        elif key != name:
            self._did(row, _l("Row %(row)d on the “%(sheet)s” sheet: the name “%(name)s” "
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

    def _did(self, row, message, sheet="survey"):
        self.carried.append(Line(sheet, row, message))

    def _not(self, row, message, sheet="survey"):
        self.not_carried.append(Line(sheet, row, message))

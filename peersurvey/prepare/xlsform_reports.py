"""What the XLSForm importer (xlsform.py) says about what a form does that peersurvey does not:
rules it cannot check, files a spreadsheet only names, languages it does not have, answers
a form makes people give or fills in for them, how a question should look, and details the
phone fills in by itself.
Each function adds its lines to the reader (`carried_row`, `not_carried_row`)."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from .xlsform_cells import _language, _split

MEDIA_COLUMNS = ("image", "big-image", "audio", "video")
NOT_REQUIRED = {"", "no", "false", "false()", "0"}
ROWS_SHOWN = 20          # a form that makes every question must-answer would list them all
SAME_LOOK = {"multiline"}     # appearances peersurvey has already, not worth a line


def rules(reader, row, cells, name, rule_carried):
    for column in ("constraint", "choice_filter"):
        expression = cells.get(column, "")
        if column == "constraint" and rule_carried:
            reader.carried_row(row, _l("Row %(row)d: the rule on “%(name)s” (%(expression)s) was "
                                       "carried over as the lowest or highest number allowed.",
                                       row=row, name=name, expression=expression))
        elif expression:
            reader.not_carried_row(row, _l("Row %(row)d: the %(column)s rule on “%(name)s” "
                                           "(%(expression)s) was not carried over, because peersurvey "
                                           "cannot check it. Check this question in the builder.",
                                           row=row, column=column, name=name, expression=expression))


def files(reader, row, cells, sheet, name):
    """A spreadsheet holds only a file's name, never the picture or recording itself."""
    named = [cells[h] for h in sheet.headers if _split(h)[0] in MEDIA_COLUMNS and cells.get(h)]
    if named:
        reader.not_carried_row(row, _l("Row %(row)d on the “%(sheet)s” sheet: the file “%(file)s” for "
                                       "“%(name)s” could not be carried over, because the spreadsheet "
                                       "holds only its name. Choose a picture or make a recording for "
                                       "it in the builder.", row=row, sheet=sheet.name, name=name,
                                       file=", ".join(dict.fromkeys(named))), sheet=sheet.name)


def other_languages(reader, sheet, bases):
    for header, written in sheet.headers.items():
        base, tag = _split(header)
        used = any(cells.get(header) for _, cells in sheet.rows)
        if base in bases and tag and _language(tag) is None and used:
            reader.not_carried_row(sheet.header_row, _l(
                "The column “%(column)s” on the “%(sheet)s” sheet is in a language "
                "other than English or Welsh, so its words were left out.",
                column=written, sheet=sheet.name), sheet=sheet.name)


def answering(reader, row, cells, name):
    """A person may skip any question in peersurvey, and nothing is answered for them: a
    question the form makes must-answer (said once, at the end) or fills in is said."""
    if cells.get("required", "").strip().lower() not in NOT_REQUIRED:
        reader.required.append(row)
    default = cells.get("default", "").strip()
    if default:
        reader.not_carried_row(row, _l("Row %(row)d: “%(name)s” starts with the answer “%(default)s” "
                                       "already given. peersurvey never answers for the person, so it "
                                       "starts with no answer.", row=row, name=name, default=default[:200]))


def looks(reader, row, cells, name):
    """How the form asks a question to look on a phone (appearance: a drop-down list, a
    likert row, a number pad) is not carried: peersurvey asks every question its own easy-read
    way, one at a time (said once, at the end). A text box of many lines is what it has.
    search() takes the answers from a file: said on its own, as answers may be missing."""
    appearance = " ".join(cells.get("appearance", "").split())
    if "search(" in appearance.lower() and cells.get("type", "").strip().lower().startswith("select"):
        reader.not_carried_row(row, _l("Row %(row)d: “%(name)s” takes its answers from a file (%(appearance)s). "
                                       "A spreadsheet holds only the file's name, so only the answers on the "
                                       "choices sheet were carried over. Check them in the builder.",
                                       row=row, name=name, appearance=appearance[:200]))
    elif appearance and appearance.lower() not in SAME_LOOK:
        reader.looks.append((row, appearance[:100]))


def at_the_end(reader):
    """The lines about many rows at once, each said once."""
    if reader.metadata:
        rows = ", ".join(str(row) for row, _ in reader.metadata)
        types = ", ".join(dict.fromkeys(kind for _, kind in reader.metadata))
        reader.not_carried_row(reader.metadata[0][0], lazy_ngettext(
            "Row %(rows)s holds a detail that the phone or tablet fills in by itself "
            "(%(types)s). It is not a question, so it was left out.",
            "Rows %(rows)s hold details that the phone or tablet fills in by itself "
            "(%(types)s). They are not questions, so they were left out.",
            len(reader.metadata), rows=rows, types=types))
    if reader.required:
        shown = ", ".join(str(row) for row in reader.required[:ROWS_SHOWN])
        reader.not_carried_row(reader.required[0], lazy_ngettext(
            "Row %(rows)s: the form says this question must be answered. In peersurvey a person can "
            "always skip a question, so it can be skipped too.",
            "Rows %(rows)s: the form says these questions must be answered. In peersurvey a person "
            "can always skip a question, so they can be skipped too.",
            len(reader.required), rows=shown + (", …" if len(reader.required) > ROWS_SHOWN else "")))
    if reader.looks:
        shown = ", ".join(str(row) for row, _ in reader.looks[:ROWS_SHOWN])
        first = {}                 # each look once, whatever its case, as first written
        for _row, look in reader.looks[:ROWS_SHOWN]:
            first.setdefault(look.lower(), look)
        looks = ", ".join(first.values())
        reader.not_carried_row(reader.looks[0][0], lazy_ngettext(
            "Row %(rows)s: the form says how this question should look on a phone (%(looks)s). "
            "peersurvey shows every question in its own easy-read way, so that was left out.",
            "Rows %(rows)s: the form says how these questions should look on a phone (%(looks)s). "
            "peersurvey shows every question in its own easy-read way, so that was left out.",
            len(reader.looks), rows=shown + (", …" if len(reader.looks) > ROWS_SHOWN else ""), looks=looks))

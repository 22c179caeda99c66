"""Reading an .xlsx that anyone may have made, a row at a time and within caps.

A workbook is a zip of XML. It is measured as the zip declares its parts before anything is
unpacked (zip_guard.py); then openpyxl reads it in read-only mode, each part measured as XML
before openpyxl parses it (workbook_guard.py), a row at a time, never sized by what a sheet
says about itself: a 5 KB file can say it reaches XFD1048576, and a loaded workbook would
fill in every cell up to it (2.8 GB). Past the caps below it is refused with TooBig, whose
message says so in plain words.
"""
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .. import zip_guard
from . import workbook_guard

# Files from KoboToolbox or Google Sheets make openpyxl warn about styles and data
# validation; that means nothing to the person importing. (Set once here: a
# warnings.catch_warnings around each load would swap the filters of every thread.)
warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

# A real XLSForm has a few hundred rows and a few dozen columns. A workbook is read as it is
# unpacked (openpyxl's read-only mode), never whole, and refused past these: a 5 KB file can
# declare a cell at XFD1048576, and a loaded workbook would fill in every cell up to it.
MAX_FILE_BYTES = 16 * 1024 * 1024          # the .xlsx itself (the page takes 8 MB)
MAX_UNPACKED_BYTES = 64 * 1024 * 1024      # all its parts unpacked, as the zip declares them
MAX_PARTS = 1_000
MAX_SHEETS = 50
# openpyxl reads these whole even in read-only mode: a real form's are a few kilobytes.
WHOLE_PARTS = {"xl/sharedStrings.xml": 4 * 1024 * 1024, "xl/styles.xml": 4 * 1024 * 1024,
               "xl/workbook.xml": 1024 * 1024}
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_CELLS = 200_000


@dataclass
class Sheet:
    name: str
    header_row: int = 0
    headers: dict = field(default_factory=dict)   # normalised header -> as written
    rows: list = field(default_factory=list)      # (row number, {normalised header: text})


class TooBig(Exception):
    """A workbook past the caps above; its message says so in plain words."""


TOO_BIG = _l("This file is too big to be a form. An XLSForm is a small workbook: check that this "
             "is the right file, and try again.")



def load(source):
    """Each sheet of the workbook (a path, bytes or binary file), by its name in lower case."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    with zipfile.ZipFile(source) as archive:
        try:
            zip_guard.measured(archive, max_total=MAX_UNPACKED_BYTES, max_part=MAX_UNPACKED_BYTES,
                               max_parts=MAX_PARTS,
                               part_cap=lambda name: WHOLE_PARTS.get(name, MAX_UNPACKED_BYTES))
        except zip_guard.ZipRefused:
            raise TooBig(TOO_BIG)
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        book = workbook_guard.open_workbook(source, MAX_SHEETS)
        try:
            cells = [0]     # counted across sheets
            return {ws.title.strip().lower(): _read_sheet(ws, cells) for ws in book.worksheets}
        finally:
            book.close()
    except workbook_guard.Refused:
        raise TooBig(TOO_BIG)


def _read_sheet(ws, cells_so_far):
    sheet = Sheet(ws.title.strip().lower())
    positions = {}
    # One row and one column past the caps, so something just beyond them shows; openpyxl
    # stops reading there, never sizing the sheet by what it declares (nor filling in the
    # rows up to a far one). Nothing further down or right is read: no form reaches there.
    # Rows missing between two in the file come as one shared empty row: skipped at C speed.
    for number, values in enumerate(ws.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1,
                                                 values_only=True), start=1):
        empty = values.count(None)
        if empty == len(values):
            continue
        _within_caps(sheet.name, number, values, cells_so_far, len(values) - empty)
        cells = [_text(value) for value in values]
        if not any(cells):
            continue
        if not positions:  # the first row with anything in it holds the column names
            sheet.header_row = number
            for index, cell in enumerate(cells):
                if cell and _header(cell) not in positions:
                    positions[_header(cell)] = index
                    sheet.headers[_header(cell)] = cell
            continue
        sheet.rows.append((number, {name: cells[index] for name, index in positions.items()
                                    if index < len(cells) and cells[index]}))
    return sheet


def _within_caps(sheet, number, values, cells_so_far, filled):
    if number > MAX_ROWS:
        row, most = f"{number:,}", f"{MAX_ROWS:,}"
        raise TooBig(_l("The “%(sheet)s” sheet has something in row %(row)s. A form can use at most "
                        "%(most)s rows: delete what is below them, or split the form in two, and try again.",
                        sheet=sheet, row=row, most=most))
    if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
        raise TooBig(_l("The “%(sheet)s” sheet has something in a column past column %(most)s. A form can "
                        "use at most %(most)s columns: delete what is to the right of them, and try again.",
                        sheet=sheet, most=MAX_COLUMNS))
    cells_so_far[0] += filled
    if cells_so_far[0] > MAX_CELLS:
        raise TooBig(TOO_BIG)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a choice named 1 comes back from Excel as 1.0
    return str(value).strip()


def _header(text):
    """'Label :: English (en)' -> 'label::english (en)'; 'list name' -> 'list_name'. Older
    forms (pyxform still reads them) write one colon: 'label:English' is 'label::english', and
    'bind:relevant' (or 'bind::relevant') is 'relevant'."""
    if "::" not in text and ":" in text:
        text = text.replace(":", "::", 1)
    parts = [re.sub(r"\s+", " ", part.strip().lower()) for part in text.split("::")]
    if parts[0] == "bind" and len(parts) > 1:
        parts = parts[1:]
    parts[0] = parts[0].replace(" ", "_")
    return "::".join(parts)

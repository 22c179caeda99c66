"""openpyxl opens a workbook only through this guard, which measures each part as XML, a
chunk at a time with expat (no tree), just before openpyxl parses it.

Even in read-only mode openpyxl builds a whole tree of some parts (the content types, the
workbook, its relationships, the styles), and keeps more of the others than it seems: a
sheet's row whole, and every element of a sheet or of the shared strings that is not a row
or a string. A 3 MB upload, within the caps on sizes, can unpack to a row of a million
cells, a million content types, or shared strings under a name those caps do not know:
openpyxl would make 200 to 900 MB of them. So parts are judged by how openpyxl reads them,
never by their names, which a file chooses:
  whole    read() in one go: at most WHOLE_BYTES each, WHOLE_ELEMENTS across them all
  strings  the shared strings, a string at a time: STRINGS_BYTES, MAX_STRINGS
  rows     a sheet, a row at a time: ROW_ELEMENTS and ROW_TEXT to a row, MAX_ROW_TAGS rows
and in the last two at most SHEET_ELEMENTS, and KEPT_ELEMENTS (KEPT_TEXT) of what is
neither a row nor a string. No part may go on for STALL_BYTES without an element or text
ending (a vast tag, attribute or comment). Past any of these: Refused.
"""
import zipfile
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHEET_MAIN_NS

WHOLE_BYTES = 4 * 1024 * 1024
WHOLE_ELEMENTS = 50_000         # about 700 bytes each once openpyxl has made objects of them
STRINGS_BYTES = 4 * 1024 * 1024
MAX_STRINGS = 200_000           # as many as a form may have cells (workbook.MAX_CELLS)
STRING_ELEMENTS = 1_000         # rich text runs in one string
KEPT_ELEMENTS = 20_000          # a sheet's column widths, merged cells, validations...
ROW_ELEMENTS = 40_000           # a row: at most 16,384 cells, each with its value
ROW_TEXT = 2 * 1024 * 1024      # characters in one row (a cell holds at most 32,767)
KEPT_TEXT = 1024 * 1024         # characters besides rows and strings
MAX_ROW_TAGS = 100_000          # row elements, filled or not (openpyxl reads up to row 5,001)
SHEET_ELEMENTS = 1_500_000      # 5,000 rows of 100 cells; more keeps openpyxl busy for long
STALL_BYTES = 1024 * 1024
CHUNK = 64 * 1024

ROW = f"{SHEET_MAIN_NS} row"
STRING = f"{SHEET_MAIN_NS} si"


class Refused(Exception):
    """A part past the limits above."""


def open_workbook(source, max_sheets):
    """The workbook, opened by openpyxl read-only with every part measured as it is asked
    for. Raises Refused (also for more than `max_sheets` sheets, which may all name one
    big part), or ValueError for what is not a workbook's XML."""
    reader = ExcelReader(source, read_only=True, data_only=True, keep_links=False)
    reader.archive.close()
    if hasattr(source, "seek"):
        source.seek(0)
    archive = reader.archive = _Guarded(source)
    read_strings = reader.read_strings

    def strings_a_string_at_a_time():
        archive.streaming = "strings"
        try:
            read_strings()
        finally:
            archive.streaming = "rows"
    reader.read_strings = strings_a_string_at_a_time
    read_worksheets = reader.read_worksheets

    def so_many_sheets():
        if len(reader.parser.sheets) > max_sheets:
            raise Refused("too many sheets")
        read_worksheets()
    reader.read_worksheets = so_many_sheets
    try:
        reader.read()
    except BaseException:
        archive.close()
        raise
    return reader.wb


class _Guarded(zipfile.ZipFile):
    """A zip whose parts are measured before anything reads them (ZipFile.read opens too)."""

    def __init__(self, source):
        super().__init__(source)
        self.streaming = "rows"     # how the part opened next will be read, a piece at a time
        self.whole_elements = 0
        self.passed = set()

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return _Measured(stream, self, info)

    def measure(self, info, how):
        if (info.filename, how) in self.passed:
            return
        if info.file_size > {"whole": WHOLE_BYTES, "strings": STRINGS_BYTES}.get(how, info.file_size):
            raise Refused(f"{info.filename}: {info.file_size} bytes to read {how}")
        with super().open(info) as stream:
            shape = _Shape(how, WHOLE_ELEMENTS - self.whole_elements)
            shape.measure(stream)
        if how == "whole":
            self.whole_elements += shape.elements
        self.passed.add((info.filename, how))


class _Measured:
    """A part as openpyxl reads it: read() is a whole read; read(n), by iterparse, in pieces."""

    def __init__(self, stream, archive, info):
        self.stream, self.archive, self.info, self.measured = stream, archive, info, False

    def read(self, size=-1):
        if not self.measured:
            whole = size is None or size < 0
            self.archive.measure(self.info, "whole" if whole else self.archive.streaming)
            self.measured = True
        return self.stream.read(size)

    def close(self):
        self.stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getattr__(self, name):
        return getattr(self.stream, name)


class _Shape:
    """Counts, as expat reads one part, what openpyxl would keep of it when read `how`."""

    def __init__(self, how, whole_left):
        self.how, self.whole_left = how, whole_left
        self.elements = self.kept = self.rows = self.strings = 0
        self.in_row = self.in_string = 0         # depth inside a row / a string
        self.row_elements = self.row_text = self.string_elements = self.kept_text = 0
        self.moved = False

    def measure(self, stream):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.doctype
        stalled = 0
        try:
            while chunk := stream.read(CHUNK):
                self.moved = False
                parser.Parse(chunk, False)
                stalled = 0 if self.moved else stalled + len(chunk)
                if stalled > STALL_BYTES:
                    raise Refused("no element ends")
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise ValueError(f"not XML: {error}") from None

    def start(self, name, _attributes):
        self.moved = True
        self.elements += 1
        if self.how == "whole":
            if self.elements > self.whole_left:
                raise Refused("too many elements to read whole")
            return
        if self.elements > SHEET_ELEMENTS:
            raise Refused("too many elements")
        if self.in_row:
            self.row_elements += 1
            if self.row_elements > ROW_ELEMENTS:
                raise Refused("too many cells in a row")
        elif self.in_string:
            self.string_elements += 1
            if self.string_elements > STRING_ELEMENTS:
                raise Refused("a string of too many parts")
        elif self.how == "rows" and name == ROW:
            self.rows += 1
            self.row_elements = self.row_text = 0
            if self.rows > MAX_ROW_TAGS:
                raise Refused("too many rows")
        elif self.how == "strings" and name == STRING:
            self.strings += 1
            self.string_elements = 0
            if self.strings > MAX_STRINGS:
                raise Refused("too many strings")
        else:
            self.kept += 1
            if self.kept > KEPT_ELEMENTS:
                raise Refused("too much besides rows and strings")
        if name == ROW and self.how == "rows":
            self.in_row += 1
        elif name == STRING and self.how == "strings":
            self.in_string += 1

    def end(self, name):
        self.moved = True
        if name == ROW and self.in_row:
            self.in_row -= 1
        elif name == STRING and self.in_string:
            self.in_string -= 1

    def text(self, data):
        self.moved = True
        if self.in_row:
            self.row_text += len(data)
            if self.row_text > ROW_TEXT:
                raise Refused("too much text in a row")
        elif not self.in_string and self.how == "rows":
            self.kept_text += len(data)
            if self.kept_text > KEPT_TEXT:
                raise Refused("too much text besides rows")

    def doctype(self, *_args):
        raise ValueError("a workbook's XML has no document type")

"""No small upload can exhaust memory. Each hostile file is sent to a real server process,
whose peak memory (VmHWM in /proc) is read before and after: the refusal message alone
would not show that nothing was unpacked. Before, a 5 KB workbook with one cell at
XFD1048576 took 2.8 GB, and a 0.76 MB project file declaring 750 MB of tables 2.75 GB."""
import base64
import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from peersurvey.prepare import questionnaires, workbook
from peersurvey.project_files.transfer import TABLES

from .browser.conftest import LiveServer
from .collect.conftest import DEMO, answer, interview
from .collect.recording_helpers import announce, sound
from .together import Visitor

# They read the server's peak memory: run alone (make test), with no other test's work beside them.
pytestmark = pytest.mark.alone

GREW_AT_MOST = 60_000_000     # the server's own work (a page, a parse of the zip's index)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("uploads"))
    lead = server.make.lead()
    project = server.make.project(lead)
    server.visitor = Visitor(server.port).sign_in(lead["email"], lead["password"])
    server.project, server.lead = project, lead
    yield server
    server.stop()


def peak_memory(process):
    with open(f"/proc/{process.pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) * 1024


def reset_peak(process):
    """Start the high-water mark again from what the process holds now, so that one test's
    peak cannot hide the next one's; the memory held now, in bytes."""
    with open(f"/proc/{process.pid}/clear_refs", "w") as clear:
        clear.write("5")
    return peak_memory(process)


def upload(server, page, action, field, name, data):
    """Send `data` as the file of the form on `page`, as a lead's browser would; the page's text."""
    fields = MultiDict(server.visitor.form(page, action))
    fields.add(field, FileStorage(io.BytesIO(data), filename=name))
    boundary, body = encode_multipart(fields)
    status, _headers, html = server.visitor.send(
        "POST", action, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return status, " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def refused_within_memory(server, page, action, field, name, data):
    before = reset_peak(server.process)
    status, page_text = upload(server, page, action, field, name, data)
    grew = peak_memory(server.process) - before
    assert grew < GREW_AT_MOST, f"the server's memory grew by {grew / 1e6:.0f} MB refusing a {len(data) / 1e3:.0f} KB file"
    return status, page_text


def a_form(path):
    """A small, real XLSForm."""
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in (["type", "name", "label"], ["text", "town", "Where do you live?"]):
        book.active.append(row)
    book.save(path)
    return path


def rewritten(path, part, change):
    """The workbook with one of its parts changed (openpyxl would not write these files)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if item.filename == part else data)
    return out.getvalue()


def far_cell(tmp_path, cell="XFD1048576"):
    """4 KB: the form, plus one more cell, the sheet saying it reaches XFD1048576 (the last
    cell a sheet can have)."""
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").encode()
    return rewritten(a_form(tmp_path / "form.xlsx"), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="%s"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        % (row, cell.encode())).replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1:XFD1048576" />'))


def many_sheets(tmp_path, count):
    """The form's sheet named `count` times over, each time with a row at 1048576."""
    data = far_cell(tmp_path, "A1048576")
    def more(xml):
        one = xml[xml.index(b"<sheet "):xml.index(b"/>", xml.index(b"<sheet ")) + 2]
        copies = b"".join(one.replace(b'name="survey"', b'name="s%d"' % n).replace(b'sheetId="1"', b'sheetId="%d"' % (n + 2))
                          for n in range(count))
        return xml.replace(one, one + copies)
    path = tmp_path / "far.xlsx"
    path.write_bytes(data)
    return rewritten(path, "xl/workbook.xml", more)


def packed(parts):
    """A zip of `parts` {name: bytes, or (head, piece, times, tail) written piece by piece}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                if isinstance(data, tuple):
                    head, piece, times, tail = data
                    part.write(head)
                    for _ in range(times):
                        part.write(piece)
                    part.write(tail)
                else:
                    part.write(data)
    return out.getvalue()


def test_a_workbook_with_one_far_cell_is_read_without_filling_in_the_cells(server, tmp_path):
    """Past column 200 nothing is read (no form has that many), so the far cell is left out
    and the form's one real question comes in."""
    data = far_cell(tmp_path)
    assert len(data) < 10_000
    page = f"/projects/{server.project}/questionnaires/import"
    _status, said = refused_within_memory(server, page, page, "file", "form.xlsx", data)
    assert "The questionnaire is in your project as a new draft." in said


def test_a_workbook_with_something_past_the_last_row_a_form_can_use_is_refused(server, tmp_path):
    data = far_cell(tmp_path, "A5001")
    page = f"/projects/{server.project}/questionnaires/import"
    _status, said = refused_within_memory(server, page, page, "file", "form.xlsx", data)
    assert "The “survey” sheet has something in row 5,001. A form can use at most 5,000 rows" in said


def test_a_workbook_naming_one_far_reaching_sheet_many_times_is_refused_at_once(server, tmp_path):
    data = many_sheets(tmp_path, 60)
    assert len(data) < 10_000
    page = f"/projects/{server.project}/questionnaires/import"
    _status, said = refused_within_memory(server, page, page, "file", "form.xlsx", data)
    assert "This file is too big to be a form." in said


def test_a_workbook_whose_sheet_unpacks_to_hundreds_of_megabytes_is_refused_unopened(server, tmp_path):
    with zipfile.ZipFile(a_form(tmp_path / "form.xlsx")) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, tail = sheet.split(b"</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = (       # 200 MB of rows
        head, b'<row><c t="inlineStr"><is><t>' + b"a" * 1000 + b"</t></is></c></row>", 200_000,
        b"</sheetData>" + tail)
    data = packed(parts)
    assert len(data) < 1_000_000
    page = f"/projects/{server.project}/questionnaires/import"
    _status, said = refused_within_memory(server, page, page, "file", "form.xlsx", data)
    assert "This file is too big to be a form." in said


def numbers(count, pattern):
    """`pattern` % a random number, `count` times: XML that packs no tighter than a real sheet."""
    rng = random.Random(count)
    return b"".join(pattern % rng.randrange(10**6) for _ in range(count))


def with_parts(tmp_path, changes, added=None):
    """The form with parts changed ({name: change(xml)}) and parts added ({name: xml})."""
    out = io.BytesIO()
    with zipfile.ZipFile(a_form(tmp_path / "form.xlsx")) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, changes[item.filename](data) if item.filename in changes else data)
        for name, data in (added or {}).items():
            target.writestr(name, data)
    return out.getvalue()


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'
STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@pytest.mark.parametrize("what, hostile", [
    ("one row of 750,000 cells (openpyxl holds a row whole)", lambda tmp_path: with_parts(tmp_path, {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
            b"</sheetData>", b'<row r="3">' + numbers(750_000, b"<c><v>%d</v></c>") + b"</row></sheetData>")})),
    ("600,000 elements after the rows (kept until the sheet ends)", lambda tmp_path: with_parts(tmp_path, {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(
            b"</sheetData>", b"</sheetData><extLst>" + numbers(600_000, b'<ext uri="%d"/>') + b"</extLst>")})),
    ("1,000,000 shared strings in a part named like a sheet (the caps by name miss it)",
     lambda tmp_path: with_parts(tmp_path, {"[Content_Types].xml": lambda xml: xml.replace(
         b"</Types>", b'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="%s"/></Types>' % STRINGS_TYPE)},
        {"xl/worksheets/sheet9.xml": SST % numbers(1_000_000, b"<si><t>%d</t></si>")})),
    ("400,000 content types (read whole)", lambda tmp_path: with_parts(tmp_path, {
        "[Content_Types].xml": lambda xml: xml.replace(
            b"</Types>", numbers(400_000, b'<Default Extension="e%d" ContentType="a/b"/>') + b"</Types>")})),
])
def test_a_workbook_openpyxl_would_hold_hundreds_of_megabytes_of_is_refused_unread(server, tmp_path, what, hostile):
    """Each is a few megabytes and unpacks to 10 to 20 MB, within the caps on sizes; openpyxl,
    even read-only, would have made 300 to 900 MB of it. (workbook_guard.py)"""
    data = hostile(tmp_path)
    assert len(data) < 6_000_000
    page = f"/projects/{server.project}/questionnaires/import"
    _status, said = refused_within_memory(server, page, page, "file", "form.xlsx", data)
    assert "This file is too big to be a form." in said, what


def as_excel_writes_it(rows):
    """An .xlsx of one sheet, "survey", its text in shared strings as Excel writes them."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    strings, cells = {}, []
    for r, row in enumerate(rows, start=1):
        cells.append(f'<row r="{r}">' + "".join(
            f'<c r="{openpyxl.utils.get_column_letter(c)}{r}" t="s"><v>{strings.setdefault(text, len(strings))}</v></c>'
            for c, text in enumerate(row, start=1)) + "</row>")
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{"".join(cells)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>",
    }
    return packed({name: xml.encode() for name, xml in parts.items()})


def test_a_big_form_as_excel_writes_it_still_comes_in():
    """3,000 questions in twenty languages, every text different: far bigger than real forms."""
    rows = [["type", "name", "label"] + [f"label::language {n}" for n in range(17)]]
    rows += [["text", f"q{r}"] + [f"Question {r} in language {n}?" for n in range(18)] for r in range(3_000)]
    sheets = workbook.load(as_excel_writes_it(rows))
    assert len(sheets["survey"].rows) == 3_000
    assert sheets["survey"].rows[-1] == (3_001, dict(zip(sheets["survey"].headers, rows[-1])))


def test_a_small_project_file_declaring_huge_tables_is_refused_before_it_is_unpacked(server):
    """Every table there, as in a real file; three of them 250 MB each."""
    row = b'{"id": "x", "value": "' + b"y" * 1000 + b'"},'
    parts = {"manifest.json": json.dumps({"format": "peersurvey-project", "version": 1}).encode(),
             "tables/people.json": b'[{"id": 1, "name": "Dewi", "picture": null}]',
             **{f"tables/{name}.json": b"[]" for name in TABLES}}
    parts.update({f"tables/{name}.json": (b"[", row, 250_000, b'{"id": "x"}]')
                  for name in ("projects", "memberships", "questionnaires")})
    data = packed(parts)
    assert len(data) < 2_500_000
    page = f"/projects/{server.project}/exports/"
    status, said = refused_within_memory(server, page, f"/projects/{server.project}/exports/import-project",
                                         "project_file", "project.zip", data)
    assert status == 400 and "This project file is damaged or has been changed, so nothing was brought in." in said


def test_a_project_file_that_says_its_table_is_small_is_not_read_past_what_it_says(server):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": "peersurvey-project", "version": 1}))
        for name in TABLES:
            archive.writestr(f"tables/{name}.json", b"[]")
        archive.writestr("tables/people.json", b"[" + b" " * 50_000_000 + b"]")     # read first
    # The table says (in the zip's index and its own header) it unpacks to 1,000 bytes; it holds 50 MB.
    lying = bytearray(out.getvalue())
    for header, at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = lying.rfind(header)
        lying[start + at:start + at + 4] = (1000).to_bytes(4, "little")
    page = f"/projects/{server.project}/exports/"
    status, said = refused_within_memory(server, page, f"/projects/{server.project}/exports/import-project",
                                         "project_file", "project.zip", bytes(lying))
    assert status == 400 and "This is not a whole-project file from peersurvey." in said


def command_peak(server, path):
    """Run `peersurvey import-xlsform` on `path` in a process of its own, which says its own
    peak memory at the end: (peak bytes, exit code, what it printed)."""
    measure = ("import resource, runpy, sys\n"
               "sys.argv = ['peersurvey', 'import-xlsform', '--project', sys.argv[1], sys.argv[2]]\n"
               "code = 0\n"
               "try:\n    runpy.run_module('peersurvey', run_name='__main__')\n"
               "except SystemExit as stop:\n    code = stop.code\n"
               "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, code)\n")
    env = {**os.environ, "PEERSURVEY_DATABASE": server.database}
    done = subprocess.run([sys.executable, "-c", measure, str(server.project), str(path)],
                          check=False, capture_output=True, text=True, timeout=120, env=env)
    peak, code = done.stdout.split("PEAK ")[1].split()
    return int(peak), code, done.stdout + done.stderr


def test_the_command_line_refuses_the_far_cell_workbook_without_filling_it_in(server, tmp_path):
    far = tmp_path / "far.xlsx"
    far.write_bytes(far_cell(tmp_path, "A5001"))
    usual, code, _said = command_peak(server, a_form(tmp_path / "usual.xlsx"))
    assert code == "0"
    peak, code, said = command_peak(server, far)
    assert code == "1" and "has something in row 5,001" in said, said
    assert peak - usual < GREW_AT_MOST, f"the command took {(peak - usual) / 1e6:.0f} MB more than for a usual form"


def test_a_tablet_file_made_of_empty_lists_is_refused_unread(server):
    """9 MB of "[]," took 430 MB to read (each list about 60 bytes once read): refused by
    its shape, before it is read (safe_json)."""
    data = b'{"interviews": [], "x": [' + b"[]," * 3_000_000 + b"[]]}"
    page = f"/projects/{server.project}/interviews/"
    status, said = refused_within_memory(server, page, f"/projects/{server.project}/interviews/upload",
                                         "file", "interviews.json", data)
    assert status == 400 and "This is not a file saved by the peersurvey tablet app." in said


@pytest.mark.parametrize("start", ["", '"%s": "%s", ' % ("0" * 32, "QUJD" * 2_000_000)])
def test_a_tablet_file_whose_interview_is_many_small_values_is_refused_unread(server, start):
    """An interview as long as this is sound. 37 MB of two-letter words in one took 470 MB
    to read, and after 8 MB of sound they were read all the same (safe_json.LONG)."""
    words = ",".join(f'"{n:07d}":"cd"' for n in range(2_500_000))
    data = f'{{"interviews": [{{"recording_data": {{{start}{words}}}}}]}}'.encode()
    page = f"/projects/{server.project}/interviews/"
    status, said = refused_within_memory(server, page, f"/projects/{server.project}/interviews/upload",
                                         "file", "interviews.json", data)
    assert status == 400 and "This is not a file saved by the peersurvey tablet app." in said


def test_a_tablet_file_of_many_interviews_of_little_words_is_not_held_a_hundred_at_a_time(server):
    """Interviews are stored a hundred at a time, as a sync stores them, but at most 1 MB of
    their text (interview_file.BATCH_CHARS): a hundred of 2 MB of little words each took
    2.8 GB, held together before they were stored."""
    item = '{"id": "x", "answers": [%s]}' % ",".join(['"ab"'] * 200_000)       # 1 MB, under safe_json.LONG
    data = ('{"interviews": [' + ",".join([item] * 40) + ']}').encode()
    before = reset_peak(server.process)
    status, said = upload(server, f"/projects/{server.project}/interviews/",
                          f"/projects/{server.project}/interviews/upload", "file", "interviews.json", data)
    grew = peak_memory(server.process) - before
    assert status == 200 and "Interview 40:" in said, said[:500]
    assert grew < GREW_AT_MOST, f"the server's memory grew by {grew / 1e6:.0f} MB bringing in a {len(data) / 1e6:.0f} MB file"


def test_a_tablet_file_of_many_recordings_is_brought_in_one_interview_at_a_time(server):
    """A tablet offline for weeks saves a file of hundreds of MB, nearly all sound. Read
    whole, a 46 MB file took 141 MB more (its text, what it reads as, the sound); one
    interview at a time (collect/interview_file.py), 16 MB."""
    field = published(server)
    base = sound(60)                        # about 1 MB of WAV, 1.3 MB written in base64
    interviews = []
    for n in range(36):
        said = base[:-2] + struct.pack("<h", n)     # each recording its own
        recording = announce(said)
        item = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[recording])],
                         record_voice=True, participant_code=f"MEM{n:03d}")
        item["recording_data"] = {recording["id"]: base64.b64encode(said).decode()}
        interviews.append(item)
    data = json.dumps({"interviews": interviews}).encode()
    assert len(data) > 45_000_000
    before = reset_peak(server.process)
    status, said = upload(server, f"/projects/{server.project}/interviews/",
                          f"/projects/{server.project}/interviews/upload", "file", "waiting.json", data)
    grew = peak_memory(server.process) - before
    assert status == 200 and "Interview 36: stored." in said and "36 recordings from the file are stored." in said, said
    # Each interview's own sound is brought in as soon as it is stored (10 MB); holding all of
    # it to the end took 48 MB, under GREW_AT_MOST, so this is held to half of that.
    assert grew < GREW_AT_MOST / 2, f"the server's memory grew by {grew / 1e6:.0f} MB bringing in a {len(data) / 1e6:.0f} MB file"


def published(server):
    """The demo questionnaire published in the fixture's project, with an interviewer."""
    make = server.make
    interviewer = make.member(server.project, "Dewi", ("interviewer",))
    questionnaire = make.questionnaire(server.project, server.lead, json.loads(json.dumps(DEMO)))
    with make.app.test_request_context():
        questionnaires.publish(questionnaires.draft(questionnaire), server.lead["id"])
        version = questionnaires.latest_published(questionnaire)["id"]
    return {"version": version, "interviewer": interviewer}

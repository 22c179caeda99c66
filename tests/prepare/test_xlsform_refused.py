"""The XLSForm importer on files that are not XLSForms: each is refused with one line in
plain words, and a form with nothing peersurvey can ask imports nothing and says why."""
import io
import os
import zipfile

import openpyxl
import pytest

from peersurvey.prepare.xlsform import ImportResult, read_xlsform

from .xlsform_helpers import rows_of, workbook

# (d) Files that are not XLSForms -----------------------------------------------------

def only_line(result, render):
    assert isinstance(result, ImportResult) and result.document is None
    assert result.carried == []
    rendered = render(result.not_carried)
    assert len(rendered) == 1
    return rendered[0]


def test_random_bytes_are_refused_in_plain_words(render):
    sheet, row, text = only_line(read_xlsform(os.urandom(2000)), render)
    assert (sheet, row) == ("", 0) and ".xlsx" in text and "try again" in text


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, render):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a spreadsheet")
    assert "could not be opened" in only_line(read_xlsform(buffer.getvalue()), render)[2]
    assert "could not be opened" in only_line(read_xlsform(tmp_path / "gone.xlsx"), render)[2]


def test_a_workbook_without_a_survey_sheet_is_refused(tmp_path, render):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert "no sheet called “survey”" in only_line(read_xlsform(path), render)[2]


@pytest.mark.parametrize("headings, missing", [(["name", "label"], "type"),
                                               (["type", "label"], "name"),
                                               ([], "type")])
def test_a_survey_sheet_without_type_or_name_columns_is_refused(tmp_path, render, headings,
                                                               missing):
    survey = [headings, ["text", "a"]] if headings else []
    sheet, row, text = only_line(read_xlsform(workbook(tmp_path, survey)), render)
    assert (sheet, row) == ("survey", 1) and f"no “{missing}” column" in text


def test_a_form_with_nothing_peersurvey_can_ask_imports_nothing(tmp_path, render):
    survey = [["type", "name", "label", "calculation"],
              ["start", "start", None, None],
              ["calculate", "total", None, "1 + 1"],
              ["geopoint", "where", "Where?", None],
              ["begin repeat", "visits", "Visits", None],
              ["text", "visit", "Visit?", None],
              ["end repeat", None, None, None]]
    result = read_xlsform(workbook(tmp_path, survey))
    assert result.document is None and result.carried == []
    not_carried = render(result.not_carried)
    assert not_carried[0][:2] == ("", 0) and "nothing was imported" in not_carried[0][2]
    assert rows_of(not_carried[1:]) == [2, 3, 4, 5, 6]

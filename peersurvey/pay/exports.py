"""The month's approved pay for the finance team, as CSV or an Excel workbook: one row for
each piece of work, a total row for each person, and a grand total.

Totals are added up in whole pence and turned into pounds once, at the end, so the file
adds up to the penny. Every text goes through findings.exports.safe_cell, so a name
starting with "=" is never run as a formula.
"""
import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..findings.exports import NOT_IN_EXCEL, safe_cell
from . import claims, kinds, money

EXCEL_POUNDS = "£#,##0.00"


def headers():
    return [_("Date"), _("Name"), _("Kind of work"), _("Hours"), _("Rate"), _("Rate is"), _("Amount"),
            _("How paid"), _("Paid on")]


def hours(minutes):
    """Decimal hours to 2 places, as text ("1.50" for 90 minutes), worked out in whole numbers."""
    hundredths = (minutes * 100 + 30) // 60
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def rows(project_id, period):
    """("line" | "person" | "total", cells) for the month's approved claims. Money cells are
    whole pence (or None); the writers turn them into pounds."""
    by_person, grand, grand_minutes = {}, 0, 0
    for claim in claims.claims(project_id, period=period):
        by_person.setdefault(claim["person_id"], []).append(claim)
    for person_claims in by_person.values():
        name, total, minutes = person_claims[0]["person_name"], 0, 0
        for claim in person_claims:
            how = str(kinds.PAID_HOW.get(claim["paid_how"], "")) if claim["paid_at"] else _("not paid yet")
            paid_on = (claim["paid_at"] or "")[:10]
            for line in claim["lines"]:
                total, minutes = total + line["pence"], minutes + line["minutes"]
                yield "line", [line["day"], name, str(kinds.words(line["kind"])), hours(line["minutes"]),
                               line["rate"], str(kinds.UNITS.get(line["unit"], "")), line["pence"], how, paid_on]
        grand, grand_minutes = grand + total, grand_minutes + minutes
        yield "person", ["", _("Total for %(name)s", name=name), "", hours(minutes), None, "", total, "", ""]
    yield "total", ["", _("Total for everyone"), "", hours(grand_minutes), None, "", grand, "", ""]


def _pounds_text(pence):
    return "" if pence is None else money.pounds(pence)


def _excel_pounds(pence):
    # Excel keeps every number as a float; one division of whole pence is exact to the penny.
    return None if pence is None else pence / 100


def as_csv(project_id, period):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(text) for text in headers()])
    for _kind, cells in rows(project_id, period):
        cells = [*cells[:4], _pounds_text(cells[4]), cells[5], _pounds_text(cells[6]), *cells[7:]]
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")       # the BOM lets Excel read the £ and Welsh letters


def as_xlsx(project_id, period):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Pay")[:31]
    sheet.append([safe_cell(text, NOT_IN_EXCEL) for text in headers()])
    for kind, cells in rows(project_id, period):
        sheet.append([safe_cell(cell, NOT_IN_EXCEL) for cell in
                      [cells[0], cells[1], cells[2], float(cells[3]) if cells[3] else None]]
                     + [_excel_pounds(cells[4]), safe_cell(cells[5], NOT_IN_EXCEL), _excel_pounds(cells[6])]
                     + [safe_cell(cell, NOT_IN_EXCEL) for cell in cells[7:]])
        row = sheet.max_row
        sheet.cell(row, 4).number_format = "0.00"
        for column in (5, 7):
            sheet.cell(row, column).number_format = EXCEL_POUNDS
        if kind != "line":
            for column in range(1, 10):
                sheet.cell(row, column).font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (12, 24, 30, 8, 10, 18, 12, 18, 12)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The finance team's files: approved pay for a month, to the penny, and safe to open."""
import csv
import io

from openpyxl import load_workbook

from peersurvey.db import get_db
from peersurvey.pay import claims, work

from .conftest import MONTH, add_rate


def approved_month(app, paid_month, make):
    """Ada's £70.00 approved and paid in cash; a coder whose name starts with "=" with
    3 × 7 minutes of coding at £12.90 an hour (151p each) approved, not paid."""
    project_id, lead = paid_month["project_id"], paid_month["lead"]
    sneaky = make.member(project_id, "=HYPERLINK(\"http://x\")", roles=("coder",))
    with app.test_request_context():
        add_rate(project_id, lead, "coding", "hour", 1290)
        for day in ("2026-11-10", "2026-11-11", "2026-11-12"):
            work.add(project_id, sneaky["id"], "coding", f"{day}T10:00:00+00:00", 7, by=lead["id"],
                     note="+1 and more")
        claim = claims.approve(project_id, paid_month["ada"]["id"], MONTH, by=lead["id"])
        claims.mark_paid(project_id, claim, "cash", by=lead["id"])
        claims.approve(project_id, sneaky["id"], MONTH, by=lead["id"])
        # December's pay is not in November's file.
        work.add(project_id, paid_month["ada"]["id"], "interview", "2026-12-01T10:00:00+00:00", 20, by=lead["id"])
        claims.approve(project_id, paid_month["ada"]["id"], "2026-12", by=lead["id"])
        return list(get_db().query("select pence from pay_claims where period = ?", [MONTH]))


def test_the_workbook_totals_are_the_pence_added_up(app, client, make, paid_month):
    pence = [row["pence"] for row in approved_month(app, paid_month, make)]
    response = client.get(f"{paid_month['base']}/approved.xlsx?month={MONTH}")
    assert response.status_code == 200
    assert "better-lives" in response.headers["Content-Disposition"] and MONTH in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == ["Date", "Name", "Kind of work", "Hours", "Rate", "Rate is", "Amount"]
    person_totals = [row for row in rows if str(row[1]).startswith("Total for ") and row[1] != "Total for everyone"]
    assert sorted(round(row[6] * 100) for row in person_totals) == sorted(pence)
    assert rows[-1][1] == "Total for everyone" and round(rows[-1][6] * 100) == sum(pence) == 7000 + 3 * 151
    lines = [row for row in rows[1:] if row[0]]
    assert len(lines) == 4 + 3                               # December's interview is not here
    assert sheet.cell(2, 7).number_format == "£#,##0.00"
    training = next(row for row in lines if row[2] == "Training")
    assert (training[3], training[4], training[5], training[6], training[7]) == (2.5, 10.0, "for each hour", 25.0, "Cash")
    assert next(row for row in lines if row[2] == "Sorting answers into themes")[7] == "not paid yet"


def test_the_csv_has_a_row_for_each_piece_of_work_and_totals(app, client, make, paid_month):
    approved_month(app, paid_month, make)
    response = client.get(f"{paid_month['base']}/approved.csv?month={MONTH}")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[-1][1:7] == ["Total for everyone", "", "4.10", "", "", "£74.53"]
    assert ["", "Total for Ada", "", "3.75", "", "", "£70.00", "", ""] in rows   # 3 × 25 min + 150 min
    assert ["2026-11-10", "'=HYPERLINK(\"http://x\")", "Sorting answers into themes", "0.12", "£12.90",
            "for each hour", "£1.51", "not paid yet", ""] in rows


def test_names_that_look_like_formulas_are_never_run(app, client, make, paid_month):
    approved_month(app, paid_month, make)
    sheet = load_workbook(io.BytesIO(client.get(f"{paid_month['base']}/approved.xlsx?month={MONTH}").data)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "'=HYPERLINK(\"http://x\")" in names
    assert not any(isinstance(name, str) and name.startswith("=") for name in names)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_empty_month_gives_a_file_with_a_zero_total(client, paid_month):
    sheet = load_workbook(io.BytesIO(client.get(f"{paid_month['base']}/approved.xlsx?month=2026-01").data)).active
    assert [cell.value for cell in sheet[2]][1] == "Total for everyone"
    assert sheet.cell(2, 7).value == 0

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets import services
from common.bidi import isolate
from tests.builders import pledge, spend


@pytest.fixture
def figures(budget, ministry, other_ministry, coordinator, other_coordinator):
    pledge(budget, ministry, 2026, "1000.10", "800.05")
    pledge(budget, other_ministry, 2027, "200.00", "0")
    transfer = services.transfer_propose(
        budget=budget,
        by=coordinator,
        from_ministry=ministry,
        to_ministry=other_ministry,
        fiscal_year=2026,
        amount=Decimal("100.01"),
        description='=HYPERLINK("http://evil")',
    )
    services.transfer_mark_sent(transfer=transfer, by=coordinator)
    services.transfer_confirm_received(transfer=transfer, by=other_coordinator)
    spend(budget, ministry, "0.10", description="+1 taxi")
    spend(budget, ministry, "0.20", description="Coffee for the lead committee")
    return budget


def csv_rows(client, budget, sheet):
    response = client.get(reverse("budgets:export_csv", args=[budget.partnership_id, sheet]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        rf'attachment; filename="budget-{budget.partnership_id}-{sheet}-\d{{4}}-\d\d-\d\d\.csv"',
        response["Content-Disposition"],
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_summary_csv_holds_every_cell_and_total(client_for, evaluator, figures):
    rows = csv_rows(client_for(evaluator), figures, "summary")

    assert rows[0] == [
        "Fiscal year",
        "Organisation",
        "Pledged (CAD)",
        "Committed (CAD)",
        "Transferred out (CAD)",
        "Transferred in (CAD)",
        "Spent (CAD)",
        "Variance (CAD)",
    ]
    assert rows[1:4] == [
        [
            "2026–27",
            "Ministry of Community and Social Services",
            "1000.10",
            "800.05",
            "100.01",
            "0.00",
            "0.30",
            "699.74",
        ],
        ["2026–27", "Ministry of Health", "0.00", "0.00", "0.00", "100.01", "0.00", "100.01"],
        ["2026–27", "Total", "1000.10", "800.05", "100.01", "100.01", "0.30", "799.75"],
    ]
    assert rows[-1] == ["All years", "Total", "1200.10", "800.05", "100.01", "100.01", "0.30", "799.75"]
    assert len(rows) == 1 + 3 * 3 + 3


def test_detail_csvs_list_every_entry_and_defuse_formulas(client_for, coordinator, figures, ministry):
    client = client_for(coordinator)

    assert csv_rows(client, figures, "contributions")[1:] == [
        ["2026–27", "Ministry of Community and Social Services", "1000.10", "800.05"],
        ["2027–28", "Ministry of Health", "200.00", "0.00"],
    ]
    transfers = csv_rows(client, figures, "transfers")
    assert transfers[1][:6] == [
        "2026–27",
        "Ministry of Community and Social Services",
        "Ministry of Health",
        "100.01",
        "Received",
        '\'=HYPERLINK("http://evil")',
    ]
    expenditures = csv_rows(client, figures, "expenditures")
    assert [row[3] for row in expenditures[1:]] == ["0.10", "0.20"]
    assert expenditures[1][6] == "'+1 taxi"


def test_unknown_sheet_is_not_found(client_for, coordinator, budget):
    response = client_for(coordinator).get(reverse("budgets:export_csv", args=[budget.partnership_id, "secrets"]))

    assert response.status_code == 404


def test_excel_workbook_holds_the_same_figures_as_exact_decimals(client_for, evaluator, figures):
    response = client_for(evaluator).get(reverse("budgets:export_xlsx", args=[figures.partnership_id]))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Contributions", "Transfers", "Expenditures"]
    summary = [list(row) for row in workbook["Summary"].iter_rows(values_only=True)]
    # What people typed is isolated in the workbook (common.bidi), the fiscal year is ours.
    assert summary[1][:2] == ["2026–27", isolate("Ministry of Community and Social Services")]
    assert workbook["Summary"]["C2"].number_format == "#,##0.00"
    assert workbook["Transfers"]["F2"].value == isolate('\'=HYPERLINK("http://evil")')
    assert workbook["Transfers"]["F2"].data_type == "s"
    # The stored numbers are the exact decimal text, not a binary float's approximation.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1000.10</v>" in sheet
    assert "<v>699.74</v>" in sheet
    assert "0.30000000000000004" not in sheet


def test_no_float_anywhere_in_the_budgets_code():
    root = Path(__file__).resolve().parents[2] / "budgets"
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bfloat\s*\(|FloatField", line)
    ]

    assert offenders == []

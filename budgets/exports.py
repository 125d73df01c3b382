"""The budget as CSV files and an Excel workbook.

Both are written from the same rows, so they always agree. Amounts stay Decimal
all the way: CSV gets their exact text, and so does each numeric Excel cell (see
as_xlsx). Text people typed that starts like a formula is prefixed with an
apostrophe so a spreadsheet never runs it.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contribution, Expenditure, Transfer
from .summary import COMMITTEE

SHEETS = ["summary", "contributions", "transfers", "expenditures"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _money(header, budget):
    return f"{header} ({budget.currency})"


def summary_sheet(budget, summary):
    header = [
        _("Fiscal year"),
        _("Ministry"),
        _money(_("Pledged"), budget),
        _money(_("Committed"), budget),
        _money(_("Transferred out"), budget),
        _money(_("Transferred in"), budget),
        _money(_("Spent"), budget),
        _money(_("Variance"), budget),
    ]

    def line(year_label, name, cell):
        return [
            year_label,
            safe_text(name),
            cell.pledged,
            cell.committed,
            cell.sent,
            cell.received,
            cell.spent,
            cell.variance,
        ]

    rows = []
    for year in summary.years:
        label = budget.year_label(year)
        rows.extend(line(label, summary.names[key], summary.cell(year, key)) for key in summary.keys)
        rows.append(line(label, _("Total"), summary.year_total(year)))
    everything = _("All years")
    rows.extend(line(everything, summary.names[key], summary.key_total(key)) for key in summary.keys)
    rows.append(line(everything, _("Total"), summary.total))
    return _("Summary"), header, rows


def contributions_sheet(budget, summary):
    header = [_("Fiscal year"), _("Ministry"), _money(_("Pledged"), budget), _money(_("Committed"), budget)]
    rows = [
        [budget.year_label(c.fiscal_year), safe_text(c.ministry.name), c.pledged, c.committed]
        for c in Contribution.objects.filter(budget=budget).select_related("ministry")
    ]
    return _("Contributions"), header, rows


def transfers_sheet(budget, summary):
    header = [
        _("Fiscal year"),
        _("From"),
        _("To"),
        _money(_("Amount"), budget),
        _("State"),
        _("What it is for"),
        _("Sent"),
        _("Sent by"),
        _("Received"),
        _("Receipt confirmed by"),
    ]
    rows = []
    for t in Transfer.objects.filter(budget=budget).for_listing().order_by("fiscal_year", "created_at", "pk"):
        rows.append(
            [
                budget.year_label(t.fiscal_year),
                safe_text(t.from_ministry.name),
                safe_text(t.receiver_name),
                t.amount,
                str(t.get_state_display()),
                safe_text(t.description),
                t.sent_at,
                safe_text(t.sent_by or ""),
                t.received_at,
                safe_text(t.received_by or ""),
            ]
        )
    return _("Transfers"), header, rows


def expenditures_sheet(budget, summary):
    header = [
        _("Date"),
        _("Fiscal year"),
        _("Category"),
        _money(_("Amount"), budget),
        _("Spent by"),
        _("Field unit"),
        _("Description"),
        _("Receipt or invoice"),
        _("Recorded by"),
    ]
    rows = []
    for e in Expenditure.objects.filter(budget=budget).for_listing().order_by("date", "pk"):
        rows.append(
            [
                e.date,
                budget.year_label(e.fiscal_year),
                str(e.get_category_display()),
                e.amount,
                safe_text(e.ministry.name if e.ministry_id else summary.names[COMMITTEE]),
                safe_text(e.field_unit.name if e.field_unit_id else ""),
                safe_text(e.description),
                safe_text(e.attachment_name),
                safe_text(e.recorded_by or ""),
            ]
        )
    return _("Expenditures"), header, rows


BUILDERS = {
    "summary": summary_sheet,
    "contributions": contributions_sheet,
    "transfers": transfers_sheet,
    "expenditures": expenditures_sheet,
}


def _csv_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def as_csv(budget, summary, sheet):
    _title, header, rows = BUILDERS[sheet](budget, summary)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    # A byte-order mark so that Excel opens accented ministry names correctly.
    return "\ufeff" + out.getvalue()


def as_xlsx(budget, summary):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        title, header, rows = BUILDERS[sheet](budget, summary)
        worksheet = workbook.create_sheet(title=title[:31])
        worksheet.append(header)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            worksheet.append(
                [timezone.localtime(v).replace(tzinfo=None) if isinstance(v, datetime) else v for v in row]
            )
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                    # openpyxl writes numbers with "%.16g", which goes through a float and can change
                    # the last cent of a large amount. Hand it the exact text instead; the cell stays numeric.
                    cell._value = f"{cell.value:f}"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        worksheet.freeze_panes = "A2"
        for column in worksheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            worksheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

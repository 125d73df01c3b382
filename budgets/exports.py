"""The budget as CSV files and an Excel workbook, both written from the same rows (see common.exports)."""

from django.utils.translation import gettext as _

from budgets.models import Contribution, Expenditure, Transfer
from budgets.summary import COMMITTEE
from common.exports import rows_as_csv, safe_text, sheets_as_xlsx

SHEETS = ["summary", "contributions", "transfers", "expenditures"]


def _money(header, budget):
    return f"{header} ({budget.currency})"


def summary_sheet(budget, summary):
    header = [
        _("Fiscal year"),
        _("Organisation"),
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
    header = [_("Fiscal year"), _("Organisation"), _money(_("Pledged"), budget), _money(_("Committed"), budget)]
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


def as_csv(budget, summary, sheet):
    _title, header, rows = BUILDERS[sheet](budget, summary)
    return rows_as_csv(header, rows)


def as_xlsx(budget, summary):
    return sheets_as_xlsx(BUILDERS[sheet](budget, summary) for sheet in SHEETS)

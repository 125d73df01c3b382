"""Tables as CSV text or an Excel workbook, for every export in Interlock.

Amounts stay Decimal all the way: CSV gets their exact text, and so does each
numeric Excel cell. Text people typed goes through safe_text (or typed_list):
what starts like a formula is prefixed with an apostrophe so a spreadsheet
never runs it, and in the Excel workbook each typed thing is a bidi isolate
(common.bidi), as <bdi> is on the pages. The CSV files keep the bare text:
programs read them as much as people do.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation

from common.bidi import isolate

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TypedText(str):
    """Text people typed, in an export row: plain text in a CSV file, isolated in the workbook."""

    parts = ()
    separator = ""

    def isolated(self):
        return self.separator.join(isolate(part) for part in self.parts)


def _guarded(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_text(value):
    return typed_list([value])


def typed_list(values, separator=", "):
    """Several things people typed in one cell ("Ministry A, משרד ב"): each one isolated in the workbook."""
    parts = [_guarded(value) for value in values if value not in (None, "")]
    text = TypedText(separator.join(parts))
    text.parts, text.separator = parts, separator
    return text


def _xlsx_value(value):
    if isinstance(value, TypedText):
        return value.isolated()
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def csv_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def rows_as_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    # A byte-order mark so that Excel opens accented names correctly.
    return "\ufeff" + out.getvalue()


def sheets_as_xlsx(sheets):
    """`sheets`: (title, header, rows) triples, one worksheet each. Returns the workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        worksheet = workbook.create_sheet(title=str(title)[:31])
        # Hebrew readers get the sheet laid out right to left, as Excel does for them by default.
        worksheet.sheet_view.rightToLeft = translation.get_language_bidi()
        worksheet.append(header)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            worksheet.append([_xlsx_value(value) for value in row])
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

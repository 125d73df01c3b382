"""Reading an uploaded spreadsheet (CSV or Excel) into rows of text, with plain reasons when it cannot be read."""

import csv
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.uploads import check_file

ACCEPTED = {".csv", ".xlsx"}
# A cell longer than this is not a name or a code: refuse the file rather than store a novel.
MAX_CELL = 1000


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(upload):
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not in UTF-8. Save it again as “CSV UTF-8” and upload it once more."), code="encoding"
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(
            _("This Excel file cannot be read. Save it again from Excel as .xlsx and upload it once more."),
            code="unreadable",
        ) from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(upload, *, columns):
    """[(line, {column: text})] of the rows below the header, or ValidationError saying how to fix the file.

    `columns`: the names the header must hold; a column the file lacks or does not know is refused.
    Empty rows are skipped; line numbers are as the spreadsheet shows them (the header is line 1).
    """
    extension, _type, _kind = check_file(
        upload,
        allowed=ACCEPTED,
        max_bytes=settings.INTERLOCK_IMPORT_MAX_BYTES,
        wrong_type_message=_("%(name)s is not a spreadsheet. Upload a .csv or .xlsx file, such as the template."),
    )
    raw = _csv_rows(upload) if extension == ".csv" else _xlsx_rows(upload)
    rows = [[_text(value) for value in row] for row in raw]
    if not rows or not any(rows[0]):
        raise ValidationError(_("The file is empty. Start from the template and fill one row per line."))
    header = [name.strip().lower() for name in rows[0]]
    while header and not header[-1]:
        header.pop()
    missing = [name for name in columns if name not in header]
    unknown = [name for name in header if name not in columns]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("not known: %(columns)s") % {"columns": ", ".join(unknown)})
        raise ValidationError(
            _("The columns do not match the template (%(problems)s). The first line must be: %(expected)s.")
            % {"problems": "; ".join(problems), "expected": ", ".join(columns)},
            code="columns",
        )
    table = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(table) >= settings.INTERLOCK_IMPORT_MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(limit)s rows. Split it into several files.")
                % {"limit": settings.INTERLOCK_IMPORT_MAX_ROWS},
                code="rows",
            )
        for value in row:
            if len(value) > MAX_CELL:
                raise ValidationError(
                    _("Line %(line)s has a cell of %(length)s characters; the limit is %(limit)s. Shorten it.")
                    % {"line": line, "length": len(value), "limit": MAX_CELL},
                    code="cell",
                )
        table.append([line, {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}])
    if not table:
        raise ValidationError(_("The file has a header but no rows. Fill one row per line below it."))
    return table

"""An import of 10,000 rows from a spreadsheet: the preview (reading and planning) and the save, with queries.

    bin/bench --imports [--rows 10000]
    .venv/bin/python bench/imports.py [--rows 10000]

Starts a throwaway PostgreSQL (as bin/test does), writes a CSV and an Excel file of `--rows` units (a region
for each hundred offices), and for each file prints the time and queries of the preview (read the file, plan
every row) and of the save as the Celery worker runs it (batches of 500, progress after each), then of a
second run of the same file, which must find every row unchanged and write nothing.
"""

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import django_on_fresh_postgres  # noqa: E402 - needs the path above


def rows(count):
    yield ["name", "kind", "part_of", "name_fr", "name_he"]
    for i in range(count):
        if i % 100 == 0:
            yield [f"Region {i // 100}", "region", "", f"Région {i // 100}", ""]
        else:
            yield [f"Office {i}", "office", f"Region {i // 100}", f"Bureau {i}", ""]


def csv_bytes(count):
    return "\n".join(",".join(row) for row in rows(count)).encode() + b"\n"


def xlsx_bytes(count):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows(count):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(name, content, ministry, user):
    """(what, seconds, queries) for the preview, the save and a second run of one file."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from imports.models import ImportRun
    from imports.services import import_preview, import_run, import_start

    results = []
    for attempt in ("first run", "second run"):
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            run = import_preview(kind="units", ministry=ministry, upload=SimpleUploadedFile(name, content), by=user)
            results.append((f"{name}, {attempt}: preview", time.monotonic() - started, len(queries), run.counts))
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            import_start(run=run, good_rows_only=False)  # large: queued for the worker (in-memory broker)
            counts = import_run(run_id=run.pk)  # what the worker runs
            results.append((f"{name}, {attempt}: save", time.monotonic() - started, len(queries), counts))
        if ImportRun.objects.get(pk=run.pk).status != ImportRun.Status.DONE:
            raise SystemExit(f"{name}: the import did not finish")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    with django_on_fresh_postgres():
        from ministries.models import FieldUnit, Role
        from tests.factories import MinistryFactory, person

        for name, content in (("units.csv", csv_bytes(args.rows)), ("units.xlsx", xlsx_bytes(args.rows))):
            ministry = MinistryFactory()
            user = person(ministry, Role.ADMINISTRATOR)
            for what, seconds, queries, counts in measure(name, content, ministry, user):
                print(f"{what:<32} {seconds:>7.2f} s {queries:>5} queries  {counts}", flush=True)
            if FieldUnit.objects.filter(ministry=ministry).count() != args.rows:
                raise SystemExit(f"{name}: not every row was imported")


if __name__ == "__main__":
    main()

"""Reading a spreadsheet into a preview, then saving it: all of it, or only its good rows when asked."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from imports.kinds import ACTIONS, KINDS, REFUSED, WRITES
from imports.models import ImportRun
from imports.readers import read_table

# Rows saved per transaction: progress moves on after each batch.
BATCH = 500


def count(outcomes):
    counts = dict.fromkeys(ACTIONS, 0)
    for outcome in outcomes:
        counts[outcome.action] += 1
    return counts


def import_plan(run):
    """What each row of the import would do now, against the data as it stands."""
    return KINDS[run.kind].plan(run.rows, run.ministry, by=run.created_by)


@transaction.atomic
def import_preview(*, kind, ministry, upload, by):
    """Read the file and keep its rows with what each would do; nothing of the data is changed."""
    rows = read_table(upload, columns=KINDS[kind].columns)
    run = ImportRun(kind=kind, ministry=ministry, file_name=upload.name[:255], rows=rows, created_by=by)
    run.counts = count(KINDS[kind].plan(rows, ministry, by=by))
    run.save()
    return run


@transaction.atomic
def import_start(*, run, good_rows_only):
    """Save the import: at once when it is small, by a worker (with progress) when it is large.

    Refused unless every row is good or the person chose to import the good rows only.
    A second press of the button (or a second tab) finds the import started and does nothing.
    """
    counts = count(import_plan(run))
    if counts[REFUSED] and not good_rows_only:
        raise ValidationError(
            ngettext(
                "%(count)s row is refused, so nothing was saved. Correct it in the file and upload it again, "
                "or choose to import the good rows only.",
                "%(count)s rows are refused, so nothing was saved. Correct them in the file and upload it again, "
                "or choose to import the good rows only.",
                counts[REFUSED],
            )
            % {"count": counts[REFUSED]}
        )
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEW).update(
        status=ImportRun.Status.QUEUED, good_rows_only=good_rows_only, counts=counts
    )
    if not claimed:
        return run
    if run.total > settings.INTERLOCK_IMPORT_ASYNC_ROWS:
        from imports.tasks import run_import

        transaction.on_commit(lambda: run_import.delay(str(run.pk)))
    else:
        import_run(run_id=run.pk)
    run.refresh_from_db()
    return run


def import_run(*, run_id):
    """Save an import's good rows in batches, moving its progress on after each. Returns the counts.

    The rows are planned again first: anything refused now (the data changed since the preview) is
    known before a row is written. Run again after a worker died, it finds the rows already saved
    unchanged (natural keys) and finishes the rest.
    """
    run = ImportRun.objects.select_related("ministry", "created_by").filter(pk=run_id).first()
    if run is None or run.status not in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
        return None
    kind = KINDS[run.kind]
    outcomes = kind.plan(run.rows, run.ministry, by=run.created_by)
    counts = count(outcomes)
    if counts[REFUSED] and not run.good_rows_only:
        # Something changed since the preview: show the new refusals and let the person decide again.
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.PREVIEW, counts=counts)
        return counts
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, processed=0)
    for start in range(0, len(outcomes), BATCH):
        batch = outcomes[start : start + BATCH]
        writes = [outcome for outcome in batch if outcome.action in WRITES]
        with transaction.atomic():
            if writes:
                kind.save(writes, run.ministry, by=run.created_by)
            ImportRun.objects.filter(pk=run.pk).update(processed=F("processed") + len(batch))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, counts=counts, processed=len(outcomes), finished_at=timezone.now()
    )
    return counts


@transaction.atomic
def import_discard(*, run):
    """Forget an import that was only previewed; one that has started is kept. Returns whether it was forgotten."""
    deleted, _rows = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEW).delete()
    return bool(deleted)

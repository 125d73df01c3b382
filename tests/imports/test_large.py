"""A large file is saved by a Celery worker, and the page polls its progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from ministries.models import FieldUnit


def big_file(count):
    lines = ["name,kind,part_of,name_fr,name_he", "Region 0,region,,,"]
    lines += [f"Office {i},office,Region 0,,Bureau {i}" for i in range(1, count)]
    return SimpleUploadedFile("offices.csv", ("\n".join(lines) + "\n").encode())


def test_a_large_file_runs_on_a_worker_with_progress(
    client_for, administrator, ministry, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.INTERLOCK_IMPORT_ASYNC_ROWS = 50
    client = client_for(administrator)
    url = client.post(reverse("imports:new"), {"kind": "units", "ministry": ministry.pk, "file": big_file(120)}).url
    run = ImportRun.objects.get()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url, {})
    run.refresh_from_db()
    assert (run.status, run.processed) == ("queued", 0)
    page = client.get(url)
    assert 'hx-get="{}"'.format(reverse("imports:progress", args=[run.pk])) in page.content.decode()
    assert "Importing: 0 of 120 rows saved." in page.content.decode()

    for callback in queued:
        callback()  # the worker (eager here) saves it

    progress = client.get(reverse("imports:progress", args=[run.pk])).content.decode()
    assert "Imported: 120 created, 0 changed, 0 already as in the file, 0 left out." in progress
    assert "hx-get" not in progress
    assert FieldUnit.objects.filter(ministry=ministry).count() == 120


@pytest.mark.parametrize("count", [100, 400])
def test_saving_takes_the_same_queries_whatever_the_number_of_rows(
    client_for, administrator, ministry, count, django_assert_num_queries
):
    client = client_for(administrator)
    url = client.post(reverse("imports:new"), {"kind": "units", "ministry": ministry.pk, "file": big_file(count)}).url

    # The same at both sizes: the session, the person, the import (with its author), its plan, the claim, then
    # the save (its run, the plan, one batch of units: read, insert, update, progress; done) and the savepoints.
    with django_assert_num_queries(20):
        client.post(url, {})

    assert FieldUnit.objects.filter(ministry=ministry).count() == count

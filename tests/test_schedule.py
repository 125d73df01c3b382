"""The beat timetable names only tasks that exist: a renamed scan must not silently stop a reminder."""

from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled - set(app.tasks) == set()


def test_every_apps_scan_is_on_the_timetable():
    app.loader.import_default_modules()
    scans = {name for name in app.tasks if ".tasks.scan_" in name}

    assert scans == {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if ".scan_" in entry["task"]}
    assert len(scans) == 11

"""`check --deploy` warns about the embedded defaults that serve one machine only."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "interlock.sqlite3"}}
LOCAL_FILES = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
BUCKET = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "interlock"}}


@pytest.fixture(autouse=True)
def _no_async_unsafe(monkeypatch):
    # The browser tests set it for the test process; `check --deploy` reports it as an error (async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def deploy_check_ids():
    """The ids `check --deploy --tag production` reports, in order."""
    output = io.StringIO()
    call_command("check", "--deploy", "--tag", "production", stdout=output, stderr=output)
    return [line.split(")")[0].split("(")[1] for line in output.getvalue().splitlines() if line.startswith("?: (")]


# Only settings.DATABASES changes (the connections keep theirs): the checks read the setting and query nothing.
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_deploy_check_warns_about_every_embedded_default(settings):
    with override_settings(
        DATABASES=SQLITE,
        CELERY_BROKER_URL="filesystem://",
        STORAGES={**settings.STORAGES, "default": LOCAL_FILES},
    ):
        ids = deploy_check_ids()

    assert ids == ["interlock.W001", "interlock.W002", "interlock.W003"]


def test_deploy_check_is_silent_with_postgresql_redis_and_a_bucket(settings):
    with override_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 7200},
        STORAGES={**settings.STORAGES, "default": BUCKET},
    ):
        ids = deploy_check_ids()

    assert ids == []


def test_deploy_check_warns_when_redis_would_hand_out_a_task_its_worker_still_holds(settings):
    output = io.StringIO()
    with override_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": 3600},
        CELERY_TASK_TIME_LIMIT=1800,
        STORAGES={**settings.STORAGES, "default": BUCKET},
    ):
        call_command("check", "--deploy", "--tag", "production", stdout=output, stderr=output)

    assert (
        "?: (interlock.W004) Redis hands a task out again after 3600 s (CELERY_VISIBILITY_TIMEOUT), while its "
        "worker may still hold it: a retry waits up to 3600 s, then runs up to 1800 s (CELERY_TASK_TIME_LIMIT).\n"
        "\tHINT: Set CELERY_VISIBILITY_TIMEOUT above 5400, or lower CELERY_TASK_TIME_LIMIT."
    ) in output.getvalue()


def test_deploy_check_text_says_what_to_set(settings):
    output = io.StringIO()
    with override_settings(STORAGES={**settings.STORAGES, "default": LOCAL_FILES}, MEDIA_ROOT="/srv/interlock/media"):
        call_command("check", "--deploy", "--tag", "production", stdout=output, stderr=output)

    assert (
        "?: (interlock.W003) Uploaded files are kept on this machine's disk (/srv/interlock/media): "
        "other web and worker nodes cannot read them.\n"
        "\tHINT: Set AWS_STORAGE_BUCKET_NAME (and the store's address and keys) to keep them in a bucket, "
        "or share MEDIA_ROOT between all nodes."
    ) in output.getvalue()

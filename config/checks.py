"""`manage.py check --deploy` notices the embedded defaults, which serve one machine only.

With no environment, Interlock runs on SQLite, a Celery broker in files and uploads on the local
disk (bin/run). A production installation of several nodes needs PostgreSQL, Redis and a bucket
(README, "Run it in production"). These are warnings, not errors: a single small machine may run
on some of them on purpose, and can silence one with SILENCED_SYSTEM_CHECKS.

The development SECRET_KEY is reported by its own check (accounts/checks.py, accounts.E001).
Texts are for whoever deploys Interlock, in English like Django's own checks.
"""

from django.conf import settings
from django.core.checks import Warning, register

# `check --deploy --tag production` runs these alone.
TAG = "production"


@register(TAG, deploy=True)
def check_embedded_database(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    return [
        Warning(
            "The database is SQLite, the embedded default: it serves one machine and one writer at a time.",
            hint="Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/interlock).",
            id="interlock.W001",
        )
    ]


@register(TAG, deploy=True)
def check_embedded_broker(app_configs, **kwargs):
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return []
    return [
        Warning(
            "The Celery broker is folders on this machine, the embedded default: "
            "workers on other machines never see its tasks.",
            hint="Set CELERY_BROKER_URL to a Redis server (redis://host:6379/0).",
            id="interlock.W002",
        )
    ]


@register(TAG, deploy=True)
def check_local_uploads(app_configs, **kwargs):
    if settings.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return []
    return [
        Warning(
            f"Uploaded files are kept on this machine's disk ({settings.MEDIA_ROOT}): "
            "other web and worker nodes cannot read them.",
            hint="Set AWS_STORAGE_BUCKET_NAME (and the store's address and keys) to keep them in a bucket, "
            "or share MEDIA_ROOT between all nodes.",
            id="interlock.W003",
        )
    ]


@register(TAG, deploy=True)
def check_visibility_timeout(app_configs, **kwargs):
    """Redis hands a message out again when its worker has not acknowledged it within the visibility timeout.

    A worker holds a message while a retry waits for its time and then while the task runs: if that can take
    longer, a second worker runs the same task while the first is still at it (sent once all the same, but
    work done twice, and with a scan at scale, again and again).
    """
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return []
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)  # kombu's default
    longest = settings.INTERLOCK_REMINDER_RETRY_MAX_SECONDS + settings.CELERY_TASK_TIME_LIMIT
    if timeout > longest:
        return []
    return [
        Warning(
            f"Redis hands a task out again after {timeout} s (CELERY_VISIBILITY_TIMEOUT), while its worker may "
            f"still hold it: a retry waits up to {settings.INTERLOCK_REMINDER_RETRY_MAX_SECONDS} s, then runs up "
            f"to {settings.CELERY_TASK_TIME_LIMIT} s (CELERY_TASK_TIME_LIMIT).",
            hint=f"Set CELERY_VISIBILITY_TIMEOUT above {longest}, or lower CELERY_TASK_TIME_LIMIT.",
            id="interlock.W004",
        )
    ]

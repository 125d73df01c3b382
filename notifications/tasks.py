"""Celery tasks: thin wrappers that take ids and call services or scans.

Each app's tasks.py wraps its reminder scans with `scan_task`.
`send_reminder` retries every failure (SMTP, the network, the database) with exponential back-off
and writes it on the reminder; after INTERLOCK_REMINDER_MAX_ATTEMPTS failures it gives up and the
reminder waits on the administrators' list of reminders that gave up.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from notifications import services

logger = logging.getLogger(__name__)

# What a scan meets when PostgreSQL restarts or fails over, or Redis is away for a moment: worth
# running the whole scan again (it is idempotent, and it commits subject by subject, so a retry
# only creates what the failed run had not).
SCAN_RETRY_FOR = (OperationalError, InterfaceError, BrokerOperationalError, ConnectionError)
SCAN_MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def send_reminder(self, reminder_id):
    try:
        return services.reminder_send(reminder_id=reminder_id)
    except Exception as error:
        failures = _record_failure(reminder_id, error, tries_before=self.request.retries)
        if failures is None:
            return False
        raise self.retry(
            exc=error,
            countdown=services.retry_delay(failures - 1),
            max_retries=settings.INTERLOCK_REMINDER_MAX_ATTEMPTS,
        ) from error


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminders(reminder_ids):
    """Send the reminders a scan created, one after the other; a failed one is retried on its own.

    Run again after a worker died, it skips those already sent (reminder_send checks `sent_at`).
    """
    sent = 0
    for reminder_id in reminder_ids:
        try:
            sent += services.reminder_send(reminder_id=reminder_id)
        except Exception as error:
            failures = _record_failure(reminder_id, error, tries_before=0)
            if failures is not None:
                send_reminder.apply_async((reminder_id,), countdown=services.retry_delay(failures - 1))
    return sent


def _record_failure(reminder_id, error, *, tries_before):
    """Write the failure on the reminder; the failures so far, or None when there is nothing left to try."""
    try:
        failures = services.reminder_record_failure(reminder_id=reminder_id, error=error)
    except (DatabaseError, InterfaceError):
        # The database is what failed (InterfaceError: the connection is closed, and it is no
        # DatabaseError): the row keeps its due time and the sweep finds it.
        logger.exception("Reminder %s: the failure could not be recorded", reminder_id)
        failures = tries_before + 1
    if failures is None:
        return None
    max_attempts = settings.INTERLOCK_REMINDER_MAX_ATTEMPTS
    if failures >= max_attempts:
        logger.error("Reminder %s not sent after %s tries, given up: %s", reminder_id, failures, error)
        return None
    logger.warning("Reminder %s not sent (try %s of %s): %s", reminder_id, failures, max_attempts, error)
    return failures


@shared_task(
    autoretry_for=SCAN_RETRY_FOR, retry_backoff=60, retry_backoff_max=15 * 60, retry_jitter=True, max_retries=5
)
def send_unsent_reminders():
    """The sweep; like a scan, it runs again soon when the database or the broker is away."""
    return services.reminders_enqueue_unsent()


def scan_task(scan):
    """A Celery task that runs one reminder scan, named after the app's tasks module and the scan.

    A database or broker error runs the scan again later, with back-off (a minute, then doubling).
    """
    app = scan.__module__.split(".")[0]

    @shared_task(
        name=f"{app}.tasks.{scan.__name__}",
        autoretry_for=SCAN_RETRY_FOR,
        retry_backoff=60,
        retry_backoff_max=15 * 60,
        retry_jitter=True,
        max_retries=SCAN_MAX_RETRIES,
    )
    def run():
        created = scan()
        logger.info("Scan %s: %s reminders", scan.__name__, created)
        return created

    run.__doc__ = scan.__doc__
    return run

"""Celery tasks: thin wrappers that take ids and call services or scans.

Each app's tasks.py wraps its reminder scans with `scan_task`.
`send_reminder` retries SMTP and network failures with exponential backoff; every failure is
written on the reminder, where administrators see it.
"""

import logging
import smtplib

from celery import shared_task

from notifications import services

logger = logging.getLogger(__name__)

TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(bind=True, max_retries=8, acks_late=True)
def send_reminder(self, reminder_id):
    try:
        return services.reminder_send(reminder_id=reminder_id)
    except TRANSIENT as error:
        services.reminder_record_failure(reminder_id=reminder_id, error=error)
        logger.warning("Reminder %s not sent (try %s): %s", reminder_id, self.request.retries + 1, error)
        raise self.retry(exc=error, countdown=services.retry_delay(self.request.retries)) from error
    except Exception as error:
        services.reminder_record_failure(reminder_id=reminder_id, error=error)
        raise


@shared_task
def send_unsent_reminders():
    return services.reminders_enqueue_unsent()


def scan_task(scan):
    """A Celery task that runs one reminder scan, named after the app's tasks module and the scan."""
    app = scan.__module__.split(".")[0]

    @shared_task(name=f"{app}.tasks.{scan.__name__}")
    def run():
        created = scan()
        logger.info("Scan %s: %s reminders", scan.__name__, created)
        return created

    run.__doc__ = scan.__doc__
    return run

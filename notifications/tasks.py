"""Celery tasks: thin wrappers that take ids and call services or scans.

`send_reminder` retries SMTP and network failures with exponential backoff; every failure is
written on the reminder, where administrators see it.
"""

import logging
import smtplib

from celery import shared_task

from . import scans, services

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


def _scan_task(name):
    scan = scans.SCANS[name]

    @shared_task(name=f"notifications.tasks.scan_{name}")
    def run():
        created = scan()
        logger.info("Scan %s: %s reminders", name, created)
        return created

    run.__doc__ = scan.__doc__
    return run


scan_reviews = _scan_task("reviews")
scan_health_checks = _scan_task("health_checks")
scan_charter_signatures = _scan_task("charter_signatures")
scan_gates = _scan_task("gates")
scan_milestones = _scan_task("milestones")
scan_action_items = _scan_task("action_items")
scan_field_reports = _scan_task("field_reports")
scan_renewals = _scan_task("renewals")
scan_weekly_digest = _scan_task("weekly_digest")

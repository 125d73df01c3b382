"""The Celery tasks of assessments: its reminder scans (the beat schedule is in config/settings.py)."""

from assessments import reminders
from notifications.tasks import scan_task

scan_reviews = scan_task(reminders.scan_reviews)
scan_health_checks = scan_task(reminders.scan_health_checks)
scan_gates = scan_task(reminders.scan_gates)
scan_renewals = scan_task(reminders.scan_renewals)

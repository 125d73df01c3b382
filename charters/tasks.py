"""The Celery tasks of charters: its reminder scans (the beat schedule is in config/settings.py)."""

from charters import reminders
from notifications.tasks import scan_task

scan_charter_signatures = scan_task(reminders.scan_charter_signatures)

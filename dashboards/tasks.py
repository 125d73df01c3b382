"""The Celery tasks of dashboards: its reminder scans (the beat schedule is in config/settings.py)."""

from dashboards import reminders
from notifications.tasks import scan_task

scan_weekly_digest = scan_task(reminders.scan_weekly_digest)

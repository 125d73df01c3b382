"""The Celery tasks of meetings: its reminder scans (the beat schedule is in config/settings.py)."""

from meetings import reminders
from notifications.tasks import scan_task

scan_action_items = scan_task(reminders.scan_action_items)

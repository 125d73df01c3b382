"""The Celery tasks of budgets: its reminder scan (the beat schedule is in config/settings.py)."""

from budgets import reminders
from notifications.tasks import scan_task

scan_grant_reports = scan_task(reminders.scan_grant_reports)

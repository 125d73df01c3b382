"""The Celery tasks of results: its reminder scans (the beat schedule is in config/settings.py)."""

from notifications.tasks import scan_task
from results import reminders

scan_milestones = scan_task(reminders.scan_milestones)
scan_field_reports = scan_task(reminders.scan_field_reports)

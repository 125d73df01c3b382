"""The Celery task of relations: opening the relationship surveys that are due (the timetable is in settings)."""

from notifications.tasks import scan_task
from relations import services

scan_relationship_surveys = scan_task(services.scan_relationship_surveys)

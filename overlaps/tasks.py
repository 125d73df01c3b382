"""The Celery task of overlaps: comparing changed partnerships a batch at a time (the beat runs it)."""

from celery import shared_task
from django.conf import settings

from overlaps.services import overlap_texts_refresh_some


@shared_task
def refresh_overlap_texts():
    """Compare the partnerships changed since their last comparison, a batch a run; returns how many."""
    return overlap_texts_refresh_some(at_most=settings.INTERLOCK_OVERLAP_REFRESH_BATCH)

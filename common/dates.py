"""How a person reads a date or a moment: one format, the active language's, everywhere.

Pages use the `date` filter with no argument (DATE_FORMAT); text made in Python (a message, a
choice's label, a title) goes through these, never `isoformat()` or `str(day)`, so that a date
inside a sentence reads like the dates around it.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def day_label(value):
    """A date (or the local date of a moment) as the active language writes it: "Jan. 1, 2025"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_format(value, "DATE_FORMAT")


def moment_label(value):
    """A moment in the person's time zone, as the active language writes it: "Jan. 1, 2025, 14:30"."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")

"""Reads about results that other parts of Interlock ask for: gates, home pages."""

from datetime import timedelta

from django.utils import timezone

from results.models import Indicator, Measurement
from results.permissions import partnerships_for_reporting, reporting_places


def partnership_has_indicator_with_target(partnership):
    """True when the partnership has at least one indicator with a target (the gate into application)."""
    return Indicator.objects.filter(partnership=partnership).with_target().exists()


def measurements_due_for(user, *, today=None, limit=10):
    """What this person should report now, returned measurements first.

    For each indicator of the partnerships they report on: the last period that has
    ended, unless their unit has already submitted it. Returns dicts with the
    indicator, the period's start and end, and their measurement if one is started.
    """
    today = today or timezone.localdate()
    partnerships = list(partnerships_for_reporting(user).prefetch_related("participations"))
    places = {p.pk: {(m.pk, u.pk if u else None) for m, u in reporting_places(user, p)} for p in partnerships}
    indicators = list(Indicator.objects.filter(partnership__in=partnerships).select_related("partnership"))
    if not indicators:
        return []
    mine = [
        m
        for m in Measurement.objects.filter(indicator__in=indicators)
        .filter(period__end__gte=today - timedelta(days=400))
        .select_related("period", "indicator")
        if (m.ministry_id, m.field_unit_id) in places[m.indicator.partnership_id]
    ]
    returned = [m for m in mine if m.status == Measurement.Status.RETURNED]
    due = [{"indicator": m.indicator, "start": m.period.start, "end": m.period.end, "measurement": m} for m in returned]
    by_period = {(m.indicator_id, m.period.start): m for m in mine}
    for indicator in indicators:
        current_start, _end = indicator.period_containing(today)
        start, end = indicator.period_containing(current_start - timedelta(days=1))
        if not indicator.is_reported_for(start, end, today):
            continue
        measurement = by_period.get((indicator.pk, start))
        if measurement is None or measurement.status == Measurement.Status.DRAFT:
            due.append({"indicator": indicator, "start": start, "end": end, "measurement": measurement})
    return due[:limit]

"""Reminders about milestones and about measurements the field is due to report."""

from datetime import timedelta

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ministries.models import Role
from notifications import claims, messages, services
from notifications.models import Kind
from notifications.scheduling import scan_dated_items
from partnerships.models import Partnership
from results.models import Indicator, Measurement, Milestone

TEXTS = {
    Kind.MILESTONE_DUE: (
        _("Milestone due on %(due)s: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s is due on %(due)s."),
    ),
    Kind.MILESTONE_OVERDUE: (
        _("Milestone overdue: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s was due on %(due)s and is not marked done."),
    ),
    Kind.MILESTONE_ESCALATED: (
        ngettext_lazy(
            "Escalated: milestone %(days)s day late in %(partnership)s",
            "Escalated: milestone %(days)s days late in %(partnership)s",
            "days",
        ),
        _(
            "The milestone “%(title)s” of %(partnership)s was due on %(due)s and is still open. "
            "As an executive of %(ministry)s, please see what it needs."
        ),
    ),
    Kind.FIELD_REPORT_DUE: (
        _("Report due: %(indicator)s"),
        _(
            "The measurement of “%(indicator)s” in %(partnership)s for %(start)s to %(end)s is due. "
            "Report it in Interlock."
        ),
    ),
}

messages.register(TEXTS)


def scan_milestones(*, today=None):
    kinds = (Kind.MILESTONE_DUE, Kind.MILESTONE_OVERDUE, Kind.MILESTONE_ESCALATED)
    return scan_dated_items(
        Milestone.objects.all(), kinds=kinds, url_name="results:progress", today=today or timezone.localdate()
    )


def last_ended_periods(today):
    """{frequency: (start, end)} of the last reporting period that ended before `today`, for each frequency.

    Periods are months from the fiscal year's first, grouped by the frequency (Indicator.period_containing), so the
    few frequencies are all the scan needs to know: every indicator of one frequency is due for the same period.
    """
    periods = {}
    for frequency in Indicator.Frequency.values:
        probe = Indicator(frequency=frequency)
        current_start, _end = probe.period_containing(today)
        periods[frequency] = probe.period_containing(current_start - timedelta(days=1))
    return periods


def _by_frequency(periods, index):
    """The period's start (0) or end (1) for the indicator's frequency, as an SQL expression."""
    return Case(
        *[When(frequency=f, then=Value(dates[index])) for f, dates in periods.items()], output_field=DateField()
    )


def _same_place(path):
    """A measurement made for the place (organisation, field unit or none) of the membership at `path`."""
    return Q(ministry_id=OuterRef(f"{path}ministry_id")) & Q(
        unit_key=Coalesce(OuterRef(f"{path}field_unit_id"), Value(0))
    )


def scan_field_reports(*, today=None):
    """Measurements due by each indicator's reporting schedule, to the field staff who report them.

    For each indicator of an active partnership, the last period that has ended, to each field officer
    of a participating organisation whose place (organisation and field unit) has not submitted it; and
    a measurement sent back for correction, to the field staff of its place. Two claims, whatever the
    portfolio's size (see notifications.claims).
    """
    today = today or timezone.localdate()
    path = "partnership__participations__ministry__memberships__"
    periods = last_ended_periods(today)
    start, end = _by_frequency(periods, 0), _by_frequency(periods, 1)
    submitted = (
        Measurement.objects.exclude(status=Measurement.Status.DRAFT)
        .annotate(unit_key=Coalesce("field_unit_id", Value(0)))
        .filter(_same_place(path), indicator_id=OuterRef("pk"), period__start=OuterRef("period_start"))
    )
    due = (
        Indicator.objects.filter(partnership__status=Partnership.Status.ACTIVE)
        .annotate(period_start=start, period_end=end)
        # A partnership that began after the period has nothing to report for it.
        .filter(Q(partnership__start_date__isnull=True) | Q(partnership__start_date__lte=F("period_end")))
    )
    due, officer = claims.told(due, path, Role.FIELD_STAFF, where=~Exists(submitted))
    created = services.reminders_claim(
        rows=claims.rows(
            due,
            kind=Kind.FIELD_REPORT_DUE,
            due_date=F("period_end"),
            recipient=officer,
            context=_context("name", "partnership__title", F("period_start"), F("period_end")),
            url=claims.link("results:results", F("partnership_id")),
        )
    )
    # Sent back: the field staff of the measurement's place correct it.
    place = "ministry__memberships__"
    returned = Measurement.objects.filter(
        status=Measurement.Status.RETURNED,
        indicator__partnership__status=Partnership.Status.ACTIVE,
        period__end__gte=today - timedelta(days=400),
    )
    same_place = Q(field_unit__isnull=True, **{f"{place}field_unit__isnull": True}) | Q(
        field_unit_id=F(f"{place}field_unit_id")
    )
    returned, officer = claims.told(returned, place, Role.FIELD_STAFF, where=same_place)
    created += services.reminders_claim(
        rows=claims.rows(
            returned,
            kind=Kind.FIELD_REPORT_DUE,
            subject="indicator_id",
            subject_model=Indicator,
            partnership="indicator__partnership_id",
            due_date=F("period__end"),
            recipient=officer,
            context=_context("indicator__name", "indicator__partnership__title", F("period__start"), F("period__end")),
            url=claims.link("results:results", F("indicator__partnership_id")),
        )
    )
    return len(created)


def _context(indicator, partnership, start, end):
    return claims.context(
        partnership=F(partnership),
        indicator=F(indicator),
        start=claims.iso_date(start),
        end=claims.iso_date(end),
    )

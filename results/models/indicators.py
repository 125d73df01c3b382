"""Results: what the partners agreed to measure, and what the field reports against it.

An indicator belongs to one partnership and is owned by one participating ministry,
whose coordinators and executives approve the measurements reported against it.
Measurements are reported per field unit (or per ministry, for staff without a unit)
and per reporting period; only approved measurements count toward the results.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.numbers import format_percent
from ministries.models import FieldUnit, Ministry
from partnerships.models import Partnership

VALUE_DIGITS = {"max_digits": 14, "decimal_places": 2}


class IndicatorQuerySet(models.QuerySet):
    def with_target(self):
        """Indicators a gate can count on: a numeric target, or a described one for a qualitative indicator."""
        return self.filter(
            Q(target__isnull=False) & ~Q(unit=Indicator.Unit.QUALITATIVE)
            | Q(unit=Indicator.Unit.QUALITATIVE) & ~Q(target_description="")
        )

    def with_results(self):
        """Loads what progress needs: the owner and every approved measurement with its period."""
        return self.select_related("owner_ministry").prefetch_related(
            models.Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(status=Measurement.Status.APPROVED).select_related("period"),
                to_attr="approved_measurements",
            )
        )


class Indicator(models.Model):
    """A result the partners agreed to measure, with where it starts and where it should get to."""

    class Unit(models.TextChoices):
        NUMBER = "number", _("A number")
        PERCENTAGE = "percentage", _("A percentage")
        YES_NO = "yes_no", _("Yes or no")
        QUALITATIVE = "qualitative", _("A description in words")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Should go up")
        DECREASE = "decrease", _("Should go down")

    class Frequency(models.IntegerChoices):
        MONTHLY = 1, _("Monthly")
        QUARTERLY = 3, _("Quarterly")
        SEMI_ANNUAL = 6, _("Every six months")
        ANNUAL = 12, _("Yearly")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("partnership")
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(
        _("definition"), help_text=_("What exactly is counted, so that every office counts it the same way.")
    )
    unit = models.CharField(_("measured as"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    unit_label = models.CharField(
        _("counted in"), max_length=50, blank=True, help_text=_("For a number: families, days, applications…")
    )
    baseline = models.DecimalField(
        _("baseline"),
        null=True,
        blank=True,
        help_text=_("Where it stands at the start. For yes or no: 0 means no, 1 means yes."),
        **VALUE_DIGITS,
    )
    target = models.DecimalField(
        _("target"), null=True, blank=True, help_text=_("Where it should get to. Numbers only."), **VALUE_DIGITS
    )
    target_description = models.TextField(
        _("target in words"), blank=True, help_text=_("For an indicator described in words: what success looks like.")
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_(
            "Tick when each report counts only what happened in its period (families served this quarter): "
            "the reports are added up. Leave it empty when each report gives the level reached (families on "
            "the waiting list today): the latest report counts."
        ),
    )
    frequency = models.PositiveSmallIntegerField(_("reported"), choices=Frequency.choices, default=Frequency.QUARTERLY)
    means_of_verification = models.TextField(
        _("means of verification"), blank=True, help_text=_("Where the figure comes from and how it can be checked.")
    )
    owner_ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        related_name="owned_indicators",
        verbose_name=_("owner ministry"),
        help_text=_("Its coordinators and executives approve what the field reports."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by refresh_progress() when an approval or the target changes, so the portfolio reads
    # where thousands of indicators stand without recounting their measurements.
    progress_percent = models.IntegerField(null=True, blank=True, editable=False)
    measured_until = models.DateField(null=True, blank=True, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="indicator_name_unique_in_partnership"),
            models.CheckConstraint(
                condition=~Q(cumulative=True) | Q(unit="number"), name="only_number_indicators_are_cumulative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_numeric(self):
        return self.unit != self.Unit.QUALITATIVE

    def clean(self):
        errors = {}
        numeric = self.is_numeric
        if not numeric and (self.baseline is not None or self.target is not None):
            errors["target"] = _("An indicator described in words has no numbers: describe the target in words.")
        if self.unit == self.Unit.PERCENTAGE:
            for name in ("baseline", "target"):
                value = getattr(self, name)
                if value is not None and not Decimal(0) <= value <= Decimal(100):
                    errors[name] = _("Enter a percentage between 0 and 100.")
        if self.unit == self.Unit.YES_NO:
            for name in ("baseline", "target"):
                if getattr(self, name) not in (None, Decimal(0), Decimal(1)):
                    errors[name] = _("For a yes-or-no indicator enter 0 for no or 1 for yes.")
        if self.cumulative and self.unit != self.Unit.NUMBER:
            errors["cumulative"] = _("Only an indicator counted as a number can add up its reports.")
        if (
            numeric
            and self.unit != self.Unit.YES_NO
            and self.baseline is not None
            and self.target is not None
            and "target" not in errors
        ):
            if self.direction == self.Direction.INCREASE and self.target <= self.baseline:
                errors["target"] = _("The target must be above the baseline for a result that should go up.")
            elif self.direction == self.Direction.DECREASE and self.target >= self.baseline:
                errors["target"] = _("The target must be below the baseline for a result that should go down.")
        if self.cumulative and self.direction == self.Direction.DECREASE and self.baseline is None:
            errors["baseline"] = _("Enter the baseline: the reports are taken off it.")
        if self.unit == self.Unit.YES_NO and self.baseline is not None and self.baseline == self.target:
            errors["target"] = _("The target must differ from the baseline.")
        if errors:
            raise ValidationError(errors)

    def display_value(self, value):
        """A number as people read it for this indicator: 45 %, yes, 120 families."""
        if value is None:
            return "—"
        if self.unit == self.Unit.YES_NO:
            return str(_("yes")) if value >= 1 else str(_("no"))
        if self.unit == self.Unit.PERCENTAGE:
            return format_percent(value, places=4)
        text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
        return f"{text} {self.unit_label}".strip()

    def period_containing(self, day):
        """(start, end) of the reporting period that contains `day`.

        Periods are whole months grouped by the frequency and counted from the first month of the
        fiscal year (the setting budgets default to), so an annual report covers the year the money is
        planned in: April to March in Ontario, the calendar year in Israel. Every indicator of one
        frequency shares its periods, which the field-report scan relies on.
        """
        months = self.frequency
        first = settings.INTERLOCK_FISCAL_YEAR_START_MONTH - 1
        counted = day.year * 12 + day.month - 1 - first  # months since the fiscal origin
        start_index = counted // months * months + first
        start = date(start_index // 12, start_index % 12 + 1, 1)
        end_index = start_index + months
        following = date(end_index // 12, end_index % 12 + 1, 1)
        return start, following - timedelta(days=1)

    def is_reported_for(self, start, end, today):
        """Whether the period (start, end) is one to report for: it has begun by `today` and does not end
        before the partnership began. The measurement form's choices, the saving and the coordinator's
        list of what is due all ask this."""
        began = self.partnership.start_date
        return start <= today and (began is None or end >= began)

    def progress(self):
        """Progress from the approved measurements; needs `IndicatorQuerySet.with_results()`."""
        measurements = getattr(self, "approved_measurements", None)
        return compute_progress(self, self.approved_list() if measurements is None else measurements)

    def approved_list(self):
        return list(self.measurements.filter(status=Measurement.Status.APPROVED).select_related("period"))

    def refresh_progress(self):
        """Store where the indicator stands now; call after an approval or a change of baseline or target."""
        self.progress_percent, self.measured_until = stored_progress(self, self.approved_list())
        Indicator.objects.filter(pk=self.pk).update(
            progress_percent=self.progress_percent, measured_until=self.measured_until
        )


class ReportingPeriod(models.Model):
    """One period an indicator is reported for. Once its measurements are approved it can be locked."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    locked_at = models.DateTimeField(_("locked on"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "-start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "start"], name="one_reporting_period_per_start"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def is_locked(self):
        return self.locked_at is not None


class MeasurementQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(indicator__partnership=partnership)

    def waiting_for_review(self):
        return self.filter(status=Measurement.Status.SUBMITTED)


class Measurement(models.Model):
    """A value a field unit reports for an indicator and a period, approved by the indicator's owner."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="measurements")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("ministry"))
    field_unit = models.ForeignKey(
        FieldUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field unit")
    )
    value = models.DecimalField(_("value"), null=True, blank=True, **VALUE_DIGITS)
    value_text = models.TextField(_("what was observed"), blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("How it was counted, or anything unusual."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "ministry__name", "field_unit__name"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "field_unit"],
                condition=Q(field_unit__isnull=False),
                name="one_measurement_per_unit_and_period",
            ),
            models.UniqueConstraint(
                fields=["period", "ministry"],
                condition=Q(field_unit__isnull=True),
                name="one_ministry_measurement_per_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "reviewed_at"])]

    def __str__(self):
        return f"{self.indicator}: {self.display}"

    @property
    def reporter_label(self):
        return str(self.field_unit.name if self.field_unit_id else self.ministry.short_name)

    @property
    def display(self):
        if not self.indicator.is_numeric:
            return self.value_text
        return self.indicator.display_value(self.value)

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED) and not self.period.is_locked

    @property
    def is_waiting_for_review(self):
        """The one-measurement form of `Measurement.objects.waiting_for_review()`."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self):
        return self.status == self.Status.RETURNED

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class MeasurementStep(models.Model):
    """One step of a measurement's approval: who did it, when, and what they said."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"


# Progress


@dataclass(frozen=True)
class Progress:
    """Where an indicator stands. `percent` is None when it cannot be computed (no data, no target)."""

    current: Decimal | None
    percent: Decimal | None
    latest_period_end: date | None
    text: str = ""

    @property
    def measured(self):
        return self.current is not None or bool(self.text)

    @property
    def bar(self):
        """The percentage for a progress bar, between 0 and 100."""
        if self.percent is None:
            return 0
        return int(max(Decimal(0), min(Decimal(100), self.percent)))

    @property
    def achieved(self):
        return self.percent is not None and self.percent >= 100


def period_values(indicator, measurements):
    """Each period's value, rolled up over the units that reported it, oldest period first.

    Numbers add up over units (each office counts its own families); percentages are
    averaged; a yes-or-no is yes only when every unit says yes.
    """
    by_period = {}
    for m in measurements:
        if m.value is not None:
            by_period.setdefault(m.period.start, (m.period, []))[1].append(m.value)
    rolled = []
    for _start, (period, values) in sorted(by_period.items()):
        if indicator.unit == Indicator.Unit.PERCENTAGE:
            value = sum(values) / len(values)
        elif indicator.unit == Indicator.Unit.YES_NO:
            value = min(values)
        else:
            value = sum(values)
        rolled.append((period, value))
    return rolled


def compute_progress(indicator, measurements):
    """Where the indicator stands, from its approved measurements.

    Not cumulative: the latest period's value is the level reached. Cumulative: each
    report counts what happened in its period, so the level is the baseline plus
    everything reported (minus, for a result that should go down). Progress is the
    share of the way from baseline to target already covered, in either direction;
    it can pass 100 (target beaten) or fall below 0 (moving the wrong way).
    """
    if indicator.unit == Indicator.Unit.QUALITATIVE:
        latest = max(measurements, key=lambda m: (m.period.start, m.reviewed_at or m.updated_at), default=None)
        if latest is None:
            return Progress(None, None, None)
        return Progress(None, None, latest.period.end, text=latest.value_text)
    rolled = period_values(indicator, measurements)
    if not rolled:
        return Progress(None, None, None)
    latest_end = rolled[-1][0].end
    if indicator.cumulative:
        total = sum(value for _period, value in rolled)
        start = indicator.baseline or Decimal(0)
        current = start - total if indicator.direction == Indicator.Direction.DECREASE else start + total
    else:
        current = rolled[-1][1]
    if indicator.target is None:
        return Progress(current, None, latest_end)
    if indicator.unit == Indicator.Unit.YES_NO:
        return Progress(current, Decimal(100) if current == indicator.target else Decimal(0), latest_end)
    baseline = indicator.baseline if indicator.baseline is not None else Decimal(0)
    span = indicator.target - baseline
    if span == 0:
        return Progress(current, None, latest_end)
    percent = ((current - baseline) / span * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return Progress(current, percent, latest_end)


# Stored progress is clamped so that a tiny span between baseline and target cannot overflow the column.
STORED_PERCENT_LIMIT = 1_000_000


def stored_progress(indicator, approved_measurements):
    """(whole percent or None, end of the latest period measured) for the columns kept on Indicator."""
    progress = compute_progress(indicator, approved_measurements)
    percent = progress.percent
    if percent is not None:
        percent = int(max(-STORED_PERCENT_LIMIT, min(STORED_PERCENT_LIMIT, percent)))
    return percent, progress.latest_period_end


class Track(models.TextChoices):
    """Where an indicator stands against the time gone by, as the portfolio counts it."""

    REACHED = "reached", _("Target reached")
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    NOT_MEASURED = "not_measured", _("No approved result yet")


# How far behind the time gone by an indicator may be and still count as on track, in percentage points.
ON_TRACK_MARGIN = 10


def track_of(percent, start, target_date, today):
    """On track when the way covered is no more than ON_TRACK_MARGIN points behind the share of time gone.

    The time runs from the partnership's start to the indicator's target date (or the partnership's end).
    """
    if percent is None:
        return Track.NOT_MEASURED
    if percent >= 100:
        return Track.REACHED
    expected = 100
    if start and target_date and target_date > start:
        expected = max(0, min(100, 100 * (today - start).days / (target_date - start).days))
    return Track.ON_TRACK if percent >= expected - ON_TRACK_MARGIN else Track.OFF_TRACK

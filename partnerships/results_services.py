"""Writes for results: indicators, measurements through their approval, and locked periods."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, Measurement, MeasurementStep, ReportingPeriod

INDICATOR_FIELDS = [
    "name",
    "definition",
    "unit",
    "unit_label",
    "baseline",
    "target",
    "target_description",
    "target_date",
    "direction",
    "cumulative",
    "frequency",
    "means_of_verification",
    "owner_ministry",
]


def _check_owner(partnership, owner_ministry):
    if owner_ministry is not None and owner_ministry.pk not in partnership.ministry_ids:
        raise ValidationError({"owner_ministry": _("Choose a ministry that takes part in the partnership.")})


@transaction.atomic
def indicator_create(*, partnership, by, fields):
    _check_owner(partnership, fields.get("owner_ministry"))
    indicator = Indicator(partnership=partnership, created_by=by, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, indicator, by, fields):
    """Change an indicator. Once anything is reported, how it is measured can no longer change."""
    _check_owner(indicator.partnership, fields.get("owner_ministry"))
    reported = indicator.measurements.exists()
    for name in ("unit", "cumulative"):
        if reported and name in fields and fields[name] != getattr(indicator, name):
            raise ValidationError(
                {name: _("Measurements are already reported against this indicator, so this cannot change.")}
            )
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    indicator.refresh_progress()  # the baseline, target or direction may have moved
    return indicator


def reporting_period_for(*, indicator, day):
    """The reporting period that contains `day`, created the first time someone reports for it."""
    start, end = indicator.period_containing(day)
    period, _created = ReportingPeriod.objects.get_or_create(indicator=indicator, start=start, defaults={"end": end})
    return period


def _check_value(indicator, value, value_text):
    unit = indicator.unit
    if unit == Indicator.Unit.QUALITATIVE:
        if not (value_text or "").strip():
            raise ValidationError({"value_text": _("Describe what was observed.")})
        return None, value_text.strip()
    if value is None:
        raise ValidationError({"value": _("Enter a number: this indicator is measured in numbers.")})
    if not isinstance(value, Decimal):
        raise ValidationError({"value": _("Enter a number, such as 12 or 12.5.")})
    if unit == Indicator.Unit.PERCENTAGE and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": _("Enter a percentage between 0 and 100.")})
    if unit == Indicator.Unit.YES_NO and value not in (Decimal(0), Decimal(1)):
        raise ValidationError({"value": _("Choose yes or no.")})
    if unit == Indicator.Unit.NUMBER and indicator.cumulative and value < 0:
        raise ValidationError({"value": _("Enter what was achieved in the period: zero or more.")})
    return value, ""


@transaction.atomic
def measurement_save(*, indicator, by, ministry, field_unit, day, value=None, value_text="", note="", submit=False):
    """Record (or correct) the measurement of `field_unit` (or `ministry`) for the period containing `day`.

    One measurement per unit and period: a draft or returned one is updated in place;
    one already submitted, approved or in a locked period is refused.
    """
    value, value_text = _check_value(indicator, value, value_text)
    period = reporting_period_for(indicator=indicator, day=day)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        raise ValidationError({"day": _("This period is locked: its results are final. Choose another date.")})
    existing = (
        Measurement.objects.select_for_update(of=("self",))
        .order_by()
        .filter(period=period, ministry=ministry, field_unit=field_unit)
        .first()
    )
    if existing is not None and existing.status not in (Measurement.Status.DRAFT, Measurement.Status.RETURNED):
        raise ValidationError(
            {
                "day": _("%(unit)s already reported for %(period)s (%(status)s). Choose another date.")
                % {"unit": existing.reporter_label, "period": period, "status": existing.get_status_display()}
            }
        )
    measurement = existing or Measurement(indicator=indicator, period=period, ministry=ministry, field_unit=field_unit)
    measurement.value, measurement.value_text, measurement.note = value, value_text, note
    measurement.reported_by = by
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:
        raise ValidationError({"day": _("Someone else just reported for this period. Open it to see.")}) from None
    if submit:
        measurement_submit(measurement=measurement, by=by)
    return measurement


@transaction.atomic
def measurement_update(*, measurement, by, value=None, value_text="", note="", submit=False):
    measurement = (
        Measurement.objects.select_for_update(of=("self",))
        .order_by()
        .select_related("period", "indicator")
        .get(pk=measurement.pk)
    )
    if not measurement.is_editable:
        raise ValidationError(_("This measurement can no longer be changed."))
    measurement.value, measurement.value_text = _check_value(measurement.indicator, value, value_text)
    measurement.note = note
    measurement.reported_by = by
    measurement.save()
    if submit:
        measurement_submit(measurement=measurement, by=by)
    return measurement


@transaction.atomic
def measurement_submit(*, measurement, by):
    """Send a draft (or a corrected, returned measurement) to the owner ministry for approval."""
    measurement = (
        Measurement.objects.select_for_update(of=("self",)).order_by().select_related("period").get(pk=measurement.pk)
    )
    if measurement.status == Measurement.Status.SUBMITTED:
        return measurement
    if not measurement.is_editable:
        raise ValidationError(_("Only a draft or a returned measurement can be submitted."))
    measurement.status = Measurement.Status.SUBMITTED
    measurement.submitted_at = timezone.now()
    measurement.save(update_fields=["status", "submitted_at", "updated_at"])
    MeasurementStep.objects.create(measurement=measurement, action=MeasurementStep.Action.SUBMITTED, by=by)
    return measurement


def _review(measurement, by, status, comment):
    measurement = (
        Measurement.objects.select_for_update(of=("self",)).order_by().select_related("period").get(pk=measurement.pk)
    )
    if measurement.status == status:
        return measurement
    if measurement.status != Measurement.Status.SUBMITTED:
        raise ValidationError(_("Only a measurement waiting for approval can be approved or returned."))
    if measurement.period.is_locked:
        raise ValidationError(_("This period is locked."))
    if measurement.reported_by_id == by.pk:
        raise ValidationError(_("Someone else in the owner ministry must review what you reported yourself."))
    measurement.status = status
    measurement.reviewed_by = by
    measurement.reviewed_at = timezone.now()
    measurement.review_comment = comment
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    MeasurementStep.objects.create(measurement=measurement, action=status, by=by, comment=comment)
    return measurement


@transaction.atomic
def measurement_approve(*, measurement, by, comment=""):
    """Approve: from now on the value counts toward the indicator's results."""
    measurement = _review(measurement, by, Measurement.Status.APPROVED, comment.strip())
    measurement.indicator.refresh_progress()
    return measurement


@transaction.atomic
def measurement_return(*, measurement, by, comment):
    """Send it back to the unit that reported it, saying what to correct."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting, so the unit can fix it.")})
    return _review(measurement, by, Measurement.Status.RETURNED, comment.strip())


@transaction.atomic
def reporting_period_lock(*, period, by):
    """Make a period's approved results final. Every measurement in it must be approved first."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        return period
    statuses = list(period.measurements.values_list("status", flat=True))
    if not statuses:
        raise ValidationError(_("Nothing is reported for this period yet, so there is nothing to lock."))
    if any(status != Measurement.Status.APPROVED for status in statuses):
        raise ValidationError(_("Approve or return every measurement of this period before locking it."))
    period.locked_at = timezone.now()
    period.locked_by = by
    period.save(update_fields=["locked_at", "locked_by"])
    return period

"""Writes for results: indicators, measurements through their approval, and locked periods.

Writes for field work: progress logs and their files, milestones, action items.

Other features create action items through `action_item_create` (the gates do, for
the conditions of a "go with conditions")."""

from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from results.models import (
    Indicator,
    Measurement,
    MeasurementStep,
    Milestone,
    ProgressAttachment,
    ProgressLog,
    ReportingPeriod,
    SyncReceipt,
)

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
        raise ValidationError({"owner_ministry": _("Choose an organisation that takes part in the partnership.")})


@transaction.atomic
def indicator_create(*, partnership, by, fields):
    _check_owner(partnership, fields.get("owner_ministry"))
    indicator = Indicator(partnership=partnership, created_by=by, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


def indicators_copy(*, partnership, source, by):
    """Give a new partnership the indicators of `source` (registered with partnerships.services.follow_copies).

    What is measured and toward what is copied; measurements and the target date are not. An
    indicator owned by a ministry that no longer takes part is owned by the new lead ministry.
    """
    taking_part = partnership.ministry_ids
    lead = partnership.lead
    for indicator in source.indicators.order_by("pk"):
        fields = {name: getattr(indicator, name) for name in INDICATOR_FIELDS if name != "target_date"}
        if fields["owner_ministry"].pk not in taking_part:
            fields["owner_ministry"] = lead.ministry
        indicator_create(partnership=partnership, by=by, fields=fields)


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


def measurement_value_check(indicator, value, value_text):
    """(value, value_text) as stored for `indicator`'s unit, or ValidationError saying what to enter."""
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
    value, value_text = measurement_value_check(indicator, value, value_text)
    start, end = indicator.period_containing(day)
    if not indicator.is_reported_for(start, end, timezone.localdate()):
        raise ValidationError(
            {"day": _("Choose a period from the partnership's start until today: this one is outside it.")}
        )
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
        # The submitted row, not this one: its status is what the page reports back.
        return measurement_submit(measurement=measurement, by=by)
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
    measurement.value, measurement.value_text = measurement_value_check(measurement.indicator, value, value_text)
    measurement.note = note
    measurement.reported_by = by
    measurement.save()
    if submit:
        # The submitted row, not this one: its status is what the page reports back.
        return measurement_submit(measurement=measurement, by=by)
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


def measurement_reviewed_already(measurement):
    """What the second of two reviewers is told: who reviewed the measurement, when, and how."""
    texts = {
        Measurement.Status.APPROVED: _("On %(when)s, %(who)s approved this measurement. Your review was not saved."),
        Measurement.Status.RETURNED: _(
            "On %(when)s, %(who)s returned this measurement for correction. Your review was not saved."
        ),
    }
    when = date_format(timezone.localtime(measurement.reviewed_at), "DATETIME_FORMAT")
    return texts[measurement.status] % {"who": measurement.reviewed_by or _("Someone"), "when": when}


def _review(measurement, by, status, comment):
    measurement = (
        Measurement.objects.select_for_update(of=("self",)).order_by().select_related("period").get(pk=measurement.pk)
    )
    if measurement.status in (Measurement.Status.APPROVED, Measurement.Status.RETURNED):
        if (measurement.status, measurement.reviewed_by_id, measurement.review_comment) == (status, by.pk, comment):
            return measurement  # the same review sent twice (a double click): nothing to change
        # Someone reviewed it since this page was opened (two reviewers at once): say who won, rather
        # than report success and drop this reviewer's comment.
        raise ValidationError(measurement_reviewed_already(measurement))
    if measurement.status != Measurement.Status.SUBMITTED:
        raise ValidationError(_("Only a measurement waiting for approval can be approved or returned."))
    if measurement.period.is_locked:
        raise ValidationError(_("This period is locked."))
    if measurement.reported_by_id == by.pk:
        raise ValidationError(_("Someone else in the owner organisation must review what you reported yourself."))
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


def _check_entry(partnership, date, milestone, indicator, team=None):
    errors = {}
    if team is not None and team.partnership_id != partnership.pk:
        errors["team"] = _("Choose a team of the partnership you report on.")
    if milestone is not None and milestone.partnership_id != partnership.pk:
        errors["milestone"] = _("Choose a milestone of the partnership you report on.")
    if indicator is not None and indicator.partnership_id != partnership.pk:
        errors["indicator"] = _("Choose an indicator of the partnership you report on.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future. Choose today or an earlier day.")
    if errors:
        raise ValidationError(errors)


@contextmanager
def _atomic_with_files():
    """A transaction that also removes the files it stored when it rolls back.

    Files go to storage before the rows commit; without this, a failed save would
    leave files on disk that nothing points to.
    """
    stored = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _attach(log, files, stored):
    for checked in files:
        attachment = ProgressAttachment(
            log=log,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            is_image=checked.is_image,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        stored.append(attachment.file)
        attachment.save()


def progress_log_create(
    *,
    partnership,
    author,
    ministry,
    field_unit,
    date,
    text,
    milestone=None,
    indicator=None,
    team=None,
    joint_site=None,
    files=(),
):
    """A field officer's entry, with files already checked by `uploads.check_uploads`.

    It may be filed under one of the partnership's standing teams, and name the joint site it comes from.
    """
    _check_entry(partnership, date, milestone, indicator, team)
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    with _atomic_with_files() as stored:
        log = ProgressLog.objects.create(
            partnership=partnership,
            author=author,
            ministry=ministry,
            field_unit=field_unit,
            date=date,
            text=text.strip(),
            milestone=milestone,
            indicator=indicator,
            team=team,
            joint_site=joint_site,
        )
        _attach(log, files, stored)
    return log


def progress_log_update(
    *, log, by, date, text, milestone=None, indicator=None, team=None, joint_site=None, files=(), remove=()
):
    """Correct an entry: its text, date, links and files. `remove` lists attachments to delete."""
    _check_entry(log.partnership, date, milestone, indicator, team)
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    removed = [a for a in log.attachments.all() if a in set(remove)]
    with _atomic_with_files() as stored:
        log.date, log.text, log.milestone, log.indicator = date, text.strip(), milestone, indicator
        log.team, log.joint_site = team, joint_site
        log.save()
        for attachment in removed:
            attachment.delete()
        _attach(log, files, stored)
        # Remove the old files only once the rows are gone for good.
        for attachment in removed:
            transaction.on_commit(lambda f=attachment.file: f.storage.delete(f.name))
    return log


def _receive(*, author, key, kind, make):
    """Make an entry a phone sent under `key` once: (receipt, True), or the first sending's (receipt, False).

    The receipt is claimed before the entry is made. A second sending at the same instant waits on
    the unique key until the first commits, fails, and answers what the first made; when the entry
    is refused (a ValidationError) the claim is rolled back with it, so the phone may send it again.
    """
    earlier = SyncReceipt.objects.filter(author=author, key=key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            receipt = SyncReceipt.objects.create(author=author, key=key)
            setattr(receipt, kind, make())
            receipt.save(update_fields=[kind])
    except IntegrityError:
        earlier = SyncReceipt.objects.filter(author=author, key=key).first()
        if earlier is None:  # not our key that clashed: nothing to answer for it
            raise
        return earlier, False
    return receipt, True


def progress_log_receive(*, key, author, **fields):
    """A progress log kept on a phone while offline, made once whatever the number of sendings."""
    return _receive(
        author=author,
        key=key,
        kind="progress_log",
        make=lambda: progress_log_create(author=author, **fields),
    )


def measurement_receive(*, key, by, **fields):
    """A measurement kept on a phone while offline, saved once whatever the number of sendings."""
    return _receive(author=by, key=key, kind="measurement", make=lambda: measurement_save(by=by, **fields))


# Milestones

MILESTONE_FIELDS = ["title", "description", "due_date", "owner", "owner_ministry"]


def _check_milestone_owner(partnership, fields):
    ministry = fields.get("owner_ministry")
    if ministry is not None and ministry.pk not in partnership.ministry_ids:
        raise ValidationError({"owner_ministry": _("Choose an organisation that takes part in the partnership.")})


@transaction.atomic
def milestone_create(*, partnership, by, fields):
    _check_milestone_owner(partnership, fields)
    milestone = Milestone(partnership=partnership, created_by=by, **fields)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone, by, fields):
    _check_milestone_owner(milestone.partnership, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestones_follow_charter(*, version, previous, by):
    """Make the milestones of a charter that has just come into force the partnership's live milestones.

    Registered with charters.services.on_charter_in_force. Each charter milestone is followed by its
    key: a new one becomes an open milestone; when the new version changes the title, date or details
    of one (compared with `previous`, the version it replaces), the open live milestone takes the
    change, and what the charter did not change stays as it was set on the Progress tab. Done
    milestones are left as they are, and so are milestones added on the Progress tab. An open
    milestone typed in by hand before, with the same title and date, is linked rather than repeated.
    """
    partnership = version.partnership
    live = {
        m.charter_key: m
        for m in Milestone.objects.select_for_update().filter(partnership=partnership, charter_key__isnull=False)
    }
    agreed_before = {m.key: m for m in previous.milestones.all()} if previous else {}
    for agreed in version.milestones.all():
        wanted = {"title": agreed.title, "due_date": agreed.due_date, "description": agreed.description}
        milestone = live.get(agreed.key)
        if milestone is None:
            typed_in = (
                Milestone.objects.open()
                .filter(partnership=partnership, charter_key=None, title__iexact=agreed.title, due_date=agreed.due_date)
                .first()
            )
            if typed_in is not None:
                typed_in.charter_key = agreed.key
                typed_in.save(update_fields=["charter_key"])
            else:
                Milestone.objects.create(partnership=partnership, created_by=by, charter_key=agreed.key, **wanted)
            continue
        if milestone.is_done:
            continue
        before = agreed_before.get(agreed.key)
        changed = {
            name: value
            for name, value in wanted.items()
            if (before is None or getattr(before, name) != value) and getattr(milestone, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(milestone, name, value)
            milestone.save(update_fields=list(changed))


@transaction.atomic
def milestone_complete(*, milestone, by, note):
    """Mark the milestone done, with a short note on what was achieved: it shows on the feed as a win."""
    if not note.strip():
        raise ValidationError({"note": _("Write a line on what was achieved, for the partners to celebrate.")})
    milestone = Milestone.objects.select_for_update().order_by().get(pk=milestone.pk)
    if milestone.is_done:
        return milestone
    milestone.status = Milestone.Status.DONE
    milestone.done_at = timezone.now()
    milestone.done_by = by
    milestone.done_note = note.strip()
    milestone.save(update_fields=["status", "done_at", "done_by", "done_note"])
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone, by):
    milestone = Milestone.objects.select_for_update().order_by().get(pk=milestone.pk)
    if not milestone.is_done:
        return milestone
    milestone.status = Milestone.Status.OPEN
    milestone.done_at = None
    milestone.done_by = None
    milestone.save(update_fields=["status", "done_at", "done_by"])
    return milestone


# Action items


@transaction.atomic
def milestones_hand_over(*, person, successor):
    """A person leaving: the open milestones they own go to `successor` (only counted when it is None)."""
    milestones = Milestone.objects.open().filter(owner=person)
    count = milestones.update(owner=successor) if successor is not None else milestones.count()
    if not count:
        return []
    return [ngettext("%(count)d open milestone", "%(count)d open milestones", count) % {"count": count}]

"""Who reports progress and measurements, and who approves them."""

from django.db.models import Q

from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships.models import Partnership
from partnerships.permissions import can_manage_fieldwork
from results.models import Measurement, ProgressLog


def reporting_places(user, partnership):
    """(ministry, field unit or None) pairs this person reports for in the partnership, field units first."""
    if partnership.is_closed:
        return []
    places = []
    for membership in memberships(user):
        if membership.ministry_id not in partnership.participant_ministry_ids:
            continue
        if membership.role == Role.FIELD_STAFF:
            places.append((membership.ministry, membership.field_unit))
        elif membership.role == Role.COORDINATOR:
            places.append((membership.ministry, None))
    unique = {(m.pk, u.pk if u else None): (m, u) for m, u in places}
    return sorted(unique.values(), key=lambda place: place[1] is None)


def partnerships_for_reporting(user):
    """Open partnerships this person may log progress and measurements on: their ministry participates."""
    ids = ministry_ids(user, Role.FIELD_STAFF, Role.COORDINATOR)
    return (
        Partnership.objects.filter(participations__ministry_id__in=ids, participations__kind="participant")
        .exclude(status=Partnership.Status.CLOSED)
        .distinct()
        .order_by("title")
    )


def unit_partnerships(user):
    """Partnerships the person's field units work on: where a unit of theirs logged progress or reported a
    measurement, or where someone of the unit is a party's focal person."""
    units = {m.field_unit_id for m in memberships(user) if m.field_unit_id}
    if not units:
        return Partnership.objects.none()
    return Partnership.objects.filter(
        Q(pk__in=ProgressLog.objects.filter(field_unit_id__in=units).values("partnership_id"))
        | Q(pk__in=Measurement.objects.filter(field_unit_id__in=units).values("indicator__partnership_id"))
        | Q(participations__focal_person__memberships__field_unit_id__in=units)
    ).distinct()


def can_log_progress(user, partnership):
    return bool(reporting_places(user, partnership))


def progress_edit_window():
    from datetime import timedelta

    from django.conf import settings

    return timedelta(hours=settings.INTERLOCK_PROGRESS_EDIT_WINDOW_HOURS)


def can_edit_progress_log(user, log, *, now=None):
    """Authors correct their own entry for a while after writing it; after that it is the record."""
    from django.utils import timezone

    if log.author_id != user.pk or log.partnership.is_closed:
        return False
    return (now or timezone.now()) - log.created_at <= progress_edit_window()


def can_report_measurement(user, indicator):
    return bool(reporting_places(user, indicator.partnership))


def can_edit_measurement(user, measurement):
    if not measurement.is_editable:
        return False
    own = {(m.pk, u.pk if u else None) for m, u in reporting_places(user, measurement.indicator.partnership)}
    return (measurement.ministry_id, measurement.field_unit_id) in own


def can_review_measurements(user, indicator):
    """Approve, return and lock: the owner ministry's coordinators and executives."""
    if indicator.partnership.is_closed:
        return False
    return indicator.owner_ministry_id in ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE)


def can_complete_milestone(user, milestone):
    if milestone.partnership.is_closed:
        return False
    return milestone.owner_id == user.pk or can_manage_fieldwork(user, milestone.partnership)

"""Who may see and do what with partnerships and charters.

- Everyone in a participating ministry sees the partnership; other ministries see nothing (404).
- Coordinators of a participating ministry edit it and its charter (not once it is closed).
- Executives of a participating ministry, or a delegated signatory, sign the charter for their ministry.
- Field staff view; they never edit the charter.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ministries.models import Role
from ministries.permissions import has_role, ministry_ids

from .models import Partnership


def can_create_partnership(user):
    return has_role(user, Role.COORDINATOR)


def can_view_partnership(user, partnership):
    return user.is_superuser or bool(ministry_ids(user) & partnership.ministry_ids)


def can_edit_partnership(user, partnership):
    return not partnership.is_closed and bool(ministry_ids(user, Role.COORDINATOR) & partnership.ministry_ids)


def can_sign_charter(user, partnership):
    from ministries.permissions import memberships

    signing = {m.ministry_id for m in memberships(user) if m.signs_for_ministry}
    return bool(signing & partnership.ministry_ids)


def get_partnership_for_user(request, pk, *, write=False):
    """The partnership with its participations loaded, or 404 / 403 for this user."""
    try:
        partnership = Partnership.objects.with_participants().get(pk=pk)
    except Partnership.DoesNotExist:
        raise Http404 from None
    if not can_view_partnership(request.user, partnership):
        raise Http404
    if write and not can_edit_partnership(request.user, partnership):
        raise PermissionDenied
    return partnership


# Field work and results: progress logs, measurements, milestones, meetings and conflicts.
#
# - Field staff of a participating ministry report (progress logs, measurements) for their own
#   field unit, or for their ministry when they have no unit; coordinators report for their ministry.
# - The coordinators and executives of an indicator's owner ministry approve or return its
#   measurements and lock approved periods. Nobody approves a measurement they reported.
# - Coordinators of participating ministries manage indicators, milestones, meetings, decisions,
#   action items and conflicts. A milestone's or action item's owner may also close it.
# - Nothing is reported on or changed in a closed partnership.


def reporting_places(user, partnership):
    """(ministry, field unit or None) pairs this person reports for in the partnership, field units first."""
    from ministries.permissions import memberships

    if partnership.is_closed:
        return []
    places = []
    for membership in memberships(user):
        if membership.ministry_id not in partnership.ministry_ids:
            continue
        if membership.role == Role.FIELD_STAFF:
            places.append((membership.ministry, membership.field_unit))
        elif membership.role == Role.COORDINATOR:
            places.append((membership.ministry, None))
    unique = {(m.pk, u.pk if u else None): (m, u) for m, u in places}
    return sorted(unique.values(), key=lambda place: place[1] is None)


def partnerships_for_reporting(user):
    """Open partnerships this person may log progress and measurements on."""
    ids = ministry_ids(user, Role.FIELD_STAFF, Role.COORDINATOR)
    return (
        Partnership.objects.filter(participations__ministry_id__in=ids)
        .exclude(status=Partnership.Status.CLOSED)
        .distinct()
        .order_by("title")
    )


def can_log_progress(user, partnership):
    return bool(reporting_places(user, partnership))


def progress_edit_window():
    from datetime import timedelta

    from django.conf import settings

    return timedelta(hours=getattr(settings, "INTERLOCK_PROGRESS_EDIT_WINDOW_HOURS", 48))


def can_edit_progress_log(user, log, *, now=None):
    """Authors correct their own entry for a while after writing it; after that it is the record."""
    from django.utils import timezone

    if log.author_id != user.pk or log.partnership.is_closed:
        return False
    return (now or timezone.now()) - log.created_at <= progress_edit_window()


def can_manage_fieldwork(user, partnership):
    """Indicators, milestones, meetings, decisions, action items and conflicts."""
    return can_edit_partnership(user, partnership)


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


def can_update_action_item(user, item):
    if item.partnership.is_closed:
        return False
    return item.owner_id == user.pk or can_manage_fieldwork(user, item.partnership)


def can_raise_conflict(user, partnership):
    """The partners' own people may raise a conflict or an obstacle; evaluators look on."""
    raisers = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF)
    return not partnership.is_closed and bool(raisers & partnership.ministry_ids)

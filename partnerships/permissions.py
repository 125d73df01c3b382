"""Who may see and do what with partnerships and charters.

- Everyone in a participating ministry sees the partnership; other ministries see nothing (404).
- Coordinators of a participating ministry edit it and its charter (not once it is closed).
- Only the lead ministry's coordinators change who takes part, who leads, the shares, how it is run
  (the operating mechanism decides who approves gates) and whether it is on hold: one partner must
  not overrule the others alone. Another partner's coordinator may withdraw their own ministry.
- Executives of a participating ministry, or a delegated signatory, sign the charter for their ministry.
- Field staff view; they never edit the charter.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ministries.models import Role
from ministries.permissions import has_role, memberships, ministry_ids
from partnerships.models import Partnership


def can_create_partnership(user):
    return has_role(user, Role.COORDINATOR)


def can_view_partnership(user, partnership):
    return user.is_superuser or bool(ministry_ids(user) & partnership.ministry_ids)


def can_edit_partnership(user, partnership):
    return not partnership.is_closed and bool(ministry_ids(user, Role.COORDINATOR) & partnership.ministry_ids)


def _coordinates_the_lead(user, partnership):
    lead = partnership.lead
    return lead is not None and lead.ministry_id in ministry_ids(user, Role.COORDINATOR)


def can_change_parties(user, partnership):
    """Add or remove ministries, change the lead or the shares of gains and risks."""
    return can_edit_partnership(user, partnership) and _coordinates_the_lead(user, partnership)


def can_change_structure(user, partnership):
    """Change the operating mechanism or the status (active or on hold; closing is a gate decision)."""
    return can_edit_partnership(user, partnership) and _coordinates_the_lead(user, partnership)


def can_manage_teams(user, partnership):
    """Set up and change the partnership's standing teams: like the parties, the lead's coordinators keep them."""
    return can_edit_partnership(user, partnership) and _coordinates_the_lead(user, partnership)


def can_withdraw_ministry(user, participation):
    """A coordinator of a partner that does not lead may take their own ministry out; the lead may not leave."""
    return (
        not participation.is_lead
        and not participation.partnership.is_closed
        and participation.ministry_id in ministry_ids(user, Role.COORDINATOR)
    )


def can_sign_charter(user, partnership):
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


def can_manage_fieldwork(user, partnership):
    """Indicators, milestones, meetings, decisions, action items and conflicts."""
    return can_edit_partnership(user, partnership)


def can_decide_pilot(user, partnership):
    """The decision after a pilot is the lead ministry's: its coordinators and executives record it."""
    lead = partnership.lead
    deciding = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE)
    return not partnership.is_closed and lead is not None and lead.ministry_id in deciding

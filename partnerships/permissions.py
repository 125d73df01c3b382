"""Who may see and do what with partnerships and charters.

- Everyone in a participating ministry sees the partnership; other ministries see nothing (404).
- Coordinators of a participating ministry edit it and its charter (not once it is closed).
- Nobody changes who takes part, who leads, the shares, the structure, how it is run (the operating
  mechanism decides who approves gates) or the status alone: a coordinator proposes, and the
  executives of every participating ministry agree, as they sign a charter version. One partner
  must not overrule the others. A partner's coordinator may always withdraw their own ministry.
- Executives of a participating ministry, or a delegated signatory, sign the charter for their ministry.
- Field staff view; they never edit the charter.
"""

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ministries.models import Role
from ministries.permissions import has_role, ministry_ids, signatory_ministry_ids
from partnerships.models import Partnership


def can_create_partnership(user):
    return has_role(user, Role.COORDINATOR)


def can_view_partnership(user, partnership):
    return user.is_superuser or bool(ministry_ids(user) & partnership.ministry_ids)


def can_edit_partnership(user, partnership):
    """Coordinators of a participant: a funder's or a stakeholder's people see the partnership, but
    only those who share its gains and risks run it."""
    return not partnership.is_closed and bool(
        ministry_ids(user, Role.COORDINATOR) & partnership.participant_ministry_ids
    )


def coordinates_the_lead(user, partnership):
    """A coordinator of the lead or of a co-lead: they lead together."""
    return bool(partnership.leading_ministry_ids & ministry_ids(user, Role.COORDINATOR))


def can_propose_structure(user, partnership):
    """Propose a change to the parties, the lead, the shares, the structure, how it is run or the status.

    Any participating ministry's coordinator may propose; the change takes effect only once every
    participating ministry agreed (see `ministries_that_may_agree`).
    """
    return can_edit_partnership(user, partnership)


def can_change_party_details(user, partnership):
    """Save what the parties contribute and receive, and their focal persons, without a proposal.

    The lead ministry's coordinators keep these details; a change to who takes part, the roles or
    the shares is a proposal even for them.
    """
    return can_edit_partnership(user, partnership) and coordinates_the_lead(user, partnership)


def ministries_that_may_agree(user, proposal):
    """Ids of the ministries for which `user` may still agree to (or refuse) an open proposal:
    those they sign for, among the ministries that must agree, that have not agreed yet."""
    if not proposal.is_open:
        return set()
    agreed = {a.ministry_id for a in proposal.agreements.all()}
    return (signatory_ministry_ids(user) & proposal.ministry_ids_to_agree) - agreed


def can_record_engagement(user, partnership):
    """Keep the stakeholders' engagement log: the coordinators of the participants."""
    return can_edit_partnership(user, partnership)


def can_withdraw_proposal(user, proposal):
    """Only the person who proposed a change takes it back, while it is open."""
    return proposal.is_open and proposal.proposed_by_id == user.pk


def can_manage_teams(user, partnership):
    """Set up and change the partnership's standing teams: like the parties, the lead's coordinators keep them."""
    return can_edit_partnership(user, partnership) and coordinates_the_lead(user, partnership)


def can_withdraw_ministry(user, participation):
    """A coordinator of a partner that does not lead may take their own ministry out; the lead may not leave."""
    return (
        not participation.is_lead
        and not participation.partnership.is_closed
        and participation.ministry_id in ministry_ids(user, Role.COORDINATOR)
    )


def can_sign_charter(user, partnership):
    return bool(signatory_ministry_ids(user) & partnership.signing_ministry_ids)


# Support access: a superuser of no participating ministry sees a partnership's data only after stating
# a reason, which goes to the security log of each participating ministry and is shown to its coordinators.
SUPPORT_ACCESS = "interlock_support_access"


class SupportReasonNeeded(Exception):
    """Raised while fetching a partnership for a superuser who has not said why; the middleware asks."""

    def __init__(self, partnership):
        super().__init__(partnership.pk)
        self.partnership = partnership


def is_support_access(user, partnership):
    return user.is_superuser and not (ministry_ids(user) & partnership.ministry_ids)


def support_access_granted(session, partnership):
    return session.get(SUPPORT_ACCESS, {}).get(str(partnership.pk), 0) > time.time()


def require_support_reason(request, partnership):
    """Every fetch of a partnership's pages calls this after its own visibility check."""
    if is_support_access(request.user, partnership) and not support_access_granted(request.session, partnership):
        raise SupportReasonNeeded(partnership)


def support_access_grant(session, partnership):
    """Let the stated reason cover this partnership for INTERLOCK_SUPPORT_ACCESS_SECONDS."""
    grants = session.get(SUPPORT_ACCESS, {})
    grants[str(partnership.pk)] = time.time() + settings.INTERLOCK_SUPPORT_ACCESS_SECONDS
    session[SUPPORT_ACCESS] = grants


def get_partnership_for_user(request, pk, *, write=False):
    """The partnership with its participations loaded, or 404 / 403 for this user.

    A superuser of no participating ministry who has not stated a reason gets SupportReasonNeeded.
    """
    try:
        partnership = Partnership.objects.with_participants().get(pk=pk)
    except Partnership.DoesNotExist:
        raise Http404 from None
    if not can_view_partnership(request.user, partnership):
        raise Http404
    require_support_reason(request, partnership)
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
    deciding = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE)
    return not partnership.is_closed and bool(partnership.leading_ministry_ids & deciding)

"""Who may do what with health checks, the expectations register, reviews and evaluations.

- The people of a participating ministry (coordinators, executives, field staff) answer its
  health checks, once per check. Evaluators and administrators are not part of the team.
- Coordinators of participating ministries open a health check by hand, record reviews and keep
  their own ministry's expectations.
- Evaluators record evaluations where their ministry takes part, or where the lead ministry's
  coordinators have assigned them (external evaluators). An assigned evaluator sees the health
  results (never single answers) and the reviews of that partnership, and nothing else of it.
- Everyone else gets 404 (see partnerships.permissions).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.models import EvaluatorAssignment
from ministries.models import Role
from ministries.permissions import has_role, ministry_ids
from partnerships.models import Partnership
from partnerships.permissions import can_edit_partnership, can_view_partnership, require_support_reason

TEAM_ROLES = (Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF)


def team_ministry_ids(user, partnership):
    """The participating ministries this person answers health checks for."""
    return ministry_ids(user, *TEAM_ROLES) & partnership.participant_ministry_ids


def is_assigned_evaluator(user, partnership):
    cache = getattr(user, "_interlock_evaluator_for", None)
    if cache is None:
        cache = set()
        if has_role(user, Role.EVALUATOR):
            cache = set(EvaluatorAssignment.objects.filter(evaluator=user).values_list("partnership_id", flat=True))
        user._interlock_evaluator_for = cache
    return partnership.pk in cache


def can_view_health(user, partnership):
    return can_view_partnership(user, partnership) or is_assigned_evaluator(user, partnership)


def can_answer_health_check(user, health_check, *, day=None):
    partnership = health_check.partnership
    return not partnership.is_closed and health_check.is_open(day) and bool(team_ministry_ids(user, partnership))


def can_open_health_check(user, partnership):
    return can_edit_partnership(user, partnership)


def can_record_review(user, partnership):
    return can_edit_partnership(user, partnership)


def can_record_evaluation(user, partnership):
    if partnership.is_closed:
        return False
    own = bool(ministry_ids(user, Role.EVALUATOR) & partnership.ministry_ids)
    return own or is_assigned_evaluator(user, partnership)


def expectation_ministry_ids(user, partnership):
    """The ministries whose expectations this person records: their own, as its coordinator."""
    if partnership.is_closed:
        return set()
    return ministry_ids(user, Role.COORDINATOR) & partnership.participant_ministry_ids


def can_assign_evaluators(user, partnership):
    lead = partnership.lead
    return not partnership.is_closed and lead is not None and lead.ministry_id in ministry_ids(user, Role.COORDINATOR)


def get_partnership_for_assessment(request, pk, *, check=None):
    """The partnership for the health and review pages, or 404 / 403.

    Like partnerships.permissions.get_partnership_for_user, but also open to assigned
    evaluators. `check` is a predicate the user must pass, else 403.
    """
    try:
        partnership = Partnership.objects.with_participants().get(pk=pk)
    except Partnership.DoesNotExist:
        raise Http404 from None
    if not can_view_health(request.user, partnership):
        raise Http404
    require_support_reason(request, partnership)
    if check is not None and not check(request.user, partnership):
        raise PermissionDenied
    return partnership

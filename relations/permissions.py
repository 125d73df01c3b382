"""Who may do what with the relationship survey and the balance of power.

In a partnership:
- Everyone who sees the partnership sees its figures (participants, funders, stakeholders);
  an organisation outside it gets 404 (partnerships.permissions.get_partnership_for_user).
- The people of a participating organisation (coordinators, executives, field staff) rate the
  other participants, once per round, as for health checks.
- Coordinators of any participant open a round by hand: asking is not deciding, so no partner
  overrules another by it, and the figures of a round are only ever the answers.

In a cluster, the same with the cluster's member organisations in the participants' place: their
people see the figures, their team (coordinators, executives, field staff) rate the other members,
their coordinators open a round. Anyone else gets 404, except support staff, who read the figures
(only ever anonymous totals) as they read every partnership's on the dashboards, and never answer.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.health_permissions import TEAM_ROLES
from ministries.models import Cluster, Role
from ministries.permissions import can_see_inside_cluster, ministry_ids
from partnerships.permissions import can_edit_partnership


def can_open_survey(user, partnership):
    return can_edit_partnership(user, partnership)


def answering_ministry_ids(user, survey):
    """The organisations among the round's parties (loaded, see RelationshipSurvey.parties) this person answers for:
    the team of each, as for health checks."""
    return ministry_ids(user, *TEAM_ROLES) & survey.party_ids


def can_answer_survey(user, survey, *, day=None):
    return not survey.home_is_closed and survey.is_open(day) and bool(answering_ministry_ids(user, survey))


def can_view_cluster_survey(user, cluster):
    return can_see_inside_cluster(user, cluster)


def can_open_cluster_survey(user, cluster):
    return bool(ministry_ids(user, Role.COORDINATOR) & cluster.member_ids)


def get_cluster_for_user(request, pk, *, write=False):
    """The cluster with its member organisations loaded (by name), or 404 / 403 for this user."""
    cluster = get_object_or_404(Cluster.objects.with_members(), pk=pk)
    if not can_view_cluster_survey(request.user, cluster):
        raise Http404
    if write and not can_open_cluster_survey(request.user, cluster):
        raise PermissionDenied
    return cluster

"""Each person's home page, by their main role: what needs them first."""

from django.contrib.auth import get_user_model
from django.shortcuts import render

from accounts.navigation import primary_role
from assessments.health_services import health_checks_to_answer
from assessments.review_services import evaluations_to_do, reviews_due_for
from charters.services import charters_limit, charters_to_sign
from dashboards.coordinator import what_needs_me
from dashboards.views import executive_dashboard
from ministries.models import Cluster, FieldUnit, Ministry, Role
from ministries.permissions import memberships
from partnerships.models import Partnership
from relations.services import surveys_to_answer
from results.feed import recent_entries
from results.permissions import partnerships_for_reporting
from results.reporting import measurements_due_for


def home(request):
    """Each person lands on the page that fits their main role."""
    user = request.user
    role = primary_role(user)
    if role == Role.EXECUTIVE:
        return executive_dashboard(request)
    context = {"role": role, "memberships": memberships(user)}
    if role == Role.ADMINISTRATOR:
        context.update(_administrator_context(user))
    elif role:
        context["home_partnerships"] = _home_partnerships(user, role)
        context["charters_to_sign"] = charters_to_sign(user, limit=charters_limit(request))
    if role == Role.FIELD_STAFF:
        context.update(_field_staff_context(user))
    if role == Role.COORDINATOR:
        context["tasks"] = what_needs_me(user)
    if role in (Role.COORDINATOR, Role.FIELD_STAFF, Role.EVALUATOR):
        context.update(_assessment_context(user, role))
    if role in (Role.COORDINATOR, Role.FIELD_STAFF):
        context["cluster_surveys"] = surveys_to_answer(user)
    template = f"dashboards/home_{role}.html" if role else "dashboards/home_without_role.html"
    return render(request, template, context)


def _home_partnerships(user, role):
    """The ten most recently active partnerships; for field staff, those of their unit first."""
    partnerships = Partnership.objects.visible_to(user).not_closed()
    if role != Role.FIELD_STAFF:
        return partnerships.order_by("-updated_at")[:10]
    return partnerships.unit_first(user, "-updated_at")[:10]


def _field_staff_context(user):
    """The field officer's home: one tap to log progress, their latest entries, and what is due."""

    return {
        "may_log_progress": partnerships_for_reporting(user).exists(),
        "recent_entries": recent_entries(user, 5),
        "measurements_due": measurements_due_for(user),
    }


def _assessment_context(user, role):
    """Needs your attention: health checks to answer, reviews due, evaluations asked of you."""

    return {
        "health_checks_to_answer": health_checks_to_answer(user),
        "reviews_due": reviews_due_for(user) if role == Role.COORDINATOR else [],
        "evaluations_to_do": evaluations_to_do(user) if role == Role.EVALUATOR else [],
    }


def _administrator_context(user):
    User = get_user_model()
    return {
        # The organisations whose people, units and invitations this person keeps in the app.
        "administered": [m.ministry for m in memberships(user) if m.role == Role.ADMINISTRATOR],
        "ministry_count": Ministry.objects.count(),
        "cluster_count": Cluster.objects.count(),
        "field_unit_count": FieldUnit.objects.count(),
        "people_without_role": User.objects.filter(is_active=True, memberships=None).order_by("username"),
    }

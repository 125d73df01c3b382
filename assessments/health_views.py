"""The Health tab: team health checks over time, answering one, opening one by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import health_services
from assessments.health_forms import HealthCheckResponseForm
from assessments.health_permissions import (
    can_answer_health_check,
    can_open_health_check,
    get_partnership_for_assessment,
    team_ministry_ids,
)
from assessments.models import ANONYMITY_THRESHOLD, HealthCheck
from assessments.models.health import RATINGS
from common.dates import day_label
from partnerships.tabs import tab_context


def health(request, pk):
    partnership = get_partnership_for_assessment(request, pk)
    today = timezone.localdate()
    results = health_services.health_results(partnership, today=today)
    open_check = next((r.check for r in reversed(results) if r.check.is_open(today)), None)
    if open_check is not None:
        open_check.partnership = partnership  # with its participations loaded, for the permission check
    answered = open_check is not None and health_services.has_answered(request.user, open_check)
    latest_visible = next((r for r in reversed(results) if r.everyone.visible), None)
    latest_closed = next((r for r in reversed(results) if r.closed), None)
    return render(
        request,
        "assessments/health_tab.html",
        {
            **tab_context(request, partnership, "health"),
            "results": results,
            "latest_closed": latest_closed,
            "latest_visible": latest_visible,
            "chart": health_services.health_chart_data(results),
            "ratings": RATINGS,
            "threshold": ANONYMITY_THRESHOLD,
            "open_check": open_check,
            "answered": answered,
            "may_answer": open_check is not None
            and not answered
            and can_answer_health_check(request.user, open_check, day=today),
            "may_open": can_open_health_check(request.user, partnership) and open_check is None,
        },
    )


@require_POST
def health_open(request, pk):
    partnership = get_partnership_for_assessment(request, pk, check=can_open_health_check)
    try:
        check = health_services.health_check_open(partnership=partnership, opened_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The health check is open until %(date)s. Everyone in the partnership will be reminded.")
            % {"date": day_label(check.closes_on)},
        )
    return redirect("assessments:health", partnership.pk)


def health_answer(request, pk, check_pk):
    partnership = get_partnership_for_assessment(request, pk)
    check = get_object_or_404(HealthCheck, pk=check_pk, partnership=partnership)
    if health_services.has_answered(request.user, check):
        messages.info(request, _("You have already answered this health check. Thank you."))
        return redirect("assessments:health", partnership.pk)
    if not can_answer_health_check(request.user, check):
        raise PermissionDenied
    ministries = [
        p.ministry for p in partnership.participants if p.ministry_id in team_ministry_ids(request.user, partnership)
    ]
    form = HealthCheckResponseForm(request.POST or None, ministries=ministries)
    if request.method == "POST" and form.is_valid():
        try:
            health_services.health_check_respond(
                health_check=check, user=request.user, ministry=form.cleaned_data["ministry"], answers=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your answers are in, without your name."))
            return redirect("assessments:health", partnership.pk)
    return render(
        request,
        "assessments/health_answer.html",
        {
            **tab_context(request, partnership, "health"),
            "form": form,
            "check": check,
            "threshold": ANONYMITY_THRESHOLD,
        },
    )

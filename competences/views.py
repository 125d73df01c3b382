"""Collaboration competence: one's own self-assessment and history, the team and organisation profiles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import ANONYMITY_THRESHOLD
from competences import profiles, services
from competences.catalogue import needs_table
from competences.forms import SelfAssessmentForm, SharingForm
from competences.models import CompetenceSharing
from competences.permissions import get_ministry_for_profile, organisations_to_view
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context


def mine(request):
    history = profiles.own_history(request.user)
    # The form starts from the latest assessment, so that a new one records only what changed.
    initial = history[0].assessment.level_map if history else {}
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                user=request.user, levels=form.levels(), assessed_on=form.cleaned_data["assessed_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your assessment is saved. Only you see it unless you share it."))
            return redirect("competences:mine")
    shared = CompetenceSharing.objects.filter(user=request.user, shared=True).exists()
    return render(
        request,
        "competences/mine.html",
        {
            "form": form,
            "sharing_form": SharingForm(initial={"shared": shared}),
            "shared": shared,
            "history": history,
            "history_chart": profiles.history_chart(history),
            "threshold": ANONYMITY_THRESHOLD,
            "organisations": organisations_to_view(request.user),
        },
    )


@require_POST
def sharing(request):
    form = SharingForm(request.POST)
    form.is_valid()  # a checkbox: anything but a ticked box means "do not share"
    choice = services.sharing_set(user=request.user, shared=form.cleaned_data.get("shared", False))
    if choice.shared:
        messages.success(request, _("You share your latest assessment. It counts only in groups of at least 3."))
    else:
        messages.success(request, _("You no longer share your assessments. Profiles that counted you are hidden."))
    return redirect("competences:mine")


def team(request, pk):
    partnership = get_partnership_for_user(request, pk)
    profile = services.profile_refresh(partnership=partnership)
    return render(
        request,
        "competences/team_tab.html",
        {
            **tab_context(request, partnership, "competence"),
            "profile": profile,
            "gaps": profile.gaps(partnership.phase) if profile.visible else [],
            "needs": needs_table(),
            "threshold": ANONYMITY_THRESHOLD,
        },
    )


def organisation(request, pk):
    ministry = get_ministry_for_profile(request, pk)
    return render(
        request,
        "competences/organisation.html",
        {
            "ministry": ministry,
            "profile": services.profile_refresh(ministry=ministry),
            "threshold": ANONYMITY_THRESHOLD,
        },
    )

"""The Relations tab: the relationship survey between the parties, and the balance of power."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.health_permissions import team_ministry_ids
from assessments.models import ANONYMITY_THRESHOLD
from common.dates import day_label
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context
from relations import figures, services
from relations.forms import SurveyAnswerForm
from relations.models import RelationshipSurvey
from relations.permissions import can_answer_survey, can_open_survey
from relations.power import power_balance


def relations(request, pk):
    partnership = get_partnership_for_user(request, pk)
    today = timezone.localdate()
    rounds = figures.survey_rounds(partnership, today=today)
    open_survey = next((r.survey for r in rounds if r.survey.is_open(today)), None)
    answered = open_survey is not None and services.has_answered(request.user, open_survey)
    if open_survey is not None:
        open_survey.partnership = partnership  # with its participations loaded, for the permission check
    latest = next((r for r in reversed(rounds) if r.closed), None)
    return render(
        request,
        "relations/relations_tab.html",
        {
            **tab_context(request, partnership, "relations"),
            "rounds": rounds,
            "rounds_chart": figures.rounds_chart(rounds),
            "latest": latest,
            "threshold": ANONYMITY_THRESHOLD,
            "tie_score": figures.tie_score(),
            "open_survey": open_survey,
            "answered": answered,
            "may_answer": open_survey is not None and not answered and can_answer_survey(request.user, open_survey),
            "may_open": open_survey is None and can_open_survey(request.user, partnership),
            "balance": power_balance(partnership, today=today),
        },
    )


@require_POST
def survey_open(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    try:
        survey = services.survey_open(partnership=partnership, opened_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The relationship survey is open until %(date)s. Ask the people of every partner to answer.")
            % {"date": day_label(survey.closes_on)},
        )
    return redirect("relations:relations", partnership.pk)


def survey_answer(request, pk, survey_pk):
    partnership = get_partnership_for_user(request, pk)
    survey = get_object_or_404(RelationshipSurvey, pk=survey_pk, partnership=partnership)
    survey.partnership = partnership
    # A second post (another tab, the back button) reaches the service, which says it was already answered.
    if request.method == "GET" and services.has_answered(request.user, survey):
        messages.info(request, _("You have already answered this relationship survey. Thank you."))
        return redirect("relations:relations", partnership.pk)
    if not can_answer_survey(request.user, survey):
        raise PermissionDenied
    own = team_ministry_ids(request.user, partnership)
    ministries = [p.ministry for p in partnership.deciding_parties if p.ministry_id in own]
    # Nobody rates their own organisation; who works for two participants says which one they answer for.
    parties = [p.ministry for p in partnership.deciding_parties if len(ministries) > 1 or p.ministry_id not in own]
    form = SurveyAnswerForm(request.POST or None, ministries=ministries, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_respond(
                survey=survey, user=request.user, ministry=form.cleaned_data["ministry"], ratings=form.ratings()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your ratings are in, without your name."))
            return redirect("relations:relations", partnership.pk)
    return render(
        request,
        "relations/survey_answer.html",
        {
            **tab_context(request, partnership, "relations"),
            "form": form,
            "survey": survey,
            "several": len(ministries) > 1,
            "threshold": ANONYMITY_THRESHOLD,
        },
    )

"""The Relations tab: the relationship survey between the parties, and the balance of power; and the same
survey among a cluster's organisations, on the cluster's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import ANONYMITY_THRESHOLD
from common.dates import day_label
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context
from relations import figures, services
from relations.forms import SurveyAnswerForm
from relations.models import RelationshipSurvey
from relations.permissions import (
    answering_ministry_ids,
    can_answer_survey,
    can_open_cluster_survey,
    can_open_survey,
    get_cluster_for_user,
)
from relations.power import power_balance


def _survey_context(request, home, *, may_open, today):
    """What the figures' partial (relations/_survey.html) shows, for a partnership or a cluster."""
    rounds = figures.survey_rounds(home, today=today)
    open_survey = next((r.survey for r in rounds if r.survey.is_open(today)), None)
    answered = open_survey is not None and services.has_answered(request.user, open_survey)
    if open_survey is not None:
        # With its parties loaded, for the permission check.
        setattr(open_survey, "cluster" if open_survey.cluster_id else "partnership", home)
    return {
        "rounds": rounds,
        "rounds_chart": figures.rounds_chart(rounds),
        "latest": next((r for r in reversed(rounds) if r.closed), None),
        "threshold": ANONYMITY_THRESHOLD,
        "tie_score": figures.tie_score(),
        "open_survey": open_survey,
        "answered": answered,
        "may_answer": open_survey is not None and not answered and can_answer_survey(request.user, open_survey),
        "may_open": open_survey is None and may_open,
    }


def relations(request, pk):
    partnership = get_partnership_for_user(request, pk)
    today = timezone.localdate()
    may_open = can_open_survey(request.user, partnership)
    return render(
        request,
        "relations/relations_tab.html",
        {
            **tab_context(request, partnership, "relations"),
            **_survey_context(request, partnership, may_open=may_open, today=today),
            "balance": power_balance(partnership, today=today),
        },
    )


def cluster_relations(request, pk):
    cluster = get_cluster_for_user(request, pk)
    today = timezone.localdate()
    may_open = can_open_cluster_survey(request.user, cluster)
    return render(
        request,
        "relations/cluster_relations.html",
        {"cluster": cluster, **_survey_context(request, cluster, may_open=may_open, today=today)},
    )


def _opened(request, survey):
    messages.success(
        request,
        _("The relationship survey is open until %(date)s. Ask the people of every partner to answer.")
        % {"date": day_label(survey.closes_on)},
    )


def _open_round(request, opening, back):
    """Open a round by hand (opening() calls the service) and go back, saying what happened."""
    try:
        survey = opening()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _opened(request, survey)
    return back


@require_POST
def survey_open(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    return _open_round(
        request,
        lambda: services.survey_open(partnership=partnership, opened_by=request.user),
        redirect("relations:relations", partnership.pk),
    )


@require_POST
def cluster_survey_open(request, pk):
    cluster = get_cluster_for_user(request, pk, write=True)
    return _open_round(
        request,
        lambda: services.cluster_survey_open(cluster=cluster, opened_by=request.user),
        redirect("relations:cluster", cluster.pk),
    )


def _answer(request, survey, *, back, template, context):
    """Show or take one person's ratings of the round's other parties (loaded on `survey`)."""
    # A second post (another tab, the back button) reaches the service, which says it was already answered.
    if request.method == "GET" and services.has_answered(request.user, survey):
        messages.info(request, _("You have already answered this relationship survey. Thank you."))
        return redirect(back)
    if not can_answer_survey(request.user, survey):
        raise PermissionDenied
    own = answering_ministry_ids(request.user, survey)
    ministries = [m for m in survey.parties if m.pk in own]
    # Nobody rates their own organisation; who works for two parties says which one they answer for.
    parties = [m for m in survey.parties if len(ministries) > 1 or m.pk not in own]
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
            return redirect(back)
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "survey": survey,
            "several": len(ministries) > 1,
            "threshold": ANONYMITY_THRESHOLD,
            "back": back,
        },
    )


def survey_answer(request, pk, survey_pk):
    partnership = get_partnership_for_user(request, pk)
    survey = get_object_or_404(RelationshipSurvey, pk=survey_pk, partnership=partnership)
    survey.partnership = partnership
    return _answer(
        request,
        survey,
        back=reverse("relations:relations", args=[partnership.pk]),
        template="relations/survey_answer.html",
        context=tab_context(request, partnership, "relations"),
    )


def cluster_survey_answer(request, pk, survey_pk):
    cluster = get_cluster_for_user(request, pk)
    survey = get_object_or_404(RelationshipSurvey, pk=survey_pk, cluster=cluster)
    survey.cluster = cluster
    return _answer(
        request,
        survey,
        back=reverse("relations:cluster", args=[cluster.pk]),
        template="relations/cluster_survey_answer.html",
        context={"cluster": cluster},
    )

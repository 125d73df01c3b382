"""The Reviews tab: reviews, evaluations, the expectations register and the evaluators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import review_services
from assessments.health_forms import EvaluationForm, EvaluatorAssignForm, ExpectationForm, ReviewForm
from assessments.health_permissions import (
    can_assign_evaluators,
    can_record_evaluation,
    can_record_review,
    expectation_ministry_ids,
    get_partnership_for_assessment,
)
from assessments.models import Evaluation, EvaluatorAssignment, Expectation, ExpectationRating, Review
from partnerships.tabs import tab_context


def reviews(request, pk):
    partnership = get_partnership_for_assessment(request, pk)
    user = request.user
    latest_rating = Prefetch(
        "ratings", queryset=ExpectationRating.objects.select_related("review").order_by("-review__held_on", "-pk")
    )
    expectations = list(
        Expectation.objects.filter(partnership=partnership, is_active=True)
        .select_related("ministry")
        .prefetch_related(latest_rating)
        .order_by("ministry__name", "direction", "pk")
    )
    for expectation in expectations:
        ratings = list(expectation.ratings.all())
        expectation.latest = ratings[0] if ratings else None
    own = expectation_ministry_ids(user, partnership)
    return render(
        request,
        "assessments/review_tab.html",
        {
            **tab_context(request, partnership, "reviews"),
            "reviews": Review.objects.filter(partnership=partnership).select_related("recorded_by"),
            "evaluations": Evaluation.objects.filter(partnership=partnership).select_related("recorded_by"),
            "expectations": expectations,
            "own_expectation_ministries": own,
            "assignments": EvaluatorAssignment.objects.filter(partnership=partnership).select_related("evaluator"),
            "may_review": can_record_review(user, partnership),
            "may_evaluate": can_record_evaluation(user, partnership),
            "may_assign": can_assign_evaluators(user, partnership),
            "may_add_expectation": bool(own),
        },
    )


def review_add(request, pk):
    partnership = get_partnership_for_assessment(request, pk, check=can_record_review)
    expectations = review_services.active_expectations(partnership)
    form = ReviewForm(request.POST or None, expectations=expectations, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            review = review_services.review_record(
                partnership=partnership,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                findings=form.cleaned_data["findings"],
                rating=form.cleaned_data["rating"],
                recommendation=form.cleaned_data["recommendation"],
                participants=form.cleaned_data["participants"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The review is recorded. The next one is due on %(date)s.")
                % {"date": date_format(review.partnership.next_review_due)},
            )
            return redirect("assessments:review_detail", partnership.pk, review.pk)
    return render(
        request,
        "assessments/review_form.html",
        {**tab_context(request, partnership, "reviews"), "form": form},
    )


def review_detail(request, pk, review_pk):
    partnership = get_partnership_for_assessment(request, pk)
    review = get_object_or_404(
        Review.objects.select_related("recorded_by").prefetch_related(
            Prefetch("expectation_ratings", queryset=ExpectationRating.objects.select_related("expectation__ministry"))
        ),
        pk=review_pk,
        partnership=partnership,
    )
    return render(
        request,
        "assessments/review_detail.html",
        {**tab_context(request, partnership, "reviews"), "review": review},
    )


def evaluation_add(request, pk):
    partnership = get_partnership_for_assessment(request, pk, check=can_record_evaluation)
    form = EvaluationForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = review_services.evaluation_record(
                partnership=partnership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The evaluation is recorded. The renewal gate will read its recommendation."))
            return redirect("assessments:evaluation_detail", partnership.pk, evaluation.pk)
    return render(
        request,
        "assessments/review_evaluation_form.html",
        {**tab_context(request, partnership, "reviews"), "form": form},
    )


def evaluation_detail(request, pk, evaluation_pk):
    partnership = get_partnership_for_assessment(request, pk)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("recorded_by"), pk=evaluation_pk, partnership=partnership
    )
    return render(
        request,
        "assessments/review_evaluation_detail.html",
        {**tab_context(request, partnership, "reviews"), "evaluation": evaluation},
    )


def expectation_add(request, pk):
    partnership = get_partnership_for_assessment(request, pk)
    own = expectation_ministry_ids(request.user, partnership)
    if not own:
        raise PermissionDenied
    ministries = [p.ministry for p in partnership.participants if p.ministry_id in own]
    form = ExpectationForm(request.POST or None, ministries=ministries)
    if request.method == "POST" and form.is_valid():
        review_services.expectation_add(partnership=partnership, by=request.user, **form.cleaned_data)
        messages.success(request, _("The expectation is on the register. Each review will say whether it was met."))
        return redirect(f"{_reviews_url(partnership)}#expectations")
    return render(
        request,
        "assessments/review_expectation_form.html",
        {**tab_context(request, partnership, "reviews"), "form": form},
    )


@require_POST
def expectation_withdraw(request, pk, expectation_pk):
    partnership = get_partnership_for_assessment(request, pk)
    expectation = get_object_or_404(Expectation, pk=expectation_pk, partnership=partnership)
    if expectation.ministry_id not in expectation_ministry_ids(request.user, partnership):
        raise PermissionDenied
    review_services.expectation_withdraw(expectation=expectation)
    messages.success(request, _("The expectation is off the register. Past reviews keep their ratings of it."))
    return redirect(f"{_reviews_url(partnership)}#expectations")


def evaluator_assign(request, pk):
    partnership = get_partnership_for_assessment(request, pk, check=can_assign_evaluators)
    form = EvaluatorAssignForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = review_services.evaluator_assign(
                partnership=partnership, evaluator=form.cleaned_data["evaluator"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(person)s is asked to evaluate and has been told.") % {"person": assignment.evaluator}
            )
            return redirect(f"{_reviews_url(partnership)}#evaluators")
    return render(
        request,
        "assessments/review_assign_form.html",
        {**tab_context(request, partnership, "reviews"), "form": form},
    )


@require_POST
def evaluator_remove(request, pk, assignment_pk):
    partnership = get_partnership_for_assessment(request, pk, check=can_assign_evaluators)
    assignment = get_object_or_404(EvaluatorAssignment, pk=assignment_pk, partnership=partnership)
    review_services.evaluator_unassign(assignment=assignment)
    messages.success(
        request, _("%(person)s is no longer the evaluator of this partnership.") % {"person": assignment.evaluator}
    )
    return redirect(f"{_reviews_url(partnership)}#evaluators")


def _reviews_url(partnership):
    from django.urls import reverse

    return reverse("assessments:reviews", args=[partnership.pk])

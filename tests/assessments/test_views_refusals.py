"""The assessment pages when the form is valid but the service refuses: the page says why and saves nothing."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessments.models import Evaluation, GateDecision, GateRequest, Review
from tests.builders import settle_points
from tests.factories import GateRequestFactory

TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


def test_a_review_dated_tomorrow_is_refused_next_to_the_date(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("assessments:review_add", args=[partnership.pk]),
        {
            "held_on": TOMORROW.isoformat(),
            "findings": "Intake works in two offices.",
            "rating": "amber",
            "recommendation": "continue",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "held_on": ["A review is recorded after it is held: choose today or an earlier day."]
    }
    assert response.context["form"]["findings"].value() == "Intake works in two offices."
    assert not Review.objects.exists()


def test_an_evaluation_dated_tomorrow_is_refused_next_to_the_date(client_for, evaluator, partnership):
    response = client_for(evaluator).post(
        reverse("assessments:evaluation_add", args=[partnership.pk]),
        {
            "completed_on": TOMORROW.isoformat(),
            "scope": "All of it.",
            "findings": "Good.",
            "rating": "green",
            "recommendation": "renew",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "completed_on": ["Choose the day the evaluation was completed: today or earlier."]
    }
    assert response.context["form"]["scope"].value() == "All of it."
    assert not Evaluation.objects.exists()


def test_a_gate_request_with_a_requirement_missing_says_which(client_for, coordinator, partnership):
    client = client_for(coordinator)

    response = client.post(reverse("assessments:gate_request", args=[partnership.pk]), {"note": "Ready"})

    assert response.url == reverse("assessments:gate", args=[partnership.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This requirement is not met yet: Points 1-3 addressed."
    ]
    assert not GateRequest.objects.exists()


def test_go_with_conditions_without_a_condition_is_refused_next_to_the_decision(
    client_for, coordinator, executive, partnership
):
    settle_points(partnership, [1, 2, 3])
    pending = GateRequestFactory(partnership=partnership, from_phase=partnership.phase, requested_by=coordinator)

    response = client_for(executive).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {
            "outcome": "go_conditions",
            "reason": "Yes, but.",
            "conditions-TOTAL_FORMS": 2,
            "conditions-INITIAL_FORMS": 0,
        },
    )

    pending.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {"outcome": ["Add at least one condition, or choose Go."]}
    assert response.context["form"]["reason"].value() == "Yes, but."
    assert (pending.status, GateDecision.objects.exists()) == (GateRequest.Status.PENDING, False)


def test_go_is_refused_when_a_requirement_is_no_longer_met(client_for, coordinator, executive, partnership):
    # The request was made when points 1-3 were addressed; they have since been reopened.
    pending = GateRequestFactory(partnership=partnership, from_phase=partnership.phase, requested_by=coordinator)

    response = client_for(executive).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {"outcome": "go", "reason": "Good groundwork.", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
    )

    pending.refresh_from_db()
    partnership.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This requirement is no longer met: Points 1-3 addressed."]
    assert (pending.status, partnership.phase) == (GateRequest.Status.PENDING, "initiation")
    assert not GateDecision.objects.exists()


def test_the_decision_page_without_a_pending_request_is_not_found(client_for, executive, partnership):
    response = client_for(executive).get(reverse("assessments:gate_decide", args=[partnership.pk]))

    assert response.status_code == 404

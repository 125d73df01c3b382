from django.urls import reverse

from assessments import review_services
from assessments.models import EvaluatorAssignment
from ministries.models import Role
from tests.factories import MinistryFactory, person


def test_coordinator_withdraws_their_ministrys_expectation(client_for, partnership, ministry, coordinator):
    expectation = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="give", text="Two staff days a week", by=coordinator
    )

    response = client_for(coordinator).post(
        reverse("assessments:expectation_withdraw", args=[partnership.pk, expectation.pk])
    )

    expectation.refresh_from_db()
    assert response.url == reverse("assessments:reviews", args=[partnership.pk]) + "#expectations"
    assert expectation.is_active is False


def test_withdrawing_another_ministrys_expectation_is_refused(
    client_for, partnership, ministry, coordinator, partner_coordinator
):
    expectation = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="give", text="Two staff days a week", by=coordinator
    )

    response = client_for(partner_coordinator).post(
        reverse("assessments:expectation_withdraw", args=[partnership.pk, expectation.pk])
    )

    expectation.refresh_from_db()
    assert (response.status_code, expectation.is_active) == (403, True)


def test_lead_coordinator_removes_an_evaluator(client_for, partnership, coordinator):
    auditor = person(MinistryFactory(name="Auditor General", short_name="OAG"), Role.EVALUATOR)
    assignment = review_services.evaluator_assign(partnership=partnership, evaluator=auditor, by=coordinator)

    response = client_for(coordinator).post(
        reverse("assessments:evaluator_remove", args=[partnership.pk, assignment.pk])
    )

    assert response.url == reverse("assessments:reviews", args=[partnership.pk]) + "#evaluators"
    assert EvaluatorAssignment.objects.count() == 0

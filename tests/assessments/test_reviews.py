from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import health_services, review_services
from assessments.models import Evaluation, EvaluatorAssignment, Expectation, ExpectationRating, Review
from ministries.models import Role
from notifications.models import Kind, Reminder
from partnerships.models import Partnership
from tests.factories import MinistryFactory, person

TODAY = timezone.localdate()


@pytest.fixture
def external_evaluator(db):
    return person(MinistryFactory(name="Auditor General", short_name="OAG"), Role.EVALUATOR, user__username="oag")


def record_review(partnership, by, **changes):
    return review_services.review_record(
        partnership=partnership,
        by=by,
        **{
            "held_on": TODAY,
            "findings": "Intake works in two offices.",
            "rating": "amber",
            "recommendation": "adjust",
            **changes,
        },
    )


def record_evaluation(partnership, by, **changes):
    return review_services.evaluation_record(
        partnership=partnership,
        by=by,
        **{
            "completed_on": TODAY,
            "scope": "Outcomes for families, 2024–2026.",
            "findings": "Referrals twice as fast.",
            "rating": "green",
            "recommendation": "renew",
            **changes,
        },
    )


# Reviews and the expectations register


def test_a_review_rates_expectations_and_moves_the_next_date(partnership, ministry, coordinator):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=TODAY - timedelta(days=3))
    partnership.refresh_from_db()
    give = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="give", text="Two analysts", by=coordinator
    )
    get = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="get", text="Monthly figures", by=coordinator
    )

    review = record_review(partnership, coordinator, ratings={give.pk: ("met", ""), get.pk: ("not_met", "Late")})

    assert review.due_date == TODAY - timedelta(days=3)
    assert sorted(ExpectationRating.objects.values_list("expectation__text", "rating", "note")) == [
        ("Monthly figures", "not_met", "Late"),
        ("Two analysts", "met", ""),
    ]
    partnership.refresh_from_db()
    assert partnership.next_review_due == health_services.add_months(TODAY, 3)


def test_a_review_cannot_be_recorded_before_it_is_held(partnership, coordinator):
    with pytest.raises(ValidationError):
        record_review(partnership, coordinator, held_on=TODAY + timedelta(days=1))


def test_a_withdrawn_expectation_keeps_its_past_ratings(partnership, ministry, coordinator):
    expectation = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="give", text="Two analysts", by=coordinator
    )
    record_review(partnership, coordinator, ratings={expectation.pk: ("partly", "")})

    review_services.expectation_withdraw(expectation=expectation)

    assert review_services.active_expectations(partnership) == []
    assert ExpectationRating.objects.get().rating == "partly"


def test_reviews_held_and_latest_evaluation_for_the_gate(partnership, coordinator, evaluator):
    assert review_services.partnership_reviews_held(partnership) == 0
    assert review_services.partnership_latest_evaluation(partnership) is None

    record_review(partnership, coordinator, held_on=TODAY - timedelta(days=30))
    record_review(partnership, coordinator)
    record_evaluation(partnership, evaluator, completed_on=TODAY - timedelta(days=10), recommendation="adjust")
    latest = record_evaluation(partnership, evaluator, recommendation="renew")

    assert review_services.partnership_reviews_held(partnership) == 2
    assert review_services.partnership_reviews_held(partnership, cycle=2) == 0
    assert review_services.partnership_latest_evaluation(partnership) == latest
    assert review_services.partnership_latest_evaluation(partnership).recommendation == "renew"
    assert review_services.partnership_latest_evaluation(partnership, cycle=2) is None


def test_an_evaluation_by_someone_outside_is_external(partnership, evaluator, external_evaluator):
    assert record_evaluation(partnership, evaluator).is_external is False
    assert record_evaluation(partnership, external_evaluator).is_external is True


# Who may do what


def test_coordinators_record_reviews_through_the_form(client_for, partner_coordinator_of, partnership):
    client = client_for(partner_coordinator_of(partnership))
    response = client.post(
        reverse("assessments:review_add", args=[partnership.pk]),
        {"held_on": TODAY.isoformat(), "findings": "Fine.", "rating": "green", "recommendation": "continue"},
    )

    review = Review.objects.get()
    assert response.url == reverse("assessments:review_detail", args=[partnership.pk, review.pk])


def test_the_review_form_says_what_is_missing(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("assessments:review_add", args=[partnership.pk]), {"held_on": TODAY.isoformat(), "findings": "x"}
    )

    assert set(response.context["form"].errors) == {"rating", "recommendation"}


def test_the_review_and_evaluation_forms_offer_no_empty_choice(client_for, coordinator, evaluator, partnership):
    review = client_for(coordinator).get(reverse("assessments:review_add", args=[partnership.pk]))
    evaluation = client_for(evaluator).get(reverse("assessments:evaluation_add", args=[partnership.pk]))

    for form in (review.context["form"], evaluation.context["form"]):
        assert [value for value, _label in form.fields["rating"].choices] == ["green", "amber", "red"]
        assert "" not in [value for value, _label in form.fields["recommendation"].choices]
    assert "---------" not in review.content.decode() + evaluation.content.decode()


@pytest.mark.parametrize("fixture", ["field_officer", "executive", "evaluator"])
def test_only_coordinators_record_reviews(request, client_for, partnership, fixture):
    client = client_for(request.getfixturevalue(fixture))

    assert client.get(reverse("assessments:review_add", args=[partnership.pk])).status_code == 403


def test_coordinators_do_not_evaluate(client_for, coordinator, partnership):
    assert client_for(coordinator).get(reverse("assessments:evaluation_add", args=[partnership.pk])).status_code == 403


def test_an_evaluator_of_a_participating_ministry_evaluates(client_for, evaluator, partnership):
    client_for(evaluator).post(
        reverse("assessments:evaluation_add", args=[partnership.pk]),
        {
            "completed_on": TODAY.isoformat(),
            "scope": "All of it.",
            "findings": "Good.",
            "rating": "green",
            "recommendation": "renew",
        },
    )

    assert Evaluation.objects.get().recorded_by == evaluator


def test_an_outside_evaluator_needs_an_assignment(client_for, external_evaluator, partnership, coordinator):
    client = client_for(external_evaluator)
    reviews_url = reverse("assessments:reviews", args=[partnership.pk])
    assert client.get(reviews_url).status_code == 404
    assert client.get(reverse("assessments:evaluation_add", args=[partnership.pk])).status_code == 404

    review_services.evaluator_assign(partnership=partnership, evaluator=external_evaluator, by=coordinator)
    external_evaluator.refresh_from_db()  # a fresh request: memberships and assignments loaded anew

    response = client.get(reviews_url)
    assert response.status_code == 200
    assert [key for key, _label, _url in response.context["tabs"]] == ["health", "reviews"]
    assert client.get(reverse("assessments:evaluation_add", args=[partnership.pk])).status_code == 200
    assert client.get(reverse("assessments:health", args=[partnership.pk])).status_code == 200
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 404


def test_assigning_an_evaluator_tells_them_once(partnership, coordinator, external_evaluator):
    review_services.evaluator_assign(partnership=partnership, evaluator=external_evaluator, by=coordinator)
    review_services.evaluator_assign(partnership=partnership, evaluator=external_evaluator, by=coordinator)

    assert EvaluatorAssignment.objects.count() == 1
    assert list(Reminder.objects.values_list("kind", "recipient")) == [(Kind.EVALUATOR_ASSIGNED, external_evaluator.pk)]


def test_only_the_lead_coordinators_assign_evaluators(client_for, partnership, partner_coordinator_of, coordinator):
    url = reverse("assessments:evaluator_assign", args=[partnership.pk])

    assert client_for(partner_coordinator_of(partnership)).get(url).status_code == 403
    assert client_for(coordinator).get(url).status_code == 200


def test_someone_without_the_evaluator_role_cannot_be_assigned(partnership, coordinator, outsider):
    with pytest.raises(ValidationError):
        review_services.evaluator_assign(partnership=partnership, evaluator=outsider, by=coordinator)


def test_coordinators_keep_only_their_own_ministrys_expectations(
    client_for, partnership, coordinator, ministry, other_ministry
):
    client = client_for(coordinator)
    url = reverse("assessments:expectation_add", args=[partnership.pk])

    response = client.post(url, {"ministry": other_ministry.pk, "direction": "give", "text": "Not ours"})
    assert "ministry" in response.context["form"].errors

    client.post(url, {"ministry": ministry.pk, "direction": "give", "text": "Ours"})
    assert list(Expectation.objects.values_list("ministry", "text")) == [(ministry.pk, "Ours")]


def test_reviews_due_on_the_coordinators_home(client_for, coordinator, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=TODAY + timedelta(days=5))

    response = client_for(coordinator).get(reverse("dashboards:home"))

    assert response.context["reviews_due"] == [partnership]


def test_reviews_tab_query_count_does_not_grow(
    client_for, coordinator, partnership, ministry, evaluator, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("assessments:reviews", args=[partnership.pk])
    expectation = review_services.expectation_add(
        partnership=partnership, ministry=ministry, direction="give", text="Analysts", by=coordinator
    )
    record_review(partnership, coordinator, ratings={expectation.pk: ("met", "")})
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(4):
        more = review_services.expectation_add(
            partnership=partnership, ministry=ministry, direction="get", text=f"Thing {n}", by=coordinator
        )
        record_review(partnership, coordinator, ratings={more.pk: ("partly", "")})
        record_evaluation(partnership, evaluator)
    with django_assert_num_queries(10):
        client.get(url)


@pytest.fixture
def partner_coordinator_of(other_ministry):
    def make(partnership):
        return person(other_ministry, Role.COORDINATOR, user__username="partner")

    return make

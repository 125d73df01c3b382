from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import health_services
from assessments.models import HealthCheck, HealthCheckParticipant, HealthCheckResponse
from ministries.models import Role
from tests.factories import person

TODAY = timezone.localdate()


def ratings(value, **overrides):
    values = dict.fromkeys(["trust", "communication", "shared_goals", "progress", "resources"], value)
    return {**values, **overrides}


@pytest.fixture
def check(partnership):
    return health_services.health_check_open(partnership=partnership, today=TODAY)


def answer(check, ministry, value, count=1, **texts):
    for _ in range(count):
        user = person(ministry, Role.FIELD_STAFF)
        health_services.health_check_respond(
            health_check=check, user=user, ministry=ministry, answers={**ratings(value), **texts}, today=TODAY
        )


def close(check):
    """Answering ends: the check closed yesterday, and the daily scan settles it."""
    HealthCheck.objects.filter(pk=check.pk).update(
        opens_on=TODAY - timedelta(days=15), closes_on=TODAY - timedelta(days=1)
    )
    health_services.health_checks_settle(today=TODAY)
    check.refresh_from_db()


# Opening and answering


def test_opening_twice_gives_the_same_open_check(partnership):
    first = health_services.health_check_open(partnership=partnership, today=TODAY)
    second = health_services.health_check_open(partnership=partnership, today=TODAY)

    assert first == second
    assert (first.opens_on, first.closes_on) == (TODAY, TODAY + timedelta(days=14))


def test_one_response_per_person(check, ministry, coordinator):
    health_services.health_check_respond(health_check=check, user=coordinator, ministry=ministry, answers=ratings(4))

    with pytest.raises(ValidationError, match="already answered"):
        health_services.health_check_respond(
            health_check=check, user=coordinator, ministry=ministry, answers=ratings(1)
        )
    assert HealthCheckResponse.objects.count() == 1


def test_the_response_does_not_point_at_its_author(check, ministry, coordinator):
    health_services.health_check_respond(health_check=check, user=coordinator, ministry=ministry, answers=ratings(4))

    assert [f.name for f in HealthCheckResponse._meta.get_fields() if f.is_relation] == ["health_check", "ministry"]
    assert HealthCheckParticipant.objects.get().user == coordinator


def test_a_closed_check_takes_no_answers(check, ministry, coordinator):
    with pytest.raises(ValidationError, match="closed"):
        health_services.health_check_respond(
            health_check=check,
            user=coordinator,
            ministry=ministry,
            answers=ratings(4),
            today=check.closes_on + timedelta(days=1),
        )


def test_an_evaluator_is_not_part_of_the_team(check, ministry, evaluator):
    with pytest.raises(ValidationError, match="organisation you work in"):
        health_services.health_check_respond(health_check=check, user=evaluator, ministry=ministry, answers=ratings(4))


# Anonymity


def test_results_are_hidden_under_three_answers(partnership, check, ministry, other_ministry):
    answer(check, ministry, 4, count=2, going_well="Good people")
    answer(check, other_ministry, 2, count=3)
    close(check)

    (result,) = health_services.health_results(partnership)

    # MCSS has two answers: hidden. MOH would give them away (everyone minus MOH): hidden too.
    assert [(g.label, g.count, g.overall) for g in result.ministries] == [("MCSS", None, None), ("MOH", None, None)]
    assert (result.everyone.count, str(result.everyone.overall)) == (5, "2.80")


def test_results_by_ministry_when_every_group_has_three(partnership, check, ministry, other_ministry):
    answer(check, ministry, 4, count=3)
    answer(check, other_ministry, 2, count=3)
    close(check)

    (result,) = health_services.health_results(partnership)

    assert [(g.label, g.count, str(g.overall)) for g in result.ministries] == [("MCSS", 3, "4.00"), ("MOH", 3, "2.00")]
    assert (result.everyone.count, str(result.everyone.overall)) == (6, "3.00")


def test_nothing_at_all_is_shown_under_three_answers(partnership, check, ministry):
    answer(check, ministry, 5, count=2, going_well="Secret")
    close(check)

    (result,) = health_services.health_results(partnership)
    check.refresh_from_db()

    assert result.everyone.visible is False
    assert result.answers == {}
    assert check.average is None
    assert health_services.health_chart_data([result])["labels"] == []


def test_the_page_hides_small_groups_and_their_words(client_for, coordinator, partnership, check, ministry):
    answer(check, ministry, 5, count=2, going_well="A secret remark")
    close(check)

    content = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert "A secret remark" not in content
    assert "Hidden: fewer than 3 answers." in content


def test_the_page_shows_written_answers_without_names_from_three(client_for, coordinator, partnership, check, ministry):
    answer(check, ministry, 4, count=3, going_well="Referrals are faster")
    close(check)

    response = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk]))

    content = response.content.decode()
    assert content.count("Referrals are faster") == 3
    assert 'id="health-data"' in content


# Flags


def test_a_low_average_flags_the_check(partnership, check, ministry):
    answer(check, ministry, 2, count=3)
    close(check)

    assert (check.flag, str(check.average)) == ("low", "2.00")


def test_one_very_low_rating_flags_the_check(check, ministry):
    for _ in range(3):
        user = person(ministry, Role.FIELD_STAFF)
        health_services.health_check_respond(
            health_check=check, user=user, ministry=ministry, answers=ratings(5, resources=1)
        )
    close(check)

    assert check.flag == "low"


def test_a_falling_trend_flags_the_partnership(partnership, ministry):
    earlier = HealthCheck.objects.create(
        partnership=partnership,
        due_date=TODAY - timedelta(days=90),
        opens_on=TODAY - timedelta(days=90),
        closes_on=TODAY - timedelta(days=76),
    )
    for _ in range(3):
        HealthCheckResponse.objects.create(health_check=earlier, ministry=ministry, **ratings(4))
    health_services.health_check_summarise(earlier)
    check = health_services.health_check_open(partnership=partnership, today=TODAY)

    answer(check, ministry, 3, count=3)
    close(check)

    assert (check.flag, str(check.average)) == ("falling", "3.00")


def test_a_steady_good_score_is_not_flagged(partnership, check, ministry):
    answer(check, ministry, 4, count=3)
    close(check)

    assert check.flag == ""


# Views and permissions


def test_a_team_member_answers_through_the_form(client_for, field_officer, partnership, check, ministry):
    url = reverse("assessments:health_answer", args=[partnership.pk, check.pk])
    data = {**ratings(4), "ministry": ministry.pk, "going_well": "Good"}

    response = client_for(field_officer).post(url, data)

    assert response.url == reverse("assessments:health", args=[partnership.pk])
    assert HealthCheckResponse.objects.get().going_well == "Good"
    assert HealthCheckParticipant.objects.get().user == field_officer


def test_the_form_says_what_is_missing_next_to_the_field(client_for, field_officer, partnership, check, ministry):
    url = reverse("assessments:health_answer", args=[partnership.pk, check.pk])

    response = client_for(field_officer).post(url, {**ratings(4), "trust": "", "ministry": ministry.pk})

    assert response.context["form"].errors == {"trust": ["Choose a rating from 1 to 5."]}
    assert HealthCheckResponse.objects.count() == 0


def test_an_evaluator_of_the_ministry_may_look_but_not_answer(client_for, evaluator, partnership, check):
    client = client_for(evaluator)

    assert client.get(reverse("assessments:health", args=[partnership.pk])).status_code == 200
    assert client.get(reverse("assessments:health_answer", args=[partnership.pk, check.pk])).status_code == 403


def test_outsiders_get_404(client_for, outsider, partnership, check):
    client = client_for(outsider)

    assert client.get(reverse("assessments:health", args=[partnership.pk])).status_code == 404
    assert client.get(reverse("assessments:health_answer", args=[partnership.pk, check.pk])).status_code == 404


def test_a_coordinator_opens_a_check_by_hand(client_for, coordinator, partnership):
    client_for(coordinator).post(reverse("assessments:health_open", args=[partnership.pk]))

    assert partnership.health_checks.get().opened_by == coordinator


def test_field_staff_may_not_open_a_check(client_for, field_officer, partnership):
    response = client_for(field_officer).post(reverse("assessments:health_open", args=[partnership.pk]))

    assert response.status_code == 403


def test_health_checks_to_answer_on_the_home_page(client_for, field_officer, partnership, check):
    response = client_for(field_officer).get(reverse("dashboards:home"))

    assert response.context["health_checks_to_answer"] == [check]
    assert "Answer the team health check of" in response.content.decode()


def test_health_page_query_count_does_not_grow_with_checks(
    client_for, coordinator, partnership, ministry, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("assessments:health", args=[partnership.pk])
    check = health_services.health_check_open(partnership=partnership, today=TODAY)
    answer(check, ministry, 4, count=3)
    close(check)
    # No check open (so no "have you answered" query): eight, with one closed check or four.
    with django_assert_num_queries(8):
        client.get(url)
    for months in (3, 6, 9):
        due = TODAY - timedelta(days=30 * months)
        older = HealthCheck.objects.create(partnership=partnership, due_date=due, opens_on=due, closes_on=due)
        for _ in range(3):
            HealthCheckResponse.objects.create(health_check=older, ministry=ministry, **ratings(3))
    with django_assert_num_queries(8):
        client.get(url)


# Opening on the cadence, set-based


@pytest.mark.parametrize("size", [3, 30])
def test_the_daily_opening_costs_the_same_statements_for_3_or_30_checks(
    size, ministry, other_ministry, django_assert_num_queries
):
    from partnerships.models import Partnership
    from tests.builders import make_partnership

    due = [make_partnership([ministry, other_ministry], title=f"P{i}") for i in range(size)]
    Partnership.objects.filter(pk__in=[p.pk for p in due]).update(
        next_health_check_due=TODAY - timedelta(days=2), health_check_cadence=3
    )
    waiting = due.pop()
    opened_by_hand = health_services.health_check_open(partnership=waiting, today=TODAY - timedelta(days=1))

    # Settle (one read), then one batch: lock, count, INSERT, count, UPDATE, in a savepoint here.
    with django_assert_num_queries(1 + 7):
        opened = health_services.health_checks_open_due(today=TODAY)

    assert opened == size - 1
    for partnership in due:
        check = partnership.health_checks.get()
        assert (check.due_date, check.opens_on, check.closes_on) == (
            TODAY - timedelta(days=2),
            TODAY,
            TODAY + timedelta(days=14),
        )
        partnership.refresh_from_db()
        assert partnership.next_health_check_due == health_services.add_months(TODAY - timedelta(days=2), 3)
    # The check opened by hand yesterday is still open: nothing more opens there.
    assert list(waiting.health_checks.all()) == [opened_by_hand]
    # A second run opens nothing.
    assert health_services.health_checks_open_due(today=TODAY) == 0


# What we are learning, and what is hidden and why


def test_the_form_asks_what_we_are_learning_and_keeps_the_answer(
    client_for, field_officer, partnership, check, ministry
):
    url = reverse("assessments:health_answer", args=[partnership.pk, check.pk])
    assert "What are we learning?" in client_for(field_officer).get(url).content.decode()

    client_for(field_officer).post(url, {**ratings(4), "ministry": ministry.pk, "learning": "Shared intake works."})

    assert HealthCheckResponse.objects.get().learning == "Shared intake works."


def test_what_we_are_learning_is_shown_without_names_from_three(client_for, coordinator, partnership, check, ministry):
    answer(check, ministry, 4, count=3, learning="Families trust one door")
    close(check)

    content = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert "What are we learning?" in content
    assert content.count("Families trust one door") == 3


def test_the_page_says_why_an_organisation_is_hidden(
    client_for, coordinator, partnership, check, ministry, other_ministry
):
    answer(check, ministry, 4, count=3)
    answer(check, other_ministry, 2, count=1)
    close(check)

    content = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert "Why some organisations are hidden: an organisation's figures and number of answers are shown only" in (
        content.replace("&#x27;", "'")
    )
    assert "The written answers are not shown" not in content


def test_the_page_says_why_the_written_answers_are_hidden(client_for, coordinator, partnership, check, ministry):
    answer(check, ministry, 4, count=2, learning="Private lesson")
    close(check)

    content = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert "Private lesson" not in content
    assert "The written answers are not shown: fewer than 3 people answered in all" in content

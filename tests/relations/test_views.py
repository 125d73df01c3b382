"""The Relations tab as the partners use it: opening a round, rating the others, reading the figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dates import day_label
from ministries.models import Role
from partnerships.models import Partnership
from relations import services
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipSurvey
from tests.builders import make_partnership
from tests.factories import RelationshipRatingFactory, RelationshipSurveyFactory, person

TODAY = timezone.localdate()


def answer_post(ministry, *rated, score=3, comment=""):
    """The answer form's fields, as the page posts them."""
    data = {"ministry": ministry.pk}
    for party in rated:
        data.update({f"r{party.pk}_{name}": score for name in SCORE_NAMES})
        data[f"r{party.pk}_comment"] = comment
    return data


@pytest.fixture
def survey(partnership):
    return services.survey_open(partnership=partnership, today=TODAY)


def test_a_coordinator_opens_a_round(client_for, coordinator, partnership):
    response = client_for(coordinator).post(reverse("relations:survey_open", args=[partnership.pk]), follow=True)

    survey = RelationshipSurvey.objects.get(partnership=partnership)
    assert (survey.opened_by, survey.opens_on) == (coordinator, TODAY)
    # The closing day reads as every other date on the pages, not as 2026-12-16.
    assert f"The relationship survey is open until {day_label(survey.closes_on)}." in response.content.decode()
    assert survey.closes_on.isoformat() not in response.content.decode()
    assert response.context["may_answer"] is True


def test_opening_refused_with_a_message_when_the_partnership_has_one_participant(client_for, coordinator, partnership):
    partnership.participations.exclude(role="lead").update(kind="funder", gain_share=0, risk_share=0)

    response = client_for(coordinator).post(reverse("relations:survey_open", args=[partnership.pk]), follow=True)

    assert "needs at least two participants" in response.content.decode()
    assert not RelationshipSurvey.objects.exists()


def test_field_staff_and_outsiders_may_not_open_a_round(client_for, field_officer, outsider, partnership):
    url = reverse("relations:survey_open", args=[partnership.pk])

    assert client_for(field_officer).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert not RelationshipSurvey.objects.exists()


def test_a_team_member_rates_the_other_partner(
    client_for, field_officer, ministry, other_ministry, survey, partnership
):
    url = reverse("relations:survey_answer", args=[partnership.pk, survey.pk])
    page = client_for(field_officer).get(url)

    response = client_for(field_officer).post(url, answer_post(ministry, other_ministry, comment="Open and fair"))

    assert [party.pk for party, _fields in page.context["form"].groups()] == [other_ministry.pk]
    assert response.status_code == 302
    assert list(RelationshipRating.objects.values_list("rater", "rated", "value_power", "comment")) == [
        (ministry.pk, other_ministry.pk, 3, "Open and fair")
    ]
    again = client_for(field_officer).get(url, follow=True)
    assert "You have already answered this relationship survey." in again.content.decode()


def test_a_second_post_is_refused_next_to_the_form(
    client_for, field_officer, ministry, other_ministry, survey, partnership
):
    url = reverse("relations:survey_answer", args=[partnership.pk, survey.pk])
    client_for(field_officer).post(url, answer_post(ministry, other_ministry))

    response = client_for(field_officer).post(url, answer_post(ministry, other_ministry))

    assert response.status_code == 200
    assert "already answered" in response.content.decode()
    assert RelationshipRating.objects.count() == 1


@pytest.mark.parametrize("bad", ["", "x", "5", "0", "²", "99999999999999999999"])
def test_a_bad_rating_is_refused_next_to_its_field(
    client_for, field_officer, ministry, other_ministry, survey, partnership, bad
):
    data = answer_post(ministry, other_ministry)
    data[f"r{other_ministry.pk}_trust_mission"] = bad

    response = client_for(field_officer).post(
        reverse("relations:survey_answer", args=[partnership.pk, survey.pk]), data
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"r{other_ministry.pk}_trust_mission"]
    assert not RelationshipRating.objects.exists()


def test_someone_in_two_partners_says_which_one_they_answer_for(
    client_for, ministry, other_ministry, survey, partnership
):
    both = person(ministry, Role.FIELD_STAFF)
    both.memberships.create(ministry=other_ministry, role=Role.COORDINATOR)
    url = reverse("relations:survey_answer", args=[partnership.pk, survey.pk])

    page = client_for(both).get(url)
    response = client_for(both).post(url, answer_post(other_ministry, ministry))

    assert page.context["several"] is True
    assert response.status_code == 302
    assert list(RelationshipRating.objects.values_list("rater", "rated")) == [(other_ministry.pk, ministry.pk)]


def test_evaluators_may_not_answer_and_outsiders_get_404(client_for, evaluator, outsider, survey, partnership):
    url = reverse("relations:survey_answer", args=[partnership.pk, survey.pk])

    assert client_for(evaluator).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(reverse("relations:relations", args=[partnership.pk])).status_code == 404


def test_the_tab_shows_the_closed_round_and_the_balance(
    client_for, coordinator, ministry, other_ministry, third_ministry
):
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    survey = services.survey_open(partnership=partnership, today=TODAY - timedelta(days=30))
    for _ in range(3):
        services.survey_respond(
            survey=survey,
            user=person(ministry, Role.FIELD_STAFF),
            ministry=ministry,
            ratings={
                m.pk: {**dict.fromkeys(SCORE_NAMES, 4), "comment": "Reliable"} for m in (other_ministry, third_ministry)
            },
            today=TODAY - timedelta(days=30),
        )
    RelationshipSurvey.objects.filter(pk=survey.pk).update(closes_on=TODAY - timedelta(days=1))

    response = client_for(coordinator).get(reverse("relations:relations", args=[partnership.pk]))

    html = response.content.decode()
    network = response.context["latest"].network
    assert [(p.first, p.second, p.trust) for p in network.pairs if p.known] == [("EDU", "MCSS", 4), ("MCSS", "MOH", 4)]
    assert (network.density, network.central, response.context["may_open"]) == (Decimal("0.67"), ["MCSS"], True)
    assert "Not shown, to keep answers anonymous." in html  # EDU and MOH: nobody of theirs answered
    assert "<strong>EDU:</strong> Reliable" in html
    assert [p.participation.ministry.short_name for p in response.context["balance"].parties] == ["MCSS", "EDU", "MOH"]


def test_a_closed_partnership_shows_figures_but_no_way_to_open_or_answer(client_for, coordinator, partnership, survey):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    response = client_for(coordinator).get(reverse("relations:relations", args=[partnership.pk]))
    answer = client_for(coordinator).get(reverse("relations:survey_answer", args=[partnership.pk, survey.pk]))

    assert (response.context["may_open"], response.context["may_answer"]) == (False, False)
    assert answer.status_code == 403


@pytest.mark.parametrize("rounds", [1, 4])
def test_the_tab_queries_do_not_grow(
    client_for, coordinator, partnership, ministry, other_ministry, rounds, django_assert_num_queries
):
    for n in range(rounds):
        survey = RelationshipSurveyFactory(partnership=partnership, due_date=TODAY - timedelta(days=40 + 30 * n))
        for _ in range(3):
            RelationshipRatingFactory(survey=survey, rater=ministry, rated=other_ministry, comment="Fine")
    client = client_for(coordinator)

    with django_assert_num_queries(16):
        response = client.get(reverse("relations:relations", args=[partnership.pk]))

    assert len(response.context["rounds"]) == rounds

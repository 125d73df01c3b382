"""A funder's grants (issue 17, item 3): recorded by the participants' coordinators, shown on the Budget tab."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Grant
from budgets.services import grant_save
from ministries.models import Role
from partnerships.models import Participation
from tests.builders import make_budget, make_partnership
from tests.factories import MinistryFactory, ParticipationFactory, person


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def funder(partnership):
    foundation = MinistryFactory(name="Trillium Foundation", short_name="OTF")
    return ParticipationFactory(partnership=partnership, ministry=foundation, kind=Participation.Kind.FUNDER)


def _post(**changes):
    return {
        "title": "Stipends for youth workers",
        "amount": "25000.50",
        "currency": "CAD",
        "conditions": "A yearly report on outcomes.",
        "restricted_uses": "Stipends only.",
        "reporting_dates": "2027-03-31\n\n2026-09-30\n2027-03-31",
        **changes,
    }


def _grants(funder):
    return [
        (g.title, g.amount, g.currency, g.restricted_uses, [r.due_on for r in g.reports.all()])
        for g in Grant.objects.filter(funder=funder)
    ]


def test_coordinator_adds_a_grant_with_its_reporting_dates(client_for, coordinator, partnership, funder):
    url = reverse("budgets:grant_add", args=[partnership.pk, funder.pk])

    response = client_for(coordinator).post(url, _post())

    assert response.url == reverse("budgets:budget", args=[partnership.pk])
    assert _grants(funder) == [
        (
            "Stipends for youth workers",
            Decimal("25000.50"),
            "CAD",
            "Stipends only.",
            [date(2026, 9, 30), date(2027, 3, 31)],
        )
    ]


def test_coordinator_changes_a_grant_and_its_dates(client_for, coordinator, partnership, funder):
    grant = grant_save(
        funder=funder,
        by=coordinator,
        fields={"title": "Old", "amount": Decimal(10)},
        reporting_dates=[date(2026, 1, 1)],
    )
    url = reverse("budgets:grant_edit", args=[partnership.pk, funder.pk, grant.pk])
    client = client_for(coordinator)

    shown = client.get(url)
    client.post(url, _post(title="New", reporting_dates="2027-06-30"))

    assert shown.context["form"].initial["reporting_dates"] == "2026-01-01"
    assert _grants(funder) == [("New", Decimal("25000.50"), "CAD", "Stipends only.", [date(2027, 6, 30)])]


def test_a_new_grant_starts_in_the_budgets_currency(client_for, coordinator, partnership, funder):
    make_budget(partnership, currency="ILS")

    page = client_for(coordinator).get(reverse("budgets:grant_add", args=[partnership.pk, funder.pk]))

    assert page.context["form"]["currency"].value() == "ILS"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reporting_dates": "2027-03-31\nnext spring"}, "reporting_dates", "“next spring” is not a date."),
        ({"reporting_dates": "²"}, "reporting_dates", "“²” is not a date."),
        ({"reporting_dates": "\n".join(["2027-01-01"] * 41)}, "reporting_dates", "Enter at most 40 dates."),
        ({"amount": "0"}, "amount", "Enter an amount greater than zero."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_a_grant_with_bad_input_is_refused_next_to_the_field(
    client_for, coordinator, partnership, funder, changes, field, message
):
    response = client_for(coordinator).post(
        reverse("budgets:grant_add", args=[partnership.pk, funder.pk]), _post(**changes)
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert _grants(funder) == []


def test_only_the_participants_coordinators_record_grants(
    client_for, partnership, funder, executive, outsider, other_ministry
):
    url = reverse("budgets:grant_add", args=[partnership.pk, funder.pk])
    funder_coordinator = person(funder.ministry, Role.COORDINATOR)

    statuses = [client_for(u).post(url, _post()).status_code for u in (executive, funder_coordinator, outsider)]

    assert statuses == [403, 403, 404]
    assert _grants(funder) == []


def test_a_grant_belongs_to_a_funder_of_the_partnership(client_for, coordinator, partnership, funder, ministry):
    participant = partnership.participations.get(ministry=ministry)
    client = client_for(coordinator)

    for url in (
        reverse("budgets:grant_add", args=[partnership.pk, participant.pk]),
        reverse("budgets:grant_edit", args=[partnership.pk, funder.pk, 999999]),
    ):
        assert client.post(url, _post()).status_code == 404
    with pytest.raises(Exception, match="Only a funder gives grants"):
        grant_save(funder=participant, by=None, fields={"title": "x", "amount": Decimal(1)}, reporting_dates=[])


def _funders(partnership, count):
    for i in range(count):
        funder = ParticipationFactory(
            partnership=partnership, ministry=MinistryFactory(short_name=f"F{i}"), kind=Participation.Kind.FUNDER
        )
        for n in range(2):
            grant_save(
                funder=funder,
                by=None,
                fields={"title": f"G{n}", "amount": Decimal(5)},
                reporting_dates=[date(2027, 1, n + 1)],
            )


@pytest.mark.parametrize("funders", [1, 4])
def test_the_budget_tab_shows_every_funders_grants_in_a_fixed_number_of_queries(
    client_for, coordinator, partnership, funders, django_assert_num_queries
):
    _funders(partnership, funders)
    client = client_for(coordinator)
    client.get(reverse("budgets:budget", args=[partnership.pk]))  # session and caches warmed

    with django_assert_num_queries(8):
        response = client.get(reverse("budgets:budget", args=[partnership.pk]))

    assert [(f.ministry.short_name, [g.title for g in grants]) for f, grants in response.context["funders"]] == [
        (f"F{i}", ["G0", "G1"]) for i in range(funders)
    ]
    assert "Add a grant" in response.content.decode()


def test_the_budget_tab_with_a_budget_shows_the_grants_too(client_for, executive, partnership, funder):
    make_budget(partnership)
    grant_save(funder=funder, by=None, fields={"title": "Stipends", "amount": Decimal(5)}, reporting_dates=[])

    page = client_for(executive).get(reverse("budgets:budget", args=[partnership.pk])).content.decode()

    assert "Stipends" in page
    assert "Add a grant" not in page

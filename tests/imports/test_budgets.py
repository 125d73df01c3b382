"""Importing budgets and contributions: with the Budget tab's rules, by the people it lets do the same."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import Budget, Contribution
from tests.builders import make_partnership

HEADER = "partnership,currency,fiscal_year_start_month,organisation,fiscal_year,pledged,committed\n"


def upload(client, ministry, text):
    response = client.post(
        reverse("imports:new"),
        {"kind": "budgets", "ministry": ministry.pk, "file": SimpleUploadedFile("budgets.csv", text.encode())},
    )
    assert response.status_code == 302, response.context["form"].errors
    return response.url


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


@pytest.fixture
def roads(ministry, other_ministry):
    """Led by MCSS with MOH, from April 2024 to March 2026."""
    return make_partnership(
        [ministry, other_ministry],
        title="Safe Roads",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2026, 3, 31),
    )


GOOD = HEADER + (
    "Safe Roads,CAD,4,MCSS,2024,500000,250000\n"
    "Safe Roads,,,MOH,2024,300000,300000\n"
    "Safe Roads,CAD,4,MCSS,2025,500000,\n"
)


def test_a_budget_and_its_contributions_are_created_and_a_second_run_changes_nothing(
    client_for, coordinator, ministry, other_ministry, roads
):
    client = client_for(coordinator)
    url = upload(client, ministry, GOOD)
    assert [o[1] for o in outcomes(client.get(url))] == ["created"] * 3

    client.post(url, {})

    budget = Budget.objects.get(partnership=roads)
    assert (budget.currency, budget.fiscal_year_start_month, budget.first_year, budget.last_year) == (
        "CAD",
        4,
        2024,
        2025,
    )
    assert list(
        Contribution.objects.order_by("fiscal_year", "ministry__short_name").values_list(
            "ministry__short_name", "fiscal_year", "pledged", "committed", "updated_by"
        )
    ) == [
        ("MCSS", 2024, Decimal("500000"), Decimal("250000"), coordinator.pk),
        ("MOH", 2024, Decimal("300000"), Decimal("300000"), coordinator.pk),
        ("MCSS", 2025, Decimal("500000"), Decimal("0"), coordinator.pk),
    ]
    again = client.get(upload(client, ministry, GOOD))
    assert [o[1] for o in outcomes(again)] == ["unchanged"] * 3

    changed = client.get(upload(client, ministry, GOOD.replace("500000,\n", "500000,100\n")))
    assert [o[1] for o in outcomes(changed)] == ["unchanged", "unchanged", "changed"]


def test_contribution_rows_are_refused_with_how_to_fix_them(client_for, coordinator, ministry, roads, third_ministry):
    client = client_for(coordinator)
    text = HEADER + (
        "Nowhere,CAD,4,MCSS,2024,1,0\n"
        "Safe Roads,CAD,4,ATLANTIS,2024,1,0\n"
        "Safe Roads,CAD,4,MCSS,twenty,1,0\n"
        "Safe Roads,CAD,4,MCSS,2024,abc,0\n"
        "Safe Roads,CAD,4,MCSS,2024,²,0\n"
        "Safe Roads,CAD,4,MCSS,2024,10,20\n"
        "Safe Roads,CAD,4,EDU,2024,10,0\n"
        "Safe Roads,CAD,4,MCSS,2024,10,5\n"
        "Safe Roads,CAD,4,MCSS,2024,10,5\n"
    )

    response = client.get(upload(client, ministry, text))

    assert [(o[0], o[3]) for o in outcomes(response) if o[1] == "refused"] == [
        (
            2,
            "Your organisation takes part in no partnership called “Nowhere”. "
            "Write its name as the partnership's page shows it.",
        ),
        (
            3,
            "No organisation has the short name “ATLANTIS”. Write the short name shown on its page, "
            "or import the organisation first.",
        ),
        (4, "Write the fiscal year as the year it starts in, such as 2024."),
        (5, "Enter a number."),
        (6, "Enter a number."),
        (7, "The committed amount cannot be more than the pledge (10). Raise the pledge first."),
        (8, "Contributions are for participating organisations within the budget's years."),
        (10, "Line 9 already gives this organisation's money for this year. Keep one line."),
    ]


def test_only_the_budgets_managers_import_its_contributions(
    client_for, partner_coordinator, coordinator, ministry, other_ministry, roads
):
    # MOH's coordinator neither sets the lead's budget up nor changes MCSS's figures.
    partner = client_for(partner_coordinator)
    setup = outcomes(partner.get(upload(partner, other_ministry, GOOD)))
    assert {o[3] for o in setup} == {"This partnership has no budget yet, and only its lead's coordinators set one up."}

    lead = client_for(coordinator)
    lead.post(upload(lead, ministry, GOOD), {})
    text = HEADER + "Safe Roads,CAD,4,MCSS,2024,1,0\nSafe Roads,USD,1,MOH,2024,1,0\n"
    partner = client_for(partner_coordinator)  # the test client is one browser: sign the partner in again
    refused = outcomes(partner.get(upload(partner, other_ministry, text)))
    assert [o[3] for o in refused] == [
        "Only the budget's managers record its contributions. Ask them to import it.",
        "Only the budget's managers record its contributions. Ask them to import it.",
    ]
    lead = client_for(coordinator)
    assert outcomes(lead.get(upload(lead, ministry, text)))[0][3] == (  # refused lines come first
        "The budget is kept in CAD, its fiscal year starting in month 4. Write these, or leave the columns empty."
    )
    assert Contribution.objects.get(ministry=ministry, fiscal_year=2024).pledged == Decimal("500000")

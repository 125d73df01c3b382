"""Numbers typed into a query string by hand: anything that is not plain ASCII digits is the default, never a 500.

"²".isdigit() is True and int("²") raises; int("٣") is 3; int() refuses more than 4,300 digits.
"""

import pytest
from django.urls import reverse

from charters import services as charter_services
from common.numbers import parse_positive_int
from tests.builders import COMPLETE_CHARTER, make_budget, make_partnership, pledge, spend

ODD_NUMBERS = ["²", "٣", "1e5", "9" * 5000, "-1", "0", " 2", "2 ", ""]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("2027", 2027), ("999999999", 999999999), ("0012", 12)]
    + [(text, "default") for text in [*ODD_NUMBERS, "1234567890", None, "1.0", "+1"]],
)
def test_parse_positive_int_accepts_only_ascii_digits(text, expected):
    assert parse_positive_int(text, "default") == expected


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.mark.parametrize("page", ODD_NUMBERS)
def test_portfolio_odd_page_is_the_first_page(client_for, executive, partnership, page):
    response = client_for(executive).get(reverse("dashboards:executive"), {"page": page, "all": "1"})

    assert response.status_code == 200
    assert response.context["paging"].number == 1


@pytest.mark.parametrize("year", ODD_NUMBERS)
def test_expenditures_odd_year_shows_every_year(client_for, coordinator, ministry, partnership, year):
    budget = make_budget(partnership)
    pledge(budget, ministry, 2026, "1000")
    spend(budget, ministry, "10.00")

    response = client_for(coordinator).get(reverse("budgets:expenditures", args=[partnership.pk]), {"year": year})

    assert response.status_code == 200
    assert response.context["year"] is None
    assert [entry.amount for entry in response.context["page"].object_list] == [10]


@pytest.mark.parametrize("page", ODD_NUMBERS)
def test_progress_feed_odd_page_is_the_first_page(client_for, coordinator, partnership, page):
    response = client_for(coordinator).get(reverse("results:progress", args=[partnership.pk]), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == 1


@pytest.mark.parametrize("ministry_id", ODD_NUMBERS)
def test_charter_sign_odd_ministry_is_refused(client_for, executive, partnership, ministry_id):
    version = partnership.charter_versions.get()
    version = charter_services.charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[],
        milestones=[],
    )
    charter_services.charter_send_for_signature(version=version, by=None)

    response = client_for(executive).post(
        reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry_id}, follow=True
    )

    assert [str(message) for message in response.context["messages"]] == ["Choose the organisation you sign for."]
    assert list(version.signatures.values_list("ministry", flat=True)) == []


# Every list that takes a page number reads it with common.numbers: "٣" (an Arabic-Indic three,
# which int() reads as 3) is the first page like any other odd number, and nothing answers 500.


@pytest.mark.parametrize("page", ODD_NUMBERS)
def test_partnership_list_odd_page_is_the_first_page(client_for, coordinator, partnership, page):
    response = client_for(coordinator).get(reverse("partnerships:list"), {"page": page})

    assert (response.status_code, response.context["page"].number) == (200, 1)


@pytest.mark.parametrize("page", ODD_NUMBERS)
def test_inbox_odd_page_is_the_first_page(client_for, coordinator, page):
    response = client_for(coordinator).get(reverse("notifications:inbox"), {"page": page})

    assert (response.status_code, response.context["page"].number) == (200, 1)


@pytest.mark.parametrize("page", ODD_NUMBERS)
@pytest.mark.parametrize("name", ["budgets:transfers", "budgets:expenditures"])
def test_budget_lists_odd_page_is_the_first_page(client_for, coordinator, partnership, name, page):
    make_budget(partnership)

    response = client_for(coordinator).get(reverse(name, args=[partnership.pk]), {"page": page})

    assert (response.status_code, response.context["page"].number) == (200, 1)

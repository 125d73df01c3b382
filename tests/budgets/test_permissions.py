"""The permission matrix: managers edit, participants view, field staff record for their unit, others see nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets import services
from budgets.models import Budget
from budgets.permissions import (
    can_cancel_transfer,
    can_confirm_transfer,
    can_manage_budget,
    can_mark_transfer_sent,
    can_record_expenditure,
    can_set_up_budget,
    expenditure_places,
)
from partnerships.models import Partnership
from partnerships.permissions import can_view_partnership
from tests.builders import make_budget, make_partnership

PERSONAS = ["coordinator", "executive", "field_officer", "unit_officer", "evaluator", "other_coordinator", "outsider"]

# persona: (views, manages a lead-managed budget, manages a committee budget, records when field staff may)
MATRIX = {
    "coordinator": (True, True, True, True),
    "executive": (True, True, True, True),
    "field_officer": (True, False, False, False),  # field staff without a unit
    "unit_officer": (True, False, False, True),
    "evaluator": (True, False, False, False),
    "other_coordinator": (True, False, True, False),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_predicates_follow_the_matrix(request, persona, budget, committee_budget_factory):
    user = request.getfixturevalue(persona)
    views, manages_lead, manages_committee, records = MATRIX[persona]

    assert can_view_partnership(user, budget.partnership) is views
    assert can_manage_budget(user, budget) is manages_lead
    committee = committee_budget_factory()
    assert can_manage_budget(user, committee) is manages_committee

    assert can_record_expenditure(user, budget) is manages_lead
    Budget.objects.filter(pk=budget.pk).update(field_units_may_record=True)
    budget.field_units_may_record = True
    assert can_record_expenditure(user, budget) is (records or manages_lead)


@pytest.fixture
def committee_budget_factory(ministry, other_ministry):

    def make():
        partnership = make_partnership([ministry, other_ministry], title="Another")
        return make_budget(
            partnership, managed_by="committee", committee=[ministry, other_ministry], first_year=2026, last_year=2026
        )

    return make


def test_only_lead_coordinators_set_up_the_budget(partnership, coordinator, executive, other_coordinator, outsider):
    assert [can_set_up_budget(u, partnership) for u in (coordinator, executive, other_coordinator, outsider)] == [
        True,
        False,
        False,
        False,
    ]


def test_field_staff_record_only_for_their_own_unit(budget, unit_officer, unit, ministry):
    budget.field_units_may_record = True

    assert expenditure_places(unit_officer, budget) == [(ministry, unit)]


def test_nothing_changes_in_a_closed_partnership(budget, coordinator):
    budget.partnership.status = Partnership.Status.CLOSED

    assert can_manage_budget(coordinator, budget) is False
    assert can_record_expenditure(coordinator, budget) is False
    assert can_view_partnership(coordinator, budget.partnership) is True


def test_transfer_sides(budget, ministry, other_ministry, coordinator, executive, other_coordinator, outsider):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=Decimal(5)
    )

    assert [can_mark_transfer_sent(u, transfer, budget) for u in (coordinator, other_coordinator, outsider)] == [
        True,
        False,
        False,
    ]
    assert can_cancel_transfer(coordinator, transfer, budget) is True
    assert can_cancel_transfer(other_coordinator, transfer, budget) is False
    assert can_confirm_transfer(other_coordinator, transfer, budget) is False  # not sent yet

    services.transfer_mark_sent(transfer=transfer, by=coordinator)

    assert [can_confirm_transfer(u, transfer, budget) for u in (coordinator, executive, other_coordinator)] == [
        False,  # the sender
        False,  # the sender's ministry
        True,
    ]
    assert can_cancel_transfer(coordinator, transfer, budget) is False


def test_committee_receipts_are_confirmed_by_other_committee_members(
    committee_budget, ministry, other_ministry, coordinator, other_coordinator
):
    transfer = services.transfer_propose(
        budget=committee_budget, by=None, from_ministry=ministry, to_ministry=None, fiscal_year=2026, amount=5
    )
    services.transfer_mark_sent(transfer=transfer, by=coordinator)

    assert can_confirm_transfer(other_coordinator, transfer, committee_budget) is True
    assert can_confirm_transfer(coordinator, transfer, committee_budget) is False


# The same matrix over HTTP: 404 for outsiders, 403 for viewers who may not write.

READ_URLS = ["budget", "transfers", "expenditures", "export_xlsx"]
WRITE_URLS = ["edit", "contributions"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_by_the_matrix(request, client_for, persona, budget):
    user = request.getfixturevalue(persona)
    views, manages, _committee, _records = MATRIX[persona]
    client = client_for(user)
    pk = budget.partnership_id

    statuses = {name: client.get(reverse(f"budgets:{name}", args=[pk])).status_code for name in READ_URLS + WRITE_URLS}
    statuses["export_csv"] = client.get(reverse("budgets:export_csv", args=[pk, "summary"])).status_code
    statuses["expenditure_add"] = client.get(reverse("budgets:expenditure_add", args=[pk])).status_code

    if not views:
        assert set(statuses.values()) == {404}
        return
    assert {statuses[name] for name in [*READ_URLS, "export_csv"]} == {200}
    expected_write = 200 if manages else 403
    assert {statuses[name] for name in [*WRITE_URLS, "expenditure_add"]} == {expected_write}


def test_unit_officer_records_when_the_managers_allow_it(client_for, unit_officer, budget):
    url = reverse("budgets:expenditure_add", args=[budget.partnership_id])
    assert client_for(unit_officer).get(url).status_code == 403

    Budget.objects.filter(pk=budget.pk).update(field_units_may_record=True)

    assert client_for(unit_officer).get(url).status_code == 200


def test_outsider_cannot_set_up_or_see_a_missing_budget(client_for, outsider, other_coordinator, partnership):
    assert client_for(outsider).get(reverse("budgets:budget", args=[partnership.pk])).status_code == 404
    assert client_for(outsider).get(reverse("budgets:setup", args=[partnership.pk])).status_code == 404
    assert client_for(other_coordinator).get(reverse("budgets:setup", args=[partnership.pk])).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, budget):
    response = client.get(reverse("budgets:budget", args=[budget.partnership_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

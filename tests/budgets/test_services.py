from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets import services
from budgets.models import Budget, Contribution, Transfer
from budgets.summary import budget_summary
from tests.builders import budget_fields, make_budget, make_partnership, pledge, spend
from tests.factories import FieldUnitFactory, MinistryFactory


def messages_of(error):
    return error.value.message_dict if hasattr(error.value, "error_dict") else error.value.messages


# Setting up


def test_budget_create_refuses_years_that_do_not_cover_the_partnership(partnership):
    with pytest.raises(ValidationError) as error:
        services.budget_create(partnership=partnership, by=None, fields=budget_fields(last_year=2027))

    assert error.value.messages == [
        "The partnership runs from 2026-04-01 to 2029-03-31, so its budget must cover fiscal years "
        "2026–27 to 2028–29. Widen the years."
    ]


def test_budget_years_for_a_january_start_cover_four_calendar_years(partnership):
    assert services.budget_years_for(partnership, 1) == (2026, 2029)
    assert services.budget_years_for(partnership, 4) == (2026, 2028)


def test_budget_create_with_a_committee_needs_two_participating_ministries(partnership, ministry):
    stranger = MinistryFactory(name="Ministry of Tourism")
    with pytest.raises(ValidationError) as error:
        services.budget_create(
            partnership=partnership, by=None, fields=budget_fields(managed_by="committee"), committee=[ministry]
        )
    assert messages_of(error) == {"committee": ["Choose at least two organisations for the committee."]}

    with pytest.raises(ValidationError) as error:
        services.budget_create(
            partnership=partnership,
            by=None,
            fields=budget_fields(managed_by="committee"),
            committee=[ministry, stranger],
        )
    assert messages_of(error) == {
        "committee": ["Ministry of Tourism do not take part in the partnership. Choose participating organisations."]
    }


def test_budget_create_twice_is_refused(budget, partnership):
    with pytest.raises(ValidationError, match="already has a budget"):
        services.budget_create(partnership=partnership, by=None, fields=budget_fields())


def test_budget_update_can_widen_then_not_narrow_past_money(budget, ministry):
    services.budget_update(budget=budget, by=None, fields=budget_fields(last_year=2030))
    pledge(budget, ministry, 2030, "100")

    with pytest.raises(ValidationError) as error:
        services.budget_update(budget=budget, by=None, fields=budget_fields(last_year=2029))

    assert error.value.messages == [
        "Money is recorded in 2030–31, outside the new years. Keep those years or move the entries first."
    ]


def test_budget_update_cannot_change_the_first_month_once_money_is_recorded(budget, ministry):
    pledge(budget, ministry, 2026, "100")

    with pytest.raises(ValidationError) as error:
        services.budget_update(budget=budget, by=None, fields=budget_fields(fiscal_year_start_month=1, last_year=2029))

    assert messages_of(error) == {
        "fiscal_year_start_month": [
            "Money is already recorded by fiscal year, so the first month of the fiscal year cannot change."
        ]
    }


def test_budget_update_keeps_the_committee_while_it_holds_joint_funds(committee_budget, ministry, other_ministry):
    pledge(committee_budget, other_ministry, 2026, "100")
    services.transfer_propose(
        budget=committee_budget, by=None, from_ministry=other_ministry, to_ministry=None, fiscal_year=2026, amount=1
    )

    with pytest.raises(ValidationError) as error:
        services.budget_update(budget=committee_budget, by=None, fields=budget_fields(managed_by="lead"))

    assert "the committee must keep managing the budget" in str(error.value)


# Contributions


def test_contributions_save_writes_only_changes_and_removes_zero_rows(budget, ministry, other_ministry):
    amounts = {(ministry.pk, 2026): (Decimal("100.00"), Decimal("60.00")), (other_ministry.pk, 2026): (0, 0)}

    assert services.contributions_save(budget=budget, by=None, amounts=amounts) == 1
    assert services.contributions_save(budget=budget, by=None, amounts=amounts) == 0
    assert services.contributions_save(budget=budget, by=None, amounts={(ministry.pk, 2026): (0, 0)}) == 1
    assert Contribution.objects.count() == 0


def test_contributions_refuse_negative_and_more_committed_than_pledged(budget, ministry, other_ministry):
    with pytest.raises(ValidationError) as error:
        services.contributions_save(
            budget=budget,
            by=None,
            amounts={
                (ministry.pk, 2026): (Decimal("-1"), Decimal("0")),
                (other_ministry.pk, 2026): (Decimal("10"), Decimal("20")),
            },
        )

    assert error.value.message_dict == {
        (ministry.pk, 2026): ["Enter an amount of zero or more."],
        (other_ministry.pk, 2026): [
            "The committed amount cannot be more than the pledge (10). Raise the pledge first."
        ],
    }
    assert Contribution.objects.count() == 0


def test_contributions_only_for_participants_within_the_years(budget, outsider_ministry, ministry):
    with pytest.raises(ValidationError):
        services.contributions_save(budget=budget, by=None, amounts={(outsider_ministry.pk, 2026): (1, 1)})
    with pytest.raises(ValidationError):
        services.contributions_save(budget=budget, by=None, amounts={(ministry.pk, 2031): (1, 1)})


def test_partnership_has_contributions_for_the_gate(budget, partnership, ministry):
    assert services.partnership_has_contributions(partnership) is False
    pledge(budget, ministry, 2026, "5", "0")
    assert services.partnership_has_contributions(partnership) is True


# Transfers: complete only when sent AND confirmed by the other side


def test_transfer_counts_only_once_sent_and_confirmed(budget, ministry, other_ministry, coordinator, other_coordinator):
    pledge(budget, ministry, 2026, "1000")
    transfer = services.transfer_propose(
        budget=budget,
        by=coordinator,
        from_ministry=ministry,
        to_ministry=other_ministry,
        fiscal_year=2026,
        amount=Decimal("400.00"),
    )

    def moved():
        summary = budget_summary(budget, budget.partnership.participants)
        return summary.cell(2026, ministry.pk).sent, summary.cell(2026, other_ministry.pk).received

    assert transfer.state == Transfer.State.PLANNED
    assert moved() == (Decimal("0"), Decimal("0"))

    assert services.transfer_mark_sent(transfer=transfer, by=coordinator) is True
    assert transfer.state == Transfer.State.SENT
    assert moved() == (Decimal("0"), Decimal("0"))

    assert services.transfer_confirm_received(transfer=transfer, by=other_coordinator) is True
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.COMPLETE
    assert (transfer.sent_by, transfer.received_by) == (coordinator, other_coordinator)
    assert moved() == (Decimal("400.00"), Decimal("400.00"))


def test_transfer_marking_twice_is_a_no_op(budget, ministry, other_ministry, coordinator, other_coordinator):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )
    services.transfer_mark_sent(transfer=transfer, by=coordinator)
    first_sent = Transfer.objects.get().sent_at

    assert services.transfer_mark_sent(transfer=Transfer.objects.get(), by=other_coordinator) is False
    services.transfer_confirm_received(transfer=transfer, by=other_coordinator)
    assert services.transfer_confirm_received(transfer=Transfer.objects.get(), by=other_coordinator) is False
    assert Transfer.objects.get().sent_at == first_sent


def test_transfer_cannot_be_confirmed_before_it_is_sent(budget, ministry, other_ministry, other_coordinator):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )

    with pytest.raises(ValidationError) as error:
        services.transfer_confirm_received(transfer=transfer, by=other_coordinator)

    assert error.value.messages == ["The sender has not marked this transfer sent yet."]


def test_transfer_cannot_be_confirmed_by_the_person_who_sent_it(budget, ministry, other_ministry, coordinator):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )
    services.transfer_mark_sent(transfer=transfer, by=coordinator)

    with pytest.raises(ValidationError) as error:
        services.transfer_confirm_received(transfer=transfer, by=coordinator)

    assert error.value.messages == ["Someone on the receiving side must confirm receipt, not the person who sent it."]
    assert Transfer.objects.get().received_at is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Decimal("0")}, "amount", "Enter an amount greater than zero."),
        ({"amount": Decimal("-5")}, "amount", "Enter an amount greater than zero."),
        ({"fiscal_year": 2031}, "fiscal_year", "Choose one of the budget's fiscal years."),
        ({"to": "self"}, "to_ministry", "An organisation cannot transfer money to itself. Choose another receiver."),
        ({"to": None}, "to_ministry", "The lead organisation manages this budget: send the money to an organisation."),
    ],
)
def test_transfer_validation_messages(budget, ministry, other_ministry, changes, field, message):
    receiver = {"self": ministry, None: None}.get(changes.pop("to", "other"), other_ministry)
    arguments = {"fiscal_year": 2026, "amount": Decimal("5"), **changes}

    with pytest.raises(ValidationError) as error:
        services.transfer_propose(budget=budget, by=None, from_ministry=ministry, to_ministry=receiver, **arguments)

    assert error.value.message_dict == {field: [message]}


def test_transfer_withdrawn_only_before_it_is_sent(budget, ministry, other_ministry, coordinator):
    first = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )
    second = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=7
    )
    services.transfer_mark_sent(transfer=second, by=coordinator)

    services.transfer_cancel(transfer=first, by=coordinator)
    with pytest.raises(ValidationError, match="already sent"):
        services.transfer_cancel(transfer=second, by=coordinator)
    assert list(Transfer.objects.values_list("amount", flat=True)) == [Decimal("7.00")]


# Expenditures


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (date(2026, 3, 31), False),
        (date(2026, 4, 1), True),
        (date(2029, 3, 31), True),
        (date(2029, 4, 1), False),
    ],
)
def test_expenditure_dates_must_fall_in_the_budgets_years_april_start(budget, ministry, day, valid):
    if valid:
        assert spend(budget, ministry, "10", day=day).fiscal_year == budget.fiscal_year_of(day)
        return
    with pytest.raises(ValidationError) as error:
        spend(budget, ministry, "10", day=day)
    assert error.value.message_dict == {
        "date": [
            "This date falls outside the budget's years (2026–27 to 2028–29). "
            "Choose a date between 2026-04-01 and 2029-03-31."
        ]
    }


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 12, 31), None), (date(2026, 1, 1), 2026), (date(2026, 12, 31), 2026), (date(2027, 1, 1), 2027)],
)
def test_expenditure_fiscal_year_with_january_start(ministry, other_ministry, day, year):
    partnership = make_partnership([ministry, other_ministry], start_date=date(2026, 1, 1), end_date=date(2027, 12, 31))
    budget = make_budget(partnership, fiscal_year_start_month=1, first_year=2026, last_year=2027)
    if year is None:
        with pytest.raises(
            ValidationError, match=r"\(2026 to 2027\)\. Choose a date between 2026-01-01 and 2027-12-31"
        ):
            spend(budget, ministry, "10", day=day)
    else:
        assert spend(budget, ministry, "10", day=day).fiscal_year == year


def test_expenditure_refuses_nothing_or_less(budget, ministry):
    with pytest.raises(ValidationError) as error:
        spend(budget, ministry, "0")
    assert error.value.message_dict == {"amount": ["Enter an amount greater than zero."]}


def test_expenditure_field_unit_must_belong_to_the_spending_ministry(budget, ministry, other_ministry):
    their_unit = FieldUnitFactory(ministry=other_ministry)

    with pytest.raises(ValidationError) as error:
        spend(budget, ministry, "10", field_unit=their_unit)

    assert error.value.message_dict == {"field_unit": ["Choose a unit of the organisation that spent the money."]}


def test_expenditure_from_joint_funds_needs_a_committee(budget):
    with pytest.raises(ValidationError) as error:
        spend(budget, None, "10")
    assert error.value.message_dict == {"ministry": ["Choose the organisation that spent the money."]}


def test_spending_beyond_funds_is_recorded_and_shown_as_overspent(budget, ministry):
    pledge(budget, ministry, 2026, "100", "80")
    spend(budget, ministry, "95.50")

    cell = budget_summary(budget, budget.partnership.participants).cell(2026, ministry.pk)

    assert (cell.available, cell.spent, cell.variance, cell.overspent) == (
        Decimal("80.00"),
        Decimal("95.50"),
        Decimal("-15.50"),
        True,
    )


def test_database_refuses_negative_and_overcommitted_rows(budget, ministry):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(budget=budget, ministry=ministry, fiscal_year=2026, pledged=-1, committed=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(budget=budget, ministry=ministry, fiscal_year=2026, pledged=1, committed=2)
    assert Budget.objects.count() == 1

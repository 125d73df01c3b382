from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets import services as budget_services
from dashboards import attention, portfolio
from partnerships.models import Partnership
from tests.builders import budget_fields, make_partnership


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry], start_date=date(2026, 4, 1), end_date=date(2029, 3, 31))


@pytest.fixture
def budget(partnership):
    return budget_services.budget_create(partnership=partnership, by=None, fields=budget_fields())


def test_spending_beyond_the_money_committed_is_an_exception_for_the_lead(budget, ministry, other_ministry):
    budget_services.contributions_save(
        budget=budget, by=None, amounts={(ministry.pk, 2026): (Decimal("1000"), Decimal("500"))}
    )
    budget_services.expenditure_record(
        budget=budget,
        by=None,
        date=date(2026, 6, 1),
        category="staff",
        amount=Decimal("700"),
        ministry=ministry,
        description="Intake staff",
    )

    items = [i for i in attention.attention_items(Partnership.objects.all()) if i.kind == "budget"]

    assert [(i.reason, i.responsible) for i in items] == [("Spending is beyond the money committed", [ministry])]


def test_a_partnership_at_work_with_no_money_committed_is_an_exception(partnership, ministry):
    Partnership.objects.filter(pk=partnership.pk).update(phase="application")

    [item] = [i for i in attention.attention_items(Partnership.objects.all()) if i.kind == "budget"]

    assert (item.reason, item.responsible) == ("At work with no money committed", [ministry])


def test_an_overdue_milestone_names_its_owner_ministry(partnership, other_ministry):
    from results.models import Milestone

    Milestone.objects.create(
        partnership=partnership,
        title="First joint report",
        due_date=timezone.localdate() - timedelta(days=3),
        owner_ministry=other_ministry,
    )

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.reason, item.responsible, item.days) == (
        "milestone",
        "Milestone overdue: First joint report",
        [other_ministry],
        3,
    )


def test_money_figures_equal_the_data(budget, ministry, other_ministry):
    budget_services.contributions_save(
        budget=budget,
        by=None,
        amounts={
            (ministry.pk, 2026): (Decimal("1000.50"), Decimal("800.25")),
            (other_ministry.pk, 2026): (Decimal("500"), Decimal("500")),
            (ministry.pk, 2027): (Decimal("300"), Decimal("0")),
        },
    )
    budget_services.expenditure_record(
        budget=budget,
        by=None,
        date=date(2026, 7, 1),
        category="staff",
        amount=Decimal("100.10"),
        ministry=ministry,
        description="Staff",
    )

    by_year, by_ministry = portfolio.money(Partnership.objects.all())

    assert [(r.label, r.pledged, r.committed, r.spent) for r in by_year] == [
        ("2026–27", Decimal("1500.50"), Decimal("1300.25"), Decimal("100.10")),
        ("2027–28", Decimal("300.00"), Decimal("0.00"), Decimal("0.00")),
    ]
    assert [(r.label, r.committed, r.spent) for r in by_ministry] == [
        ("MCSS", Decimal("800.25"), Decimal("100.10")),
        ("MOH", Decimal("500.00"), Decimal("0.00")),
    ]


def test_a_partnership_with_falling_health_is_an_exception_for_the_lead(partnership, ministry):
    from assessments.models import HealthCheck

    today = timezone.localdate()
    for days_ago, average, flag in ((100, "4.20", ""), (10, "3.10", "falling")):
        day = today - timedelta(days=days_ago)
        HealthCheck.objects.create(
            partnership=partnership,
            due_date=day,
            opens_on=day,
            closes_on=day + timedelta(days=7),
            response_count=5,
            average=Decimal(average),
            flag=flag,
        )

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.reason, item.responsible, item.days) == (
        "health",
        "Team health is falling",
        [ministry],
        10,
    )

"""Budgets in bulk, for `manage.py generate_load_data` (benchmarks only)."""

from decimal import Decimal

from django.utils import timezone

from budgets import fiscal
from budgets.models import Budget, Contribution, Currency, Expenditure

BATCH = 5_000
CATEGORIES = [c for c, _label in Expenditure.Category.choices]


def generate(*, partnerships, ministries_of, rng):
    """A budget for most partnerships past their first phase: contributions per ministry and year, and spending.

    About one in ten working partnerships gets no budget and one in twenty spends beyond what was
    committed, so the dashboard has money exceptions to find. Returns how many rows were made.
    """
    today = timezone.localdate()
    start_month = fiscal.default_start_month()
    this_year = fiscal.fiscal_year_of(today, start_month)
    budgets = []
    for p in partnerships:
        if p.phase == "initiation" or rng.random() < 0.1:
            continue
        years = fiscal.years_between(p.start_date, p.end_date, start_month)
        budgets.append(
            Budget(
                partnership=p,
                currency=rng.choices([Currency.CAD, Currency.ILS], weights=[80, 20])[0],
                fiscal_year_start_month=start_month,
                first_year=years[0],
                last_year=years[-1],
            )
        )
    Budget.objects.bulk_create(budgets, batch_size=BATCH)
    contributions, expenditures = [], []
    for budget in budgets:
        overspends = rng.random() < 0.05
        for year in range(budget.first_year, budget.last_year + 1):
            committed_in_year = Decimal(0)
            for ministry_id in ministries_of[budget.partnership_id]:
                pledged = Decimal(rng.randrange(20, 500)) * 1000
                committed = pledged if year <= this_year and rng.random() < 0.8 else pledged * Decimal("0.5")
                committed_in_year += committed
                contributions.append(
                    Contribution(
                        budget=budget, ministry_id=ministry_id, fiscal_year=year, pledged=pledged, committed=committed
                    )
                )
            if year > this_year:
                continue
            share = Decimal("1.3") if overspends else Decimal(rng.randrange(30, 95)) / 100
            pieces = 4
            first = fiscal.first_day(year, start_month)
            for piece in range(pieces):
                day = min(today, first.replace(day=1 + piece * 7))
                expenditures.append(
                    Expenditure(
                        budget=budget,
                        date=day,
                        fiscal_year=year,
                        category=rng.choice(CATEGORIES),
                        amount=(committed_in_year * share / pieces).quantize(Decimal("0.01")),
                        ministry_id=rng.choice(ministries_of[budget.partnership_id]),
                        description="Joint service delivery costs.",
                    )
                )
    Contribution.objects.bulk_create(contributions, batch_size=BATCH)
    Expenditure.objects.bulk_create(expenditures, batch_size=BATCH)
    return len(budgets) + len(contributions) + len(expenditures)

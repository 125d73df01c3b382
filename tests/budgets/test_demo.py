from io import StringIO

from django.core.management import call_command

from budgets.models import Budget, Contribution, Expenditure, Transfer
from budgets.summary import budget_summary


def counts():
    return [model.objects.count() for model in (Budget, Contribution, Transfer, Expenditure)]


def test_demo_budgets_are_built_once_and_add_up(db):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    first = counts()
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())

    assert counts() == first
    assert first[0] == 3
    negev = Budget.objects.get(partnership__title="Agricultural employment in the Negev")
    assert (negev.currency, negev.fiscal_year_start_month, negev.year_label(negev.first_year)) == (
        "ILS",
        1,
        str(negev.first_year),
    )
    children = Budget.objects.get(partnership__title__startswith="Integrated services for children")
    summary = budget_summary(children, children.partnership.participants)
    assert summary.total.sent == summary.total.received > 0
    assert [t.state for t in Transfer.objects.filter(budget=children).order_by("pk")] == [
        "complete",
        "sent",
        "planned",
    ]

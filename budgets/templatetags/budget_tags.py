from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value):
    """A Decimal amount with two places and grouped thousands, in the reader's locale; never via float."""
    if value is None or value == "":
        return "—"
    return number_format(Decimal(value), 2, force_grouping=True)


@register.filter
def year_label(budget, year):
    """`{{ budget|year_label:2026 }}` → "2026–27" or "2026", by the budget's fiscal year."""
    return budget.year_label(year)

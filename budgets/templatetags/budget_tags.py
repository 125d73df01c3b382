from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

# The symbol people read for each currency the budgets use.
CURRENCY_SYMBOLS = {"CAD": "$", "ILS": "₪", "USD": "US$", "EUR": "€", "GBP": "£"}
RIGHT_TO_LEFT_MARK = "\u200f"
NO_BREAK_SPACE = "\u00a0"


@register.filter
def money(value, currency=None):
    """A Decimal amount with two places and grouped thousands, in the reader's locale; never via float.

    With a currency code (`{{ amount|money:budget.currency }}`) the symbol goes where the reader's
    language puts it: $1,234.56 in English, 1 234,56 $ in French, and in Hebrew 1,234.56 ₪ led by a
    right-to-left mark so the number and its symbol keep their order inside Hebrew text.
    """
    if value is None or value == "":
        return "—"
    amount = number_format(Decimal(value), 2, force_grouping=True)
    if not currency:
        return amount
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    language = (get_language() or "en").split("-")[0]
    if language == "fr":
        return f"{amount}{NO_BREAK_SPACE}{symbol}"
    if language == "he":
        return f"{RIGHT_TO_LEFT_MARK}{amount}{NO_BREAK_SPACE}{symbol}"
    sign, digits = ("-", amount[1:]) if amount.startswith("-") else ("", amount)
    return f"{sign}{symbol}{digits}"


@register.filter
def year_label(budget, year):
    """`{{ budget|year_label:2026 }}` → "2026–27" or "2026", by the budget's fiscal year."""
    return budget.year_label(year)

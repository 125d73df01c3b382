from django import template

from common.numbers import format_percent

register = template.Library()


@register.filter
def percent(value, places=2):
    """`{{ share|percent }}` → "33.33%" in English, "33,33 %" in French (see common.numbers.format_percent)."""
    return format_percent(value, places)

from django import template
from django.utils.safestring import mark_safe

from assessments.services import sanitize_answer

register = template.Library()


@register.filter
def clean_html(value):
    """Formatted text, cleaned again at display: text can also arrive through the admin."""
    return mark_safe(sanitize_answer(value))  # noqa: S308 - sanitize_answer keeps only safe tags and attributes

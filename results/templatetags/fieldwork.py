from django import template

register = template.Library()


@register.simple_tag
def indicator_value(indicator, value):
    """A value as people read it for this indicator: 45 %, yes, 120 families."""
    return indicator.display_value(value)

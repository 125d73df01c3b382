from django import template

from common import bidi

register = template.Library()


@register.filter
def isolate(value):
    """`{{ name|isolate }}`: for plain text (an e-mail's text part, a subject), where <bdi> cannot be written."""
    return bidi.isolate(value)

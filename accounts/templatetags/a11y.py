"""Accessibility helpers for every page: what the error summary lists, and whether the title says "Error"."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


@dataclass(frozen=True)
class PageError:
    """One line of the error summary: the words and the field they link to ("" when none can take focus)."""

    text: str
    href: str


def _field_href(bound_field):
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    # Radio buttons and checkbox lists have no element with the field's own id: link to the first choice.
    return "#" + (bound_field.id_for_label or f"{bound_field.auto_id}_0")


def _form_errors(form):
    visible = form.visible_fields()
    first = _field_href(visible[0]) if visible else ""
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            # A rule across fields (such as a wrong username or password) points at the form's first field.
            yield from (PageError(str(error), first) for error in errors)
            continue
        bound = form[name]
        label = bound.label
        for error in errors:
            yield PageError(f"{label}: {error}" if label else str(error), _field_href(bound))


def _within(values, depth=2):
    """The values, and those inside lists and tuples (a worksheet hands over (organisation, row, form) rows)."""
    for value in values:
        if isinstance(value, list | tuple) and depth:
            yield from _within(value, depth - 1)
        else:
            yield value


def _bound_forms(values):
    seen = set()
    for value in _within(values):
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseForm | BaseFormSet) and value.is_bound:
            yield value


@register.simple_tag(takes_context=True)
def page_form_errors(context):
    """Every error of the bound forms and formsets the view handed to the page, in the order given.

    Read from the context, so that a view needs nothing more than to render its form: base.html
    shows the summary and starts the title with "Error:" when this is not empty.
    """
    found = []
    for item in _bound_forms(context.flatten().values()):
        if isinstance(item, BaseFormSet):
            visible = item.forms[0].visible_fields() if item.forms else []
            first = _field_href(visible[0]) if visible else ""
            found.extend(PageError(str(error), first) for error in item.non_form_errors())
            for form in item.forms:
                found.extend(_form_errors(form))
        else:
            found.extend(_form_errors(item))
    return found

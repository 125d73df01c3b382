"""Form pieces every app uses."""

from django import forms
from django.utils.translation import gettext_lazy

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


NUMBER_ERRORS = {
    "invalid": gettext_lazy("Enter a number, such as 12 or 12.5, without letters or symbols."),
    "required": gettext_lazy("Enter a number."),
}


NUMBER_INPUT = forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"})


def form_errors(form, error):
    """Put a service's ValidationError next to the form's fields where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)

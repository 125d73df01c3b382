from django import forms
from django.utils.translation import gettext_lazy as _

from ministries.models import Role


class PersonForm(forms.Form):
    """A person's name, job title and role in one ministry, as its administrator keeps them."""

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    job_title = forms.CharField(label=_("job title"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    can_sign = forms.BooleanField(
        label=_("may sign for the ministry"),
        required=False,
        help_text=_("Executives always may. Tick this to delegate signing to someone else."),
    )

"""The self-assessment and sharing forms: validation of each field (the rules are competences.services')."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.catalogue import DESCRIPTIONS, LEVELS, Competency

NOT_ASSESSED = ""


class SelfAssessmentForm(forms.Form):
    """One group of radio buttons per competency, each level with what it looks like; all optional."""

    assessed_on = forms.DateField(
        label=_("Date of this assessment"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        for competency in Competency:
            levels = DESCRIPTIONS[competency]
            self.fields[competency.value] = forms.TypedChoiceField(
                label=competency.label,
                choices=[(NOT_ASSESSED, _("Not assessed")), *((n, f"{n} — {levels[n]}") for n in LEVELS)],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose a level from 1 to 5, or “Not assessed”.")},
            )

    def levels(self):
        return {c.value: self.cleaned_data[c.value] for c in Competency}


class SharingForm(forms.Form):
    shared = forms.BooleanField(
        label=_("Share my latest assessment with my partnerships' teams and my organisation"),
        help_text=_("They see only counts of at least 3 people, never your name or your own levels."),
        required=False,
    )

"""The relationship survey's answer form: validation only (the view calls relations.services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from relations.models import SCORES

SCALE = [
    (1, _("1 — not at all")),
    (2, _("2 — a little")),
    (3, _("3 — fairly")),
    (4, _("4 — very")),
]


class SurveyAnswerForm(forms.Form):
    """One group of six ratings and a comment for each other participant, and who the person answers for."""

    ministry = forms.TypedChoiceField(label=_("You answer for"), coerce=int)

    def __init__(self, *args, ministries, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.parties = parties
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]
        if len(ministries) == 1:
            self.fields["ministry"].widget = forms.HiddenInput()
            self.initial["ministry"] = ministries[0].pk
        for party in parties:
            for name, label in SCORES:
                self.fields[f"r{party.pk}_{name}"] = forms.TypedChoiceField(
                    label=label,
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose a rating from 1 to 4.")},
                )
            self.fields[f"r{party.pk}_comment"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self):
        """(party, its bound fields) for the template, one fieldset per party."""
        return [(party, [field for field in self if field.name.startswith(f"r{party.pk}_")]) for party in self.parties]

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]

    def clean(self):
        cleaned = super().clean()
        ministry = cleaned.get("ministry")
        if ministry is not None:
            # The organisation answered for is not rated: its own fields are dropped.
            for key in [key for key in self.fields if key.startswith(f"r{ministry.pk}_")]:
                self.errors.pop(key, None)
                cleaned.pop(key, None)
        return cleaned

    def ratings(self):
        """{rated organisation id: scores and comment} for relations.services.survey_respond."""
        ministry = self.cleaned_data["ministry"]
        return {
            party.pk: {
                **{name: self.cleaned_data[f"r{party.pk}_{name}"] for name, _label in SCORES},
                "comment": self.cleaned_data[f"r{party.pk}_comment"],
            }
            for party in self.parties
            if party.pk != ministry.pk
        }

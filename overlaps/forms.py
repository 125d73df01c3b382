from django import forms
from django.utils.translation import gettext_lazy as _

from ministries.models import Ministry
from overlaps.models import Verdict

NOTE_AT_MOST = 2000


class MarkForm(forms.Form):
    verdict = forms.ChoiceField(label=_("What should happen?"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_AT_MOST,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why, what you agreed, or whom you spoke to."),
    )
    ministry = forms.ModelChoiceField(
        label=_("For the organisation"), queryset=Ministry.objects.none(), empty_label=None
    )

    def __init__(self, *args, ministry_ids, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ministry"]
        field.queryset = Ministry.objects.filter(pk__in=ministry_ids).order_by("name")
        if len(ministry_ids) == 1:
            # Nothing to choose: the person marks for their one organisation.
            field.initial = next(iter(ministry_ids))
            field.widget = forms.HiddenInput()

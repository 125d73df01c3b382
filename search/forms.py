from django import forms
from django.utils.translation import gettext_lazy as _

from ministries.forms import OrganisationChoiceField
from ministries.models import Ministry
from partnerships.models import Phase
from search.sources import SOURCES


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to find"),
        max_length=200,
        required=False,
        help_text=_('Put a phrase in "quotes"; put - before a word to leave it out.'),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Everything"))] + [(s.kind, s.label) for s in SOURCES]
    )
    ministry = OrganisationChoiceField(
        label=_("Organisation"), queryset=Ministry.objects.all(), required=False, empty_label=_("Any organisation")
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices])

    def clean_q(self):
        text = self.cleaned_data["q"].strip()
        if text and not any(character.isalnum() for character in text):
            raise forms.ValidationError(_("Type at least one letter or digit to search for."))
        return text

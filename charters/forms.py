from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy

from charters.models import CHARTER_TEXT_FIELDS, CharterVersion
from common.forms import DATE_INPUT
from ministries.models import Ministry

MAX_ROWS = 60


class CharterForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = CharterVersion
        fields = CHARTER_TEXT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in CHARTER_TEXT_FIELDS
            if name
            not in {"professional_lead", "procedural_lead", "head_figure", "information_frequency", "information_where"}
        }


class AssignmentForm(forms.Form):
    task = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    ministry = forms.ModelChoiceField(label=gettext_lazy("Done by"), queryset=Ministry.objects.none(), required=False)
    due_date = forms.DateField(label=gettext_lazy("Due by"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, ministries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = ministries if ministries is not None else Ministry.objects.none()


class MilestoneForm(forms.Form):
    # Carries the milestone from one save to the next, so that the live milestone follows it.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=gettext_lazy("Milestone"), max_length=300)
    due_date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_INPUT)
    description = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


AssignmentFormSet = formset_factory(AssignmentForm, extra=2, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS)


MilestoneFormSet = formset_factory(MilestoneForm, extra=2, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS)


class NewVersionForm(forms.Form):
    change_reason = forms.ChoiceField(
        label=gettext_lazy("Why does the charter change?"),
        choices=CharterVersion.ChangeReason.choices,
        widget=forms.RadioSelect,
    )
    change_note = forms.CharField(
        label=gettext_lazy("What changes, in a sentence or two"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompareForm(forms.Form):
    left = forms.TypedChoiceField(label=gettext_lazy("Compare version"), coerce=int)
    right = forms.TypedChoiceField(label=gettext_lazy("with version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["left"].choices = choices
        self.fields["right"].choices = choices


class SignForm(forms.Form):
    """The day the signatory signed: today unless they signed on paper before the partnership was recorded."""

    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Leave empty for today. If you signed on paper earlier, give that day."),
        error_messages={"invalid": gettext_lazy("Enter the date you signed, such as 2025-05-03.")},
    )

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    GateDecision,
    GatePosition,
    GateRequirement,
    PointAnswer,
    PointPosition,
    ValueAssessment,
)
from common.uploads import check_file
from meetings.models import ConflictArrangement, Mechanism
from ministries.models import Ministry
from partnerships.models import Participation, Phase

EVIDENCE_TYPES = [".pdf", ".png", ".jpg", ".jpeg", ".webp", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".csv", ".txt"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def people_of(partnership):
    """Active people of the participating ministries: who can own a point."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__ministry_id__in=partnership.ministry_ids)
        .distinct()
        .order_by("last_name", "first_name")
    )


class PointAnswerForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PointAnswer
        fields = ["answer", "status", "not_applicable_reason", "owner"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 6, "data-richtext": "1"}),
            "not_applicable_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"answer": gettext_lazy("Write it together. Bold, lists and links are kept.")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(partnership)
        self.fields["revision"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == PointAnswer.Status.NOT_APPLICABLE
            and not (cleaned.get("not_applicable_reason") or "").strip()
        ):
            self.add_error("not_applicable_reason", _("Say why this point does not apply."))
        return cleaned


class PositionForm(forms.Form):
    # Choices come from a list loaded once for the page, not a query per card.
    ministry = forms.TypedChoiceField(label=gettext_lazy("For"), coerce=int)
    stance = forms.ChoiceField(
        label=gettext_lazy("Our position"), choices=PointPosition.Stance.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stance") == PointPosition.Stance.DISAGREE and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what your organisation disagrees with, so the others can respond."))
        return cleaned


class EvidenceForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("What it is"), max_length=200)
    link = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=gettext_lazy("Or a file"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_file(
                upload,
                allowed=EVIDENCE_TYPES,
                max_bytes=EVIDENCE_MAX_BYTES,
                wrong_type_message=_(
                    "%(name)s cannot be added. Use a PDF, an image, an office document, CSV or text, or add a link."
                ),
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("link") and not cleaned.get("file"):
            raise forms.ValidationError(_("Add a link or choose a file."))
        return cleaned


class ValueAssessmentForm(forms.ModelForm):
    """One organisation's side of the point-2 worksheet; a level may be "not known yet"."""

    class Meta:
        model = ValueAssessment
        fields = ["expected_value", "value_level", "time_and_cost", "cost_level"]
        widgets = {
            "expected_value": forms.Textarea(attrs={"rows": 2}),
            "time_and_cost": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("value_level", "cost_level"):
            self.fields[name].choices = [("", _("Not known yet")), *ValueAssessment.SCALE]


class PartnersWorksheetForm(forms.Form):
    """Point 3: a box per participating ministry and holding, named "<participation pk>-<holding>"."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        for participation in participants:
            for name in Participation.HOLDINGS:
                self.fields[f"{participation.pk}-{name}"] = forms.BooleanField(required=False)

    def holdings(self):
        return {
            p.pk: {name for name in Participation.HOLDINGS if self.cleaned_data[f"{p.pk}-{name}"]}
            for p in self.participants
        }


class ConflictArrangementForm(forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Why you propose a change to the weight of votes or the committee's rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Needed only when you change one of them: the change waits until every partner's executive agrees."
        ),
    )

    class Meta:
        model = ConflictArrangement
        fields = ["mechanism", "approving_level", "weighting", "committee_rule", "escalation"]
        widgets = {
            "mechanism": forms.RadioSelect,
            "committee_rule": forms.RadioSelect,
            "escalation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mechanism") == Mechanism.APPROVING_LEVEL and not cleaned.get("approving_level"):
            self.add_error("approving_level", _("Name the approving level that decides."))
        return cleaned


class GateRequestForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the approving level"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GateRequirementForm(forms.Form):
    """One requirement of the current gate, from the row's hidden field: withdrawing its waiver."""

    requirement = forms.ModelChoiceField(queryset=GateRequirement.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = GateRequirement.objects.filter(phase=partnership.phase, is_active=True)
        self.fields["requirement"].error_messages["invalid_choice"] = _(
            "This requirement is no longer one of this gate's. Reload the gate page."
        )


class GateWaiverForm(GateRequirementForm):
    reason = forms.CharField(
        label=gettext_lazy("Why this partnership does not need it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GateDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    reopen_points = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Points to look at again in the new cycle"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, outcomes, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
        self.fields["reopen_points"].choices = [(p.number, str(p)) for p in points]
        if GateDecision.Outcome.RENEW not in outcomes:
            del self.fields["reopen_points"]


class PastGateDecisionForm(forms.Form):
    """A gate decision taken before the partnership was recorded here."""

    from_phase = forms.ChoiceField(label=gettext_lazy("Gate out of the phase"))
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect)
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"),
        widget=DATE_INPUT,
        help_text=gettext_lazy("The day the approving level took the decision."),
        error_messages={
            "required": gettext_lazy("Give the day the decision was taken."),
            "invalid": gettext_lazy("Enter a date such as 2025-01-31."),
        },
    )
    reason = forms.CharField(label=gettext_lazy("Why"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, phases, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_phase"].choices = [(phase, Phase(phase).label) for phase in phases]
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]


class GatePositionForm(forms.Form):
    """A member ministry's position on the steering committee's proposed gate decision."""

    ministry = forms.TypedChoiceField(label=gettext_lazy("For the ministry"), coerce=int)
    stance = forms.ChoiceField(
        label=gettext_lazy("Your ministry's position"), choices=GatePosition.Stance.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when your ministry refuses: say why, so the others can respond."),
    )

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]
        if len(ministries) == 1:
            self.fields["ministry"].initial = ministries[0].pk
            self.fields["ministry"].widget = forms.HiddenInput()

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]


class ConditionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Condition"), max_length=300)
    ministry = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=Ministry.objects.none())
    due_date = forms.DateField(label=gettext_lazy("Due by"), widget=DATE_INPUT)

    def __init__(self, *args, ministries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = ministries if ministries is not None else Ministry.objects.none()


# Capped: a forged management form must not make the server build thousands of forms.
ConditionFormSet = forms.formset_factory(ConditionForm, extra=2, max_num=20, absolute_max=20)

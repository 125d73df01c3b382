from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import DATE_INPUT
from meetings.models import ActionItem, Conflict, Decision, Mechanism, Meeting, Vote
from ministries.models import Ministry
from partnerships.forms import OwnerWorksInOwnerMinistry


class MeetingForm(forms.ModelForm):
    """A meeting, with one "who came" field per participating ministry."""

    class Meta:
        model = Meeting
        fields = ["kind", "team", "date", "title", "minutes"]
        widgets = {"date": DATE_INPUT, "minutes": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"team": gettext_lazy("The standing team that met, if any.")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = partnership.teams.all()
        self.ministries = [p.ministry for p in partnership.participants]
        present = {a.ministry_id: a.people for a in self.instance.attendances.all()} if self.instance.pk else {}
        for ministry in self.ministries:
            self.fields[f"attendees_{ministry.pk}"] = forms.CharField(
                label=_("Who came from %(ministry)s") % {"ministry": ministry.name},
                required=False,
                max_length=500,
                initial=present.get(ministry.pk, ""),
                help_text=_("Names, separated by commas. Leave empty if nobody came."),
            )

    def attendance(self):
        return {m: self.cleaned_data.get(f"attendees_{m.pk}", "") for m in self.ministries}


class DecisionForm(forms.Form):
    """A decision and how it was reached. The vote fields are used for a weighted vote only."""

    title = forms.CharField(label=gettext_lazy("What was to be decided"), max_length=300)
    text = forms.CharField(
        label=gettext_lazy("The proposal or decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE_INPUT)
    meeting = forms.ModelChoiceField(label=gettext_lazy("At the meeting"), queryset=None, required=False)
    mechanism = forms.ChoiceField(
        label=gettext_lazy("How it was decided"), choices=Mechanism.choices, widget=forms.RadioSelect
    )
    consensus_reached = forms.TypedChoiceField(
        label=gettext_lazy("For a consensus: did everyone agree?"),
        choices=[
            ("yes", gettext_lazy("Yes, everyone agreed")),
            ("no", gettext_lazy("No: it goes to the approving level")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        required=False,
        widget=forms.RadioSelect,
    )
    approving_level = forms.CharField(
        label=gettext_lazy("For a decision by the approving level: who decided"), max_length=200, required=False
    )
    approving_outcome = forms.ChoiceField(
        label=gettext_lazy("For a decision by the approving level: the verdict"),
        choices=[
            (Decision.Outcome.ADOPTED, Decision.Outcome.ADOPTED.label),
            (Decision.Outcome.REJECTED, Decision.Outcome.REJECTED.label),
        ],
        initial=Decision.Outcome.ADOPTED,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, partnership, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = meeting.date if meeting else timezone.localdate()
        if meeting is not None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = partnership.meetings.all()
        self.ministries = [p.ministry for p in partnership.deciding_parties]
        # No weight field: each vote weighs what the partners agreed at point 11.
        for ministry in self.ministries:
            self.fields[f"vote_{ministry.pk}"] = forms.ChoiceField(
                label=_("Vote of %(ministry)s") % {"ministry": ministry.name},
                choices=[("", _("Not recorded: the ministry casts its own vote")), *Vote.Choice.choices],
                required=False,
            )

    @property
    def vote_fields(self):
        return [self[f"vote_{m.pk}"] for m in self.ministries]

    def clean(self):
        cleaned = super().clean()
        mechanism = cleaned.get("mechanism")
        if mechanism == Mechanism.APPROVING_LEVEL and not cleaned.get("approving_level", "").strip():
            self.add_error("approving_level", _("Say who at the approving level decided."))
        cleaned["votes"] = [
            (ministry, cleaned[f"vote_{ministry.pk}"])
            for ministry in self.ministries
            if mechanism == Mechanism.WEIGHTED_VOTE and cleaned.get(f"vote_{ministry.pk}")
        ]
        return cleaned


class VoteForm(forms.Form):
    """One party's vote, cast or confirmed by someone who speaks for it."""

    ministry = forms.TypedChoiceField(label=gettext_lazy("For the ministry"), coerce=int)
    choice = forms.ChoiceField(label=gettext_lazy("Vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect)

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]
        if len(ministries) == 1:
            self.fields["ministry"].initial = ministries[0].pk
            self.fields["ministry"].widget = forms.HiddenInput()

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=gettext_lazy("The approving level's verdict"), choices=Decision.Verdict.choices, widget=forms.RadioSelect
    )
    verdict_by = forms.CharField(label=gettext_lazy("Given by"), max_length=200)
    verdict_on = forms.DateField(label=gettext_lazy("Given on"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(label=gettext_lazy("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActionItemForm(OwnerWorksInOwnerMinistry, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "owner_ministry", "team", "due_date"]
        widgets = {"due_date": DATE_INPUT}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_owners(partnership)
        self.fields["team"].queryset = partnership.teams.all()
        self.fields["owner_ministry"].queryset = Ministry.objects.filter(pk__in=partnership.ministry_ids)


class ConflictRaiseForm(forms.ModelForm):
    ministry = forms.ModelChoiceField(label=gettext_lazy("Raised for the organisation"), queryset=None)
    raised_on = forms.DateField(
        label=gettext_lazy("Raised on"),
        required=False,
        widget=DATE_INPUT,
        help_text=gettext_lazy("Leave empty for today. If it was raised earlier, give that day."),
        error_messages={"invalid": gettext_lazy("Enter a date such as 2025-01-31.")},
    )

    class Meta:
        model = Conflict
        fields = ["kind", "title", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = Ministry.objects.filter(pk__in=[m.pk for m in ministries])
        if len(ministries) == 1:
            self.fields["ministry"].initial = ministries[0].pk
            self.fields["ministry"].widget = forms.HiddenInput()


class ConflictWorkForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ["title", "description", "agreed_definition", "alternatives"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreed_definition": forms.Textarea(attrs={"rows": 3}),
            "alternatives": forms.Textarea(attrs={"rows": 4}),
        }


class EscalateForm(forms.Form):
    reached_on = forms.DateField(label=gettext_lazy("Reached on"), widget=DATE_INPUT, initial=timezone.localdate)
    note = forms.CharField(
        label=gettext_lazy("Why it goes up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

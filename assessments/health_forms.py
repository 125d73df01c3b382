"""Forms for health checks, the expectations register, reviews, evaluations and evaluator assignments.

They validate only; the views call the services in health_services and review_services.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assessments.models import Evaluation, ExpectationRating, HealthCheckResponse, Review
from assessments.models.health import RATING_NAMES, TEXT_QUESTIONS
from ministries.models import Role

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

SCALE = [
    (1, _("1 — very poor")),
    (2, _("2 — poor")),
    (3, _("3 — fair")),
    (4, _("4 — good")),
    (5, _("5 — very good")),
]


class HealthCheckResponseForm(forms.ModelForm):
    ministry = forms.TypedChoiceField(label=_("You answer for"), coerce=int)

    class Meta:
        model = HealthCheckResponse
        fields = ["ministry", *TEXT_QUESTIONS, *RATING_NAMES]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_QUESTIONS},
            **{name: forms.RadioSelect(choices=SCALE) for name in RATING_NAMES},
        }
        help_texts = {
            "trust": _("Do the partners rely on one another to do what they said?"),
            "communication": _("Does information reach the people who need it, in time?"),
            "shared_goals": _("Do we still want the same things from this partnership?"),
            "progress": _("Are we getting where we said we would?"),
            "resources": _("Do we have the people, money and time the work needs?"),
        }

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]
        if len(ministries) == 1:
            self.fields["ministry"].widget = forms.HiddenInput()
            self.initial["ministry"] = ministries[0].pk
        for name in RATING_NAMES:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                help_text=self.Meta.help_texts[name],
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a rating from 1 to 5.")},
            )

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]


class ExpectationForm(forms.Form):
    ministry = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    direction = forms.ChoiceField(
        label=_("Give or get"),
        choices=[("give", _("We expect to give")), ("get", _("We expect to get"))],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Expectation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Concrete enough that a review can say whether it was met, for example “two analysts, half time”."),
    )

    def __init__(self, *args, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.fields["ministry"].choices = [(m.pk, m.name) for m in ministries]
        if len(ministries) == 1:
            self.fields["ministry"].widget = forms.HiddenInput()
            self.initial["ministry"] = ministries[0].pk

    def clean_ministry(self):
        return self.ministries[self.cleaned_data["ministry"]]


class RequiredRadios:
    """A required choice shown as radio buttons offers only real answers, not Django's empty "---------"."""

    RADIOS = ("rating", "recommendation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.RADIOS:
            self.fields[name].choices = self._meta.model._meta.get_field(name).choices


class ReviewForm(RequiredRadios, forms.ModelForm):
    """The review and, for each expectation on the register, whether it was met."""

    class Meta:
        model = Review
        fields = ["held_on", "participants", "findings", "rating", "recommendation"]
        widgets = {
            "held_on": DATE_INPUT,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 6}),
            "rating": forms.RadioSelect,
            "recommendation": forms.RadioSelect,
        }

    def __init__(self, *args, expectations, **kwargs):
        super().__init__(*args, **kwargs)
        self.expectations = expectations
        for expectation in expectations:
            self.fields[f"expectation_{expectation.pk}"] = forms.ChoiceField(
                label=f"{expectation.ministry.short_name} — {expectation.get_direction_display()}: {expectation.text}",
                choices=[("", _("Not rated at this review")), *ExpectationRating.Rating.choices],
                required=False,
            )
            self.fields[f"expectation_{expectation.pk}_note"] = forms.CharField(
                label=_("Note on this expectation"), max_length=500, required=False
            )

    def expectation_fields(self):
        return [
            (expectation, self[f"expectation_{expectation.pk}"], self[f"expectation_{expectation.pk}_note"])
            for expectation in self.expectations
        ]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def ratings(self):
        return {
            e.pk: (self.cleaned_data[f"expectation_{e.pk}"], self.cleaned_data[f"expectation_{e.pk}_note"])
            for e in self.expectations
        }


class EvaluationForm(RequiredRadios, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["completed_on", "scope", "findings", "rating", "recommendation"]
        widgets = {
            "completed_on": DATE_INPUT,
            "scope": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 8}),
            "rating": forms.RadioSelect,
            "recommendation": forms.RadioSelect,
        }


class EvaluatorAssignForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        label=_("Evaluator"),
        queryset=get_user_model().objects.none(),
        help_text=_("People who hold the evaluator role in any organisation, including outside ones."),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__role=Role.EVALUATOR)
            .exclude(evaluator_assignments__partnership=partnership)
            .distinct()
            .order_by("last_name", "first_name")
        )

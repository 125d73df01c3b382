from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import GateDecision, Review
from common.dates import day_label
from lessons.models import Lesson

TAGS_AT_MOST = 10


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["source", "review", "gate_decision", "worked", "did_not_work", "do_differently", "tags"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("worked", "did_not_work", "do_differently")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = Review.objects.filter(partnership=partnership)
        self.fields["review"].label_from_instance = lambda review: day_label(review.held_on)
        self.fields["gate_decision"].queryset = GateDecision.objects.filter(request__partnership=partnership)
        self.fields["gate_decision"].label_from_instance = lambda decision: (
            _("%(date)s: %(outcome)s")
            % {
                "date": day_label(decision.decided_on),
                "outcome": decision.get_outcome_display(),
            }
        )
        self.fields["review"].help_text = _("When it was learned at a review.")
        self.fields["gate_decision"].help_text = _("When it was learned at a gate decision.")

    def clean_tags(self):
        tags = list(dict.fromkeys(tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()))
        if len(tags) > TAGS_AT_MOST:
            raise forms.ValidationError(_("Give at most %(count)s tags.") % {"count": TAGS_AT_MOST})
        return f",{','.join(tags)}," if tags else ""


class LibraryFilter(forms.Form):
    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    tag = forms.CharField(label=_("Tag"), max_length=50, required=False)
    source = forms.ChoiceField(
        label=_("Learned at"), required=False, choices=[("", _("Any moment")), *Lesson.Source.choices]
    )

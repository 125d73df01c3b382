from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ministries.models import Ministry

from .forms import DATE_INPUT
from .models import Indicator
from .results_services import INDICATOR_FIELDS

NUMBER_ERRORS = {
    "invalid": gettext_lazy("Enter a number, such as 12 or 12.5, without letters or symbols."),
    "required": gettext_lazy("Enter a number."),
}
NUMBER_INPUT = forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"})


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "target_description": forms.Textarea(attrs={"rows": 2}),
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "target_date": DATE_INPUT,
            "baseline": NUMBER_INPUT,
            "target": NUMBER_INPUT,
            "unit": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["owner_ministry"].queryset = Ministry.objects.filter(pk__in=partnership.ministry_ids)
        for name in ("baseline", "target"):
            self.fields[name].error_messages.update(NUMBER_ERRORS)
        if self.instance.pk and self.instance.measurements.exists():
            for name in ("unit", "cumulative"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: measurements are already reported against it.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Indicator.objects.filter(partnership=self.partnership, name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This partnership already has an indicator with this name. Choose another."))
        return name


def period_choices(indicator, today=None, count=8):
    """The current reporting period and the ones before it, newest first, as (start, label) choices."""
    today = today or timezone.localdate()
    choices = []
    start, end = indicator.period_containing(today)
    for _i in range(count):
        label = f"{date_format(start, 'N j, Y')} – {date_format(end, 'N j, Y')}"
        choices.append((start.isoformat(), label))
        start, end = indicator.period_containing(start - timedelta(days=1))
    return choices


class MeasurementForm(forms.Form):
    """A measurement for one indicator: the field that takes the value depends on how it is measured."""

    period = forms.TypedChoiceField(label=gettext_lazy("Reporting period"), coerce=forms.DateField().to_python)
    place = forms.ChoiceField(label=gettext_lazy("Reported for"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("How it was counted, or anything unusual."),
    )

    def __init__(self, *args, indicator, places, fixed_period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.places = {self.place_key(m, u): (m, u) for m, u in places}
        self.fields["place"].choices = [
            (key, f"{u.name} ({m.short_name})" if u else m.name) for key, (m, u) in self.places.items()
        ]
        if len(self.places) == 1:
            self.fields["place"].widget = forms.HiddenInput()
            self.fields["place"].initial = next(iter(self.places))
        if fixed_period is not None:
            del self.fields["period"]
            del self.fields["place"]
        else:
            self.fields["period"].choices = period_choices(indicator)
        unit = indicator.unit
        if unit == Indicator.Unit.QUALITATIVE:
            self.fields["value_text"] = forms.CharField(
                label=gettext_lazy("What was observed"), widget=forms.Textarea(attrs={"rows": 4})
            )
        elif unit == Indicator.Unit.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label=indicator.name,
                choices=[("1", _("Yes")), ("0", _("No"))],
                coerce=Decimal,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose yes or no.")},
            )
        else:
            bounds = {"min_value": Decimal(0), "max_value": Decimal(100)} if unit == Indicator.Unit.PERCENTAGE else {}
            label = _("Value (%)") if unit == Indicator.Unit.PERCENTAGE else _("Value")
            if indicator.unit_label and unit == Indicator.Unit.NUMBER:
                label = _("Value (%(unit)s)") % {"unit": indicator.unit_label}
            self.fields["value"] = forms.DecimalField(
                label=label,
                max_digits=14,
                decimal_places=2,
                widget=NUMBER_INPUT,
                error_messages=NUMBER_ERRORS,
                help_text=_("What was achieved in this period alone.") if indicator.cumulative else "",
                **bounds,
            )
        self.order_fields(["period", "place", "value", "value_text", "note"])

    @staticmethod
    def place_key(ministry, unit):
        return f"{ministry.pk}-{unit.pk if unit else 0}"

    def clean_place(self):
        key = self.cleaned_data["place"]
        if not key and len(self.places) == 1:
            key = next(iter(self.places))
        if key not in self.places:
            raise forms.ValidationError(_("Choose where you report for."))
        return self.places[key]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when you return it: say what to correct."),
    )

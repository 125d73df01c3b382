from datetime import timedelta
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import day_label
from common.forms import DATE_INPUT, NUMBER_ERRORS, NUMBER_INPUT
from ministries.models import JointSite, Ministry
from partnerships.forms import OwnerWorksInOwnerMinistry
from partnerships.models import Partnership, StandingTeam
from results.models import Indicator, Milestone
from results.services import INDICATOR_FIELDS
from results.uploads import ALLOWED, MAX_FILES, check_uploads, max_upload_bytes


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
        if not indicator.is_reported_for(start, end, today):
            break
        label = f"{day_label(start)} – {day_label(end)}"
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
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when you return it: say what to correct."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); returns a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _size_text():
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(max_upload_bytes())


class ProgressEntryFields(forms.Form):
    """What every progress entry has: the date, the text, what it is about, and files."""

    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_INPUT)
    text = forms.CharField(
        label=gettext_lazy("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Write what happened.")},
    )
    milestone = forms.TypedChoiceField(label=gettext_lazy("Milestone (optional)"), required=False, coerce=int)
    indicator = forms.TypedChoiceField(label=gettext_lazy("Indicator (optional)"), required=False, coerce=int)
    team = forms.TypedChoiceField(label=gettext_lazy("Standing team (optional)"), required=False, coerce=int)
    joint_site = forms.ModelChoiceField(
        label=gettext_lazy("Joint site (optional)"),
        queryset=JointSite.objects.all(),
        required=False,
        empty_label=gettext_lazy("None"),
        help_text=gettext_lazy("The site run by several organisations that this report comes from."),
    )
    photos = MultipleFileField(
        label=gettext_lazy("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    files = MultipleFileField(
        label=gettext_lazy("Documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ",".join(ALLOWED)}),
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["photos"].help_text = _("Take a photo or choose one: JPEG, PNG, WebP or HEIC, up to %(size)s.") % {
            "size": _size_text()
        }
        self.fields["files"].help_text = _("PDF, Word, Excel, PowerPoint or OpenDocument, up to %(size)s each.") % {
            "size": _size_text()
        }
        self.set_targets(partnerships)

    def set_targets(self, partnerships):
        """Milestone and indicator choices, grouped by partnership when there are several."""
        partnerships = list(partnerships)
        ids = [p.pk for p in partnerships]
        titles = {p.pk: p.title for p in partnerships}
        self.milestones = {m.pk: m for m in Milestone.objects.filter(partnership_id__in=ids).open()}
        self.indicators = {i.pk: i for i in Indicator.objects.filter(partnership_id__in=ids)}
        self.teams = {t.pk: t for t in StandingTeam.objects.filter(partnership_id__in=ids)}
        for name, objects in (("milestone", self.milestones), ("indicator", self.indicators), ("team", self.teams)):
            choices = [("", _("None"))]
            if len(partnerships) == 1:
                choices += [(obj.pk, str(obj)) for obj in objects.values()]
            else:
                for pk in ids:
                    group = [(obj.pk, str(obj)) for obj in objects.values() if obj.partnership_id == pk]
                    if group:
                        choices.append((titles[pk], group))
            self.fields[name].choices = choices

    def clean_milestone(self):
        pk = self.cleaned_data.get("milestone")
        return self.milestones.get(pk) if pk not in (None, "") else None

    def clean_indicator(self):
        pk = self.cleaned_data.get("indicator")
        return self.indicators.get(pk) if pk not in (None, "") else None

    def clean_team(self):
        pk = self.cleaned_data.get("team")
        return self.teams.get(pk) if pk not in (None, "") else None

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future. Choose today or an earlier day."))
        return day

    def clean_photos(self):
        return check_uploads(self.cleaned_data["photos"], photos_only=True)

    def clean_files(self):
        return check_uploads(self.cleaned_data["files"])

    def clean(self):
        cleaned = super().clean()
        count = len(cleaned.get("photos") or []) + len(cleaned.get("files") or [])
        if count > MAX_FILES:
            self.add_error("files", _("Attach at most %(count)s files to one entry.") % {"count": MAX_FILES})
        return cleaned

    @property
    def files_lost(self):
        """True when files were chosen but the form must be filled again: browsers never keep them."""
        return self.is_bound and bool(self.errors) and any(self.files.getlist(n) for n in ("photos", "files"))


class ProgressLogForm(ProgressEntryFields):
    """The field officer's entry from a phone. The partnership list holds only those they report on."""

    partnership = forms.ModelChoiceField(
        label=gettext_lazy("Partnership"),
        queryset=None,
        empty_label=gettext_lazy("Choose the partnership"),
        error_messages={"required": gettext_lazy("Choose the partnership you report on.")},
    )
    field_order = ["partnership", "date", "text", "milestone", "indicator", "team", "joint_site", "photos", "files"]

    def __init__(self, *args, partnerships, **kwargs):
        partnerships = list(partnerships)
        super().__init__(*args, partnerships=partnerships, **kwargs)
        field = self.fields["partnership"]
        field.queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).order_by("title")
        # With JavaScript, choosing a partnership reloads its milestones and indicators; without, the
        # lists are grouped by partnership and the choice is checked on saving.
        field.widget.attrs.update(
            {
                "hx-get": reverse("results:progress_targets"),
                "hx-target": "#progress-targets",
                "hx-swap": "innerHTML",
                "hx-trigger": "change",
            }
        )
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk
            field.empty_label = None
        # Only the chosen partnership's milestones and indicators, when one is known.
        chosen = self._chosen(partnerships)
        if chosen is not None:
            self.set_targets([chosen])

    def _chosen(self, partnerships):
        raw = self.data.get("partnership") if self.is_bound else self.initial.get("partnership")
        raw = raw or self.fields["partnership"].initial
        by_pk = {str(p.pk): p for p in partnerships}
        return by_pk.get(str(getattr(raw, "pk", raw)))

    def clean(self):
        cleaned = super().clean()
        partnership = cleaned.get("partnership")
        if partnership is not None:
            for name in ("milestone", "indicator", "team"):
                target = cleaned.get(name)
                if target is not None and target.partnership_id != partnership.pk:
                    self.add_error(name, _("Choose one of this partnership's, or none."))
        return cleaned


class ProgressLogEditForm(ProgressEntryFields):
    remove = forms.MultipleChoiceField(
        label=gettext_lazy("Remove these files"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, log, **kwargs):
        super().__init__(*args, partnerships=[log.partnership], **kwargs)
        self.attachments = {str(a.pk): a for a in log.attachments.all()}
        if self.attachments:
            self.fields["remove"].choices = [(pk, a.original_name) for pk, a in self.attachments.items()]
        else:
            del self.fields["remove"]

    def clean_remove(self):
        return [self.attachments[pk] for pk in self.cleaned_data["remove"]]

    def clean(self):
        cleaned = super().clean()
        kept = len(self.attachments) - len(cleaned.get("remove") or [])
        added = len(cleaned.get("photos") or []) + len(cleaned.get("files") or [])
        if kept + added > MAX_FILES and not self.has_error("files"):
            self.add_error("files", _("Attach at most %(count)s files to one entry.") % {"count": MAX_FILES})
        return cleaned


class MilestoneForm(OwnerWorksInOwnerMinistry, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "description", "due_date", "owner", "owner_ministry"]
        widgets = {"due_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_owners(partnership)
        self.fields["owner_ministry"].queryset = Ministry.objects.filter(pk__in=partnership.ministry_ids)


class MilestoneDoneForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What was achieved?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("A line or two for the partners: it appears on the feed as a win."),
        error_messages={"required": gettext_lazy("Write a line on what was achieved.")},
    )

from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.attachments import ACCEPT, check_attachment
from budgets.models import MONEY, Budget, Expenditure, Grant
from budgets.services import outside_years_message
from ministries.models import FieldUnit, Ministry

MONEY_ERRORS = {
    "min_value": gettext_lazy("Enter an amount of zero or more."),
    "invalid": gettext_lazy("Enter an amount in figures, such as 12500.00."),
    "max_digits": gettext_lazy("Enter an amount below one trillion."),
    "max_whole_digits": gettext_lazy("Enter an amount below one trillion."),
    "max_decimal_places": gettext_lazy("Enter at most two digits after the decimal point."),
    "required": gettext_lazy("Enter an amount."),
}
POSITIVE_ERRORS = {**MONEY_ERRORS, "min_value": gettext_lazy("Enter an amount greater than zero.")}


def money_field(label, *, positive=False, required=True, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01") if positive else Decimal("0"),
        required=required,
        error_messages=POSITIVE_ERRORS if positive else MONEY_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **MONEY,
        **kwargs,
    )


class BudgetForm(forms.ModelForm):
    committee = forms.ModelMultipleChoiceField(
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Committee members"),
        help_text=gettext_lazy("When a committee manages the budget: the organisations that sit on it (two or more)."),
    )

    class Meta:
        model = Budget
        fields = [
            "currency",
            "fiscal_year_start_month",
            "first_year",
            "last_year",
            "managed_by",
            "committee",
            "field_units_may_record",
        ]
        widgets = {"managed_by": forms.RadioSelect}
        help_texts = {
            "first_year": gettext_lazy("The calendar year the first fiscal year starts in: 2026 for 2026–27."),
            "last_year": gettext_lazy("The calendar year the last fiscal year starts in."),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Ministry.objects.filter(pk__in=partnership.ministry_ids)
        for name in ("first_year", "last_year"):
            self.fields[name].widget.attrs.update({"min": 1990, "max": 2100})
            self.fields[name].error_messages["required"] = _("Enter a year, such as 2026.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("managed_by") == Budget.ManagedBy.LEAD:
            cleaned["committee"] = []
        return cleaned


class ContributionsForm(forms.Form):
    """The grid of pledged and committed amounts: one pair of fields per ministry and fiscal year."""

    def __init__(self, *args, budget, participants, stored, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.participants = participants
        self.keys = []
        for year in budget.years:
            label = budget.year_label(year)
            for participation in participants:
                ministry = participation.ministry
                key = (ministry.pk, year)
                self.keys.append(key)
                row = stored.get(key)
                names = {"ministry": ministry.short_name, "year": label}
                self.fields[f"pledged_{ministry.pk}_{year}"] = money_field(
                    _("Pledged by %(ministry)s in %(year)s") % names,
                    required=False,
                    initial=row.pledged if row else None,
                )
                self.fields[f"committed_{ministry.pk}_{year}"] = money_field(
                    _("Committed by %(ministry)s in %(year)s") % names,
                    required=False,
                    initial=row.committed if row else None,
                )

    def clean(self):
        cleaned = super().clean()
        for ministry_id, year in self.keys:
            pledged = cleaned.get(f"pledged_{ministry_id}_{year}")
            committed = cleaned.get(f"committed_{ministry_id}_{year}")
            if pledged is not None and committed is not None and committed > pledged:
                self.add_error(
                    f"committed_{ministry_id}_{year}",
                    _("The committed amount cannot be more than the pledge (%(pledged)s). Raise the pledge first.")
                    % {"pledged": pledged},
                )
            elif pledged is None and committed:
                self.add_error(
                    f"committed_{ministry_id}_{year}",
                    _("Enter the pledge first: an amount is committed only after it is pledged."),
                )
        return cleaned

    @property
    def amounts(self):
        """{(ministry id, year): (pledged, committed)}, empty fields read as zero."""
        zero = Decimal("0")
        return {
            (ministry_id, year): (
                self.cleaned_data.get(f"pledged_{ministry_id}_{year}") or zero,
                self.cleaned_data.get(f"committed_{ministry_id}_{year}") or zero,
            )
            for ministry_id, year in self.keys
        }

    def grid(self):
        """[(year label, [(participation, pledged field, committed field)])] for the template."""
        return [
            (
                self.budget.year_label(year),
                [
                    (p, self[f"pledged_{p.ministry_id}_{year}"], self[f"committed_{p.ministry_id}_{year}"])
                    for p in self.participants
                ],
            )
            for year in self.budget.years
        ]


class TransferForm(forms.Form):
    from_ministry = forms.ModelChoiceField(queryset=Ministry.objects.none(), label=gettext_lazy("From"))
    to_ministry = forms.ModelChoiceField(queryset=Ministry.objects.none(), label=gettext_lazy("To"))
    fiscal_year = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Fiscal year"))
    amount = money_field(gettext_lazy("Amount"), positive=True)
    description = forms.CharField(label=gettext_lazy("What it is for"), max_length=300, required=False)

    def __init__(self, *args, budget, senders, **kwargs):
        super().__init__(*args, **kwargs)
        participating = budget.partnership.ministry_ids
        self.fields["from_ministry"].queryset = Ministry.objects.filter(pk__in=[m.pk for m in senders])
        self.fields["from_ministry"].error_messages["required"] = _("Choose the organisation that sends the money.")
        receiver = self.fields["to_ministry"]
        receiver.queryset = Ministry.objects.filter(pk__in=participating)
        if budget.is_committee:
            receiver.required = False
            receiver.empty_label = _("The committee's joint funds")
        receiver.error_messages["required"] = _("Choose the organisation that receives the money.")
        self.fields["fiscal_year"].choices = budget.year_choices
        if len(senders) == 1:
            self.fields["from_ministry"].initial = senders[0].pk


COMMITTEE_CHOICE = "committee"


class ExpenditureForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date such as 2026-05-31.")},
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=[("", "---------"), *Expenditure.Category.choices]
    )
    amount = money_field(gettext_lazy("Amount"), positive=True)
    spender = forms.ChoiceField(label=gettext_lazy("Spent by"))
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Say in a few words what the money paid for.")},
    )
    attachment = forms.FileField(
        label=gettext_lazy("Receipt or invoice"),
        required=False,
        help_text=gettext_lazy("Optional. A PDF, a photo, an Office document or a CSV file, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, budget, places, may_use_joint_funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["category"].error_messages["required"] = _("Choose a category.")
        self.fields["spender"].error_messages["required"] = _("Choose who spent the money.")
        self.fields["date"].help_text = _(
            "Between %(first)s and %(last)s. The fiscal year follows from the date; fiscal years begin on %(start)s."
        ) % {
            "first": budget.first_day.isoformat(),
            "last": budget.last_day.isoformat(),
            "start": date_format(budget.first_day, "j F"),
        }
        self.targets = {}
        choices = []
        if any(unit is None for _ministry, unit in places):
            # Managers: every participating ministry, and any of their field units.
            ministries = [ministry for ministry, _unit in places]
            group = []
            for ministry in ministries:
                value = f"ministry-{ministry.pk}"
                self.targets[value] = (ministry, None)
                group.append((value, ministry.name))
            choices.append((_("Organisations"), group))
            by_id = {m.pk: m for m in ministries}
            units = FieldUnit.objects.filter(ministry_id__in=by_id).order_by("ministry__name", "name")
            unit_group = []
            for unit in units:
                value = f"unit-{unit.pk}"
                self.targets[value] = (by_id[unit.ministry_id], unit)
                unit_group.append((value, f"{unit.name} ({by_id[unit.ministry_id].short_name})"))
            if unit_group:
                choices.append((_("Field units"), unit_group))
        else:
            for ministry, unit in places:
                value = f"unit-{unit.pk}"
                self.targets[value] = (ministry, unit)
                choices.append((value, f"{unit.name} ({ministry.short_name})"))
        if may_use_joint_funds:
            self.targets[COMMITTEE_CHOICE] = (None, None)
            choices.append((COMMITTEE_CHOICE, _("The committee, from the joint funds")))
        if len(self.targets) > 1:
            choices.insert(0, ("", "---------"))
        self.fields["spender"].choices = choices

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not (self.budget.first_day <= day <= self.budget.last_day):
            raise forms.ValidationError(outside_years_message(self.budget), code="outside_years")
        return day

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = check_attachment(upload)
        return upload

    @property
    def spender_target(self):
        """(ministry or None for the committee, field unit or None)."""
        return self.targets[self.cleaned_data["spender"]]


class ReportingDatesField(forms.CharField):
    """Dates, one a line, as the date fields accept them (2027-03-31); empty lines are skipped."""

    widget = forms.Textarea(attrs={"rows": 3})
    MAX_DATES = 40

    def to_python(self, value):
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]
        if len(lines) > self.MAX_DATES:
            raise forms.ValidationError(_("Enter at most %(count)s dates.") % {"count": self.MAX_DATES})
        dates = []
        day = forms.DateField()
        for line in lines:
            try:
                dates.append(day.to_python(line))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(line)s” is not a date. Write one date a line, such as 2027-03-31.") % {"line": line[:30]}
                ) from None
        return sorted(set(dates))


class GrantForm(forms.ModelForm):
    amount = money_field(gettext_lazy("Amount"), positive=True)
    reporting_dates = ReportingDatesField(
        label=gettext_lazy("Reporting dates"),
        required=False,
        help_text=gettext_lazy("When the partners report to the funder: one date a line, such as 2027-03-31."),
    )

    class Meta:
        model = Grant
        fields = ["title", "amount", "currency", "conditions", "restricted_uses"]
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "restricted_uses": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            days = self.instance.reports.values_list("due_on", flat=True)
            self.initial["reporting_dates"] = "\n".join(day.isoformat() for day in days)

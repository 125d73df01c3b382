import copy
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseFormSet, BaseInlineFormSet, formset_factory, inlineformset_factory
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import DATE_INPUT
from common.numbers import format_percent, parse_positive_int
from ministries.forms import NAME_FIELDS, NAME_HELP, OrganisationChoiceField, OrganisationMultipleChoiceField
from ministries.models import FieldUnit, Membership, Ministry, Region
from ministries.permissions import can_view_ministry_people
from partnerships.models import EngagementEntry, Participation, Partnership, Phase, PilotDecision, StandingTeam

NEED_FIELDS = ["title", "problem", "public_value", "target_audience", "regions"]
SETUP_FIELDS = [
    "actor_configuration",
    "structure_type",
    "operating_mechanism",
    "government_stage",
    "start_date",
    "end_date",
    "review_cadence",
    "health_check_cadence",
    "is_pilot",
    "pilot_ends_on",
    "has_no_money",
]


class PartnershipNeedForm(forms.ModelForm):
    """Step 1: the problem and the value the ministries create together."""

    class Meta:
        model = Partnership
        fields = NEED_FIELDS
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "public_value": forms.Textarea(attrs={"rows": 3}),
            "target_audience": forms.Textarea(attrs={"rows": 2}),
            "regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.all()


class EndsAfterItStarts:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("The end date must come after the start date."))
        return cleaned


class OnlyAPilotEnds:
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pilot_ends_on") and not cleaned.get("is_pilot"):
            self.add_error(
                "pilot_ends_on", _("Only a pilot has an end date for the pilot. Tick “a pilot” or clear it.")
            )
        return cleaned


class PartnershipSetupForm(OnlyAPilotEnds, EndsAfterItStarts, forms.ModelForm):
    """Step 3: how the partnership is shaped and run.

    For a partnership that already exists (`under_way`), also the phase it has reached and the day it
    began, which must be a real, past day: its signatures and decisions are dated from then on.
    """

    class Meta:
        model = Partnership
        fields = SETUP_FIELDS
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "pilot_ends_on": DATE_INPUT}

    def __init__(self, *args, under_way=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.under_way = under_way
        if under_way:
            self.fields["phase"] = forms.ChoiceField(
                label=gettext_lazy("The phase it has reached"),
                choices=Phase.choices,
                help_text=gettext_lazy("Its approving level can then record the decisions taken at earlier gates."),
            )
            self.fields["start_date"].required = True
            self.fields["start_date"].label = gettext_lazy("The day it began")
            self.fields["start_date"].error_messages["required"] = _("Give the day the partnership began.")
            self.order_fields(["phase", "start_date"])

    def clean_start_date(self):
        start = self.cleaned_data.get("start_date")
        if self.under_way and start and start > timezone.localdate():
            raise forms.ValidationError(
                _("A partnership that already exists began today at the latest. Give the day it began.")
            )
        return start


class PartnershipForm(OnlyAPilotEnds, EndsAfterItStarts, forms.ModelForm):
    """Editing a partnership later: what it is for and how it works, on one page.

    The structure, how it is run and the status are shown but cannot be changed here (a disabled
    field ignores what is posted): the partners change them together, by a proposal.
    """

    class Meta:
        model = Partnership
        fields = [*NEED_FIELDS, *SETUP_FIELDS, "status"]
        widgets = {**PartnershipNeedForm.Meta.widgets, **PartnershipSetupForm.Meta.widgets}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Partnership.STRUCTURE_FIELDS:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("The partners change this together: propose a change to the structure.")


class StructureForm(forms.ModelForm):
    """A proposed change to the structure, how it is run or the status (closing too), with its reason."""

    reason = forms.CharField(
        label=gettext_lazy("Why you propose this change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Every partner's executive reads this before agreeing."),
    )

    class Meta:
        model = Partnership
        fields = list(Partnership.STRUCTURE_FIELDS)


class ProposalReasonForm(forms.Form):
    """The reason given with a change to the parties. Needed only when it is a proposal (see the view)."""

    reason = forms.CharField(
        label=gettext_lazy("Why you propose this change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "A change to who takes part, the roles or the shares waits until every partner's executive agrees."
        ),
    )


class ProposalAnswerForm(forms.Form):
    """An executive agrees to or refuses a proposal for one of the ministries they sign for."""

    ministry = forms.ModelChoiceField(queryset=Ministry.objects.none(), label=gettext_lazy("For"))
    reason = forms.CharField(
        label=gettext_lazy("Why your ministry refuses"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, ministry_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = Ministry.objects.filter(pk__in=ministry_ids).order_by("name")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why your organisation withdraws"),
        max_length=100,
        help_text=gettext_lazy("The other partners read this in the history. At most 100 characters."),
    )


class PilotDecisionForm(forms.ModelForm):
    class Meta:
        model = PilotDecision
        fields = ["outcome", "reason"]
        widgets = {"outcome": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}


class FocalPersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return str(user)


class FocalPeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return str(user)


def focal_people(viewer):
    """{ministry: [people]} of every ministry whose people `viewer` may see (every ministry when None).

    A ministry's people are private to it and to administrators (can_view_ministry_people): a
    focal-person list must not show anyone else who works where.
    """
    people = {}
    memberships = (
        Membership.objects.filter(user__is_active=True)
        .select_related("user", "ministry")
        .order_by("ministry__name", "user__last_name", "user__first_name", "user__username")
    )
    for membership in memberships:
        if viewer is not None and not can_view_ministry_people(viewer, membership.ministry):
            continue
        in_ministry = people.setdefault(membership.ministry, [])
        if membership.user not in in_ministry:
            in_ministry.append(membership.user)
    return people


def all_units():
    return list(FieldUnit.objects.select_related("ministry").order_by("ministry__name", "name"))


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = [
            "ministry",
            "unit",
            "kind",
            "signs_charter",
            "engagement",
            "role",
            "holds_interests",
            "holds_knowledge",
            "holds_authority",
            "contributes",
            "receives",
            "responsibility",
            "gain_share",
            "risk_share",
            "focal_person",
        ]
        field_classes = {"ministry": OrganisationChoiceField, "focal_person": FocalPersonChoiceField}
        widgets = {
            "contributes": forms.Textarea(attrs={"rows": 2}),
            "receives": forms.Textarea(attrs={"rows": 2}),
            "responsibility": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, shared_choices=None, people=None, units=None, **kwargs):
        """people: what `focal_people(viewer)` returns, units: every unit with its organisation;
        a formset loads them once for all its rows."""
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = Ministry.objects.all()
        # A funder's or a stakeholder's row needs no role: it leads nothing (see _clean_kind).
        for name in ("kind", "role"):
            self.fields[name].required = False
        # In a formset every row offers the same lists: load them once, not once a row.
        for name, choices in (shared_choices or {}).items():
            self.fields[name].choices = choices
        self._limit_focal_people(focal_people(None) if people is None else people)
        self._limit_units(all_units() if units is None else units)

    def _row_ministry_id(self):
        if self.is_bound:
            return parse_positive_int(self.data.get(self.add_prefix("ministry")))
        if self.instance.pk:
            return self.instance.ministry_id
        initial = self.initial.get("ministry")
        return getattr(initial, "pk", initial)

    def _limit_focal_people(self, people):
        """Offer the people of this row's ministry (or, before one is chosen, everyone visible, by ministry).

        Only people the viewer may see are offered or accepted, and the current focal person,
        whoever it is, stays. That the person works in the chosen ministry is checked in clean().
        """
        field = self.fields["focal_person"]
        current = self.instance.focal_person if self.instance.pk and self.instance.focal_person_id else None
        ministry_id = self._row_ministry_id()
        if ministry_id is None:
            offered = [(m.short_name, [(u.pk, str(u)) for u in users]) for m, users in people.items()]
        else:
            users = next((users for m, users in people.items() if m.pk == ministry_id), [])
            offered = [(u.pk, str(u)) for u in users]
        visible = {u.pk for users in people.values() for u in users}
        if current is not None and current.pk not in visible:
            offered.append((current.pk, str(current)))
        field.queryset = get_user_model().objects.filter(pk__in=visible | ({current.pk} if current else set()))
        field.choices = [("", field.empty_label), *offered]

    def _limit_units(self, units):
        """Offer the units of this row's organisation (or, before one is chosen, every unit by organisation).

        That the unit belongs to the chosen organisation is checked in clean().
        """
        field = self.fields["unit"]
        ministry_id = self._row_ministry_id()
        field.queryset = FieldUnit.objects.select_related("ministry")
        groups = {}
        for unit in units:
            if ministry_id is None or unit.ministry_id == ministry_id:
                groups.setdefault(unit.ministry, []).append((unit.pk, unit.translated_name))
        field.choices = [("", _("The whole organisation")), *((str(m), choices) for m, choices in groups.items())]

    def clean(self):
        cleaned = super().clean()
        self._clean_kind(cleaned)
        unit, ministry = cleaned.get("unit"), cleaned.get("ministry")
        if unit and ministry and unit.ministry_id != ministry.pk:
            self.add_error("unit", _("Choose a unit of %(organisation)s, or none.") % {"organisation": ministry})
        person = cleaned.get("focal_person")
        if person and ministry and not person.memberships.filter(ministry=ministry).exists():
            self.add_error("focal_person", _("Choose someone who works in %(ministry)s.") % {"ministry": ministry})
        return cleaned

    def _clean_kind(self, cleaned):
        """What each kind of party may hold (the model's constraints, said next to the field)."""
        # A row posted without a kind (as before there were kinds) is a participant.
        kind = cleaned["kind"] = cleaned.get("kind") or Participation.Kind.PARTICIPANT
        # Participants always sign and stakeholders never do: the tick means something for a funder only.
        if kind != Participation.Kind.FUNDER:
            cleaned["signs_charter"] = False
        if kind != Participation.Kind.STAKEHOLDER:
            cleaned["engagement"] = ""
        elif not cleaned.get("engagement"):
            self.add_error("engagement", _("Choose how the stakeholder is engaged, from “inform” to “empower”."))
        if kind == Participation.Kind.PARTICIPANT:
            if not cleaned.get("role") and "role" not in self.errors:
                self.add_error("role", _("Choose the participant's role: lead, dominant, supporting or equal partner."))
            return
        cleaned["role"] = cleaned.get("role") or Participation.Role.SUPPORTING
        if cleaned["role"] in Participation.LEADING_ROLES:
            self.add_error("role", _("Only a participant can lead. Choose another role, or make it a participant."))
        for name in ("gain_share", "risk_share"):
            if cleaned.get(name):
                self.add_error(name, _("Funders and stakeholders carry no shares. Set this to 0."))


def share_equally(data, prefix):
    """A copy of a participation formset's POST data with the gains and risks shared equally over its
    participants (the rows with an organisation, not deleted), the lead taking the rounding, as the
    "share equally" button asks. Funders and stakeholders get 0. Rows are otherwise left as they are."""
    data = data.copy()
    total = parse_positive_int(str(data.get(f"{prefix}-TOTAL_FORMS"))) or 0
    rows = [f"{prefix}-{i}-" for i in range(min(total, MAX_MINISTRIES))]
    rows = [row for row in rows if data.get(f"{row}ministry") and not data.get(f"{row}DELETE")]
    # A row without a kind is a participant, as the form reads it.
    participants = [row for row in rows if data.get(f"{row}kind") in ("", None, Participation.Kind.PARTICIPANT)]
    for row in rows:
        data[f"{row}gain_share"] = data[f"{row}risk_share"] = "0"
    if not participants:
        return data
    share = (Decimal("100") / len(participants)).quantize(Decimal("0.01"))
    lead = next((row for row in participants if data.get(f"{row}role") == Participation.Role.LEAD), participants[0])
    for row in participants:
        value = Decimal("100") - share * (len(participants) - 1) if row == lead else share
        data[f"{row}gain_share"] = data[f"{row}risk_share"] = format(value, "f")
    return data


class ParticipationRules:
    """The rules every set of participating ministries follows, for creating and editing alike."""

    #: ids of ministries of which at least one must take part (the coordinator's own).
    required_ministry_ids = None
    #: who fills the form in: focal people are offered from the ministries whose people they may see.
    viewer = None

    @cached_property
    def shared_choices(self):
        ministry = copy.deepcopy(ParticipationForm.base_fields["ministry"])
        ministry.queryset = Ministry.objects.all()
        return {"ministry": list(ministry.choices)}

    @cached_property
    def focal_people(self):
        return focal_people(self.viewer)

    @cached_property
    def units(self):
        return all_units()

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "shared_choices": self.shared_choices,
            "people": self.focal_people,
            "units": self.units,
        }

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        ministries = [row["ministry"] for row in rows]
        # Funders and stakeholders take part beside the participants: only participants make a
        # partnership, lead it and share its gains and risks.
        participants = [row for row in rows if row.get("kind") == Participation.Kind.PARTICIPANT]
        problems = []
        if len({m.pk for m in ministries}) != len(ministries):
            problems.append(_("Each organisation can take part only once. Remove the repeated organisation."))
        if len(participants) < 2:
            problems.append(
                _("A partnership needs at least two participants. Add another organisation as a participant.")
            )
        elif sum(row["ministry"].is_government for row in participants) < 2:
            problems.append(
                _("At least two of the participants must be government bodies. Outside partners can join them.")
            )
        leads = sum(row["role"] == Participation.Role.LEAD for row in participants)
        if leads != 1:
            problems.append(_("Choose exactly one lead organisation (you chose %(count)s).") % {"count": leads})
        for field, label in (("gain_share", _("gains")), ("risk_share", _("risks"))):
            total = sum((row.get(field) or Decimal("0") for row in participants), Decimal("0"))
            if participants and total != Decimal("100"):
                problems.append(
                    _(
                        "The participants’ shares of %(what)s must add up to %(hundred)s (now %(total)s). "
                        "“Share equally” fills them in."
                    )
                    % {"what": label, "hundred": format_percent(100), "total": format_percent(total)}
                )
        participating = {row["ministry"].pk for row in participants}
        if self.required_ministry_ids and not (participating & self.required_ministry_ids):
            problems.append(
                _("Your own organisation must take part as a participant, or you could not run the partnership.")
            )
        if problems:
            raise forms.ValidationError(problems)


class NewParticipationFormSet(ParticipationRules, BaseFormSet):
    pass


class ParticipationFormSet(ParticipationRules, BaseInlineFormSet):
    pass


# Caps on every formset: a forged management form must not make the server build thousands of forms.
MAX_MINISTRIES = 40

NewParticipationFormSetFactory = formset_factory(
    ParticipationForm,
    formset=NewParticipationFormSet,
    extra=1,
    min_num=2,
    can_delete=True,
    max_num=MAX_MINISTRIES,
    absolute_max=MAX_MINISTRIES,
)
EditParticipationFormSetFactory = inlineformset_factory(
    Partnership,
    Participation,
    form=ParticipationForm,
    formset=ParticipationFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_MINISTRIES,
    absolute_max=MAX_MINISTRIES,
)


class OwnerWorksInOwnerMinistry:
    """For forms with `owner` and `owner_ministry`: the people are listed under their organisation, and the
    owner must work in the organisation chosen as owner, so a picker never mixes one body's item with
    another's officer."""

    def limit_owners(self, partnership):
        field = self.fields["owner"]
        field.queryset = partnership_people(partnership)
        groups = {}
        memberships = (
            Membership.objects.filter(ministry_id__in=partnership.ministry_ids, user__is_active=True)
            .select_related("user", "ministry")
            .order_by("ministry__name", "user__last_name", "user__first_name", "user__username")
        )
        for membership in memberships:
            groups.setdefault(membership.ministry.short_name, {})[membership.user_id] = str(membership.user)
        field.choices = [("", field.empty_label), *[(name, list(people.items())) for name, people in groups.items()]]

    def clean(self):
        cleaned = super().clean()
        owner, ministry = cleaned.get("owner"), cleaned.get("owner_ministry")
        if owner and ministry and not owner.memberships.filter(ministry=ministry).exists():
            self.add_error(
                "owner",
                _("%(person)s does not work in %(ministry)s. Choose one of its people, or change the organisation.")
                % {"person": owner, "ministry": ministry.short_name},
            )
        return cleaned


def partnership_people(partnership):
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__ministry_id__in=partnership.ministry_ids)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class SupportAccessForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you need to see this partnership"),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example the support request you answer. The partnership's coordinators and its ministries' "
            "administrators read this. 10 to 300 characters."
        ),
    )


class StandingTeamForm(forms.ModelForm):
    """A standing team of the partnership: its members come from the participating organisations."""

    class Meta:
        model = StandingTeam
        fields = ["kind", *NAME_FIELDS, "remit", "starts_on", "ends_on", "organisations", "members"]
        field_classes = {"organisations": OrganisationMultipleChoiceField, "members": FocalPeopleField}
        widgets = {
            "remit": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "organisations": forms.CheckboxSelectMultiple,
            "members": forms.CheckboxSelectMultiple,
        }
        help_texts = NAME_HELP

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Ministry.objects.filter(pk__in=partnership.ministry_ids)
        self.fields["members"].queryset = partnership_people(partnership)


class EngagementEntryForm(forms.ModelForm):
    class Meta:
        model = EngagementEntry
        fields = ["happened_on", "kind", "summary"]
        widgets = {"happened_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

"""Forms about organisations: their people, units and regions, pickers grouped by government, joint sites."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ministries.models import FieldUnit, Invitation, JointSite, Jurisdiction, Membership, Ministry, Region, Role

# What a coordinator may ask a partner organisation's new contact person to be: someone who can sign for it.
PARTNER_CONTACT_ROLES = [Role.EXECUTIVE, Role.COORDINATOR]


def _unit_field(form, ministry):
    field = form.fields["field_unit"]
    field.queryset = FieldUnit.objects.filter(ministry=ministry).order_by("name")
    field.label_from_instance = lambda unit: unit.name
    field.empty_label = _("No unit (the whole organisation)")


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "field_unit", "can_sign", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "email": gettext_lazy("The link to join goes to this address."),
            "can_sign": gettext_lazy("Executives always may. Tick this to let someone else sign too."),
        }

    def __init__(self, *args, ministry, partner_contact=False, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, ministry)
        if partner_contact:
            # A partner's contact person: the organisation's administrator assigns anything further.
            self.fields["role"].choices = [(role.value, role.label) for role in PARTNER_CONTACT_ROLES]
            self.fields["role"].initial = Role.EXECUTIVE
            for name in ("field_unit", "can_sign"):
                del self.fields[name]


class AcceptInvitationForm(forms.Form):
    """The person invited chooses their name and password (Django's password validators apply)."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        # Where the organisation signs in with single sign-on only, a password would never be used.
        if not invitation.ministry.password_sign_in:
            del self.fields["password1"], self.fields["password2"]

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ. Type the same password twice."))
        elif first:
            # Checked against the person the account will be, so a password like their name is refused.
            future = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(first, future)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MembershipForm(forms.ModelForm):
    """A role given to a person, with their unit and whether they sign for the organisation."""

    class Meta:
        model = Membership
        fields = ["role", "field_unit", "can_sign"]

    def __init__(self, *args, ministry, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, ministry)


class MembershipUnitForm(forms.Form):
    """A role's unit and signing, changed on the person's page (a plain form: the service compares old and new)."""

    field_unit = forms.ModelChoiceField(
        label=gettext_lazy("field unit"), queryset=FieldUnit.objects.none(), required=False
    )
    can_sign = forms.BooleanField(label=Membership._meta.get_field("can_sign").verbose_name, required=False)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(
            *args,
            prefix=f"m{membership.pk}",
            initial={"field_unit": membership.field_unit_id, "can_sign": membership.can_sign},
            **kwargs,
        )
        _unit_field(self, membership.ministry)


class DeactivateForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=gettext_lazy("Who takes over their open items"),
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("An active member of the organisation."),
    )

    def __init__(self, *args, ministry, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__ministry=ministry)
            .exclude(pk=person.pk)
            .distinct()
            .order_by("last_name", "first_name")
        )


class SignInSettingsForm(forms.Form):
    password_sign_in = forms.TypedChoiceField(
        label=gettext_lazy("How people of this organisation sign in"),
        choices=[
            (True, gettext_lazy("With single sign-on or with a password")),
            (False, gettext_lazy("With single sign-on only")),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "With single sign-on only, people sign in with their organisation's account, and nobody "
            "of the organisation can use a password here."
        ),
    )


NAME_FIELDS = ["name", "name_fr", "name_he"]
NAME_HELP = {
    "name_fr": gettext_lazy("Shown to people who read the site in French. Leave empty to show the name above."),
    "name_he": gettext_lazy("Shown to people who read the site in Hebrew. Leave empty to show the name above."),
}


class FieldUnitForm(forms.ModelForm):
    class Meta:
        model = FieldUnit
        # Pages show a unit in the reader's language (NamedInLanguages): its administrator enters each name.
        fields = [*NAME_FIELDS, "kind", "parent"]
        help_texts = NAME_HELP

    def __init__(self, *args, ministry, **kwargs):
        super().__init__(*args, **kwargs)
        parents = FieldUnit.objects.filter(ministry=ministry).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda unit: unit.translated_name
        self.fields["parent"].empty_label = _("None: it sits directly under the organisation")


class MinistryForm(forms.ModelForm):
    """An organisation's names, kind, government and time zone, as an administrator keeps them in the app."""

    class Meta:
        model = Ministry
        fields = [*NAME_FIELDS, "short_name", "kind", "jurisdiction", "time_zone", "contact_email", "description"]
        help_texts = NAME_HELP
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government_choices(self.fields["jurisdiction"])

    def validate_unique(self):
        # services.ministry_save checks names whatever their case, with a message that says what to do.
        pass


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = [*NAME_FIELDS, "jurisdiction"]
        help_texts = NAME_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government_choices(self.fields["jurisdiction"])


def government_choices(field):
    """A government picker in the reader's language, in its alphabetical order."""
    field.choices = [
        ("", _("No government given")),
        *sorted(((g.pk, str(g)) for g in Jurisdiction.objects.all()), key=lambda choice: choice[1].casefold()),
    ]


class JurisdictionForm(forms.ModelForm):
    class Meta:
        model = Jurisdiction
        fields = NAME_FIELDS
        help_texts = NAME_HELP


class PersonForm(forms.Form):
    """A person's name, job title and role in one organisation, as its administrator keeps them."""

    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    job_title = forms.CharField(label=gettext_lazy("job title"), max_length=200, required=False)
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=Role.choices)
    can_sign = forms.BooleanField(
        label=gettext_lazy("may sign for the organisation"),
        required=False,
        help_text=gettext_lazy("Executives always may. Tick this to delegate signing to someone else."),
    )


class GroupedByGovernment(ModelChoiceIterator):
    """Choices as one <optgroup> per government: a list of forty organisations of three governments is unreadable.

    Organisations with no government given come last, under their own heading.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for organisation in self.queryset.select_related("jurisdiction").order_by("name"):
            groups.setdefault(organisation.jurisdiction, []).append(self.choice(organisation))
        # In the reader's language and its alphabetical order (str() is the government's translated name).
        for government in sorted(groups, key=lambda g: (g is None, str(g).casefold())):
            yield (str(government) if government else _("No government given"), groups[government])


class OrganisationChoiceField(forms.ModelChoiceField):
    iterator = GroupedByGovernment


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = GroupedByGovernment


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return str(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return str(user)


class JointSiteForm(forms.ModelForm):
    """A joint site: the organisations that run it, its sponsor, its manager and its committee.

    people: the people the form may offer as manager and committee members (those the person
    filling it in may see, see ministries.permissions); the current ones always stay.
    """

    class Meta:
        model = JointSite
        fields = [*NAME_FIELDS, "operators", "sponsor", "manager", "committee", "address", "region"]
        field_classes = {
            "operators": OrganisationMultipleChoiceField,
            "sponsor": OrganisationChoiceField,
            "manager": PersonChoiceField,
            "committee": PeopleChoiceField,
        }
        widgets = {"operators": forms.SelectMultiple(attrs={"size": 8}), "committee": forms.CheckboxSelectMultiple}
        help_texts = NAME_HELP

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operators"].queryset = Ministry.objects.all()
        self.fields["sponsor"].queryset = Ministry.objects.all()
        self.fields["region"].queryset = Region.objects.all()
        current = set()
        if self.instance.pk:
            current = {self.instance.manager_id, *self.instance.committee.values_list("pk", flat=True)} - {None}
        offered = get_user_model().objects.filter(pk__in={u.pk for u in people} | current, is_active=True)
        offered = offered.order_by("last_name", "first_name", "username")
        self.fields["manager"].queryset = offered
        self.fields["committee"].queryset = offered

    def clean(self):
        cleaned = super().clean()
        operators = cleaned.get("operators")
        if operators is None:
            return cleaned
        if len(operators) < 2:
            self.add_error("operators", _("A joint site is run by at least two organisations. Choose another one."))
        operator_ids = {o.pk for o in operators}
        working = set(
            Membership.objects.filter(ministry_id__in=operator_ids).values_list("user_id", flat=True).distinct()
        )
        manager = cleaned.get("manager")
        if manager is not None and manager.pk not in working:
            self.add_error("manager", _("Choose a manager who works in one of the organisations that run the site."))
        outside = [str(p) for p in cleaned.get("committee") or [] if p.pk not in working]
        if outside:
            self.add_error(
                "committee",
                _("%(people)s work in none of the organisations that run the site. Untick them.")
                % {"people": ", ".join(outside)},
            )
        return cleaned

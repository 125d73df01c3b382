from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ministries.models import FieldUnit, Invitation, Membership, Region, Role

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


class FieldUnitForm(forms.ModelForm):
    class Meta:
        model = FieldUnit
        fields = ["name", "kind", "parent"]

    def __init__(self, *args, ministry, **kwargs):
        super().__init__(*args, **kwargs)
        parents = FieldUnit.objects.filter(ministry=ministry).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda unit: unit.name
        self.fields["parent"].empty_label = _("None: it sits directly under the organisation")


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "jurisdiction"]


class PersonForm(forms.Form):
    """A person's name, job title and role in one ministry, as its administrator keeps them."""

    first_name = forms.CharField(label=gettext_lazy("first name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("last name"), max_length=150)
    job_title = forms.CharField(label=gettext_lazy("job title"), max_length=200, required=False)
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=Role.choices)
    can_sign = forms.BooleanField(
        label=gettext_lazy("may sign for the ministry"),
        required=False,
        help_text=gettext_lazy("Executives always may. Tick this to delegate signing to someone else."),
    )

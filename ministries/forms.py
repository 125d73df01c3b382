"""Pickers of organisations, grouped by government, and the joint site form."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ministries.models import JointSite, Membership, Ministry, Region


class GroupedByGovernment(ModelChoiceIterator):
    """Choices as one <optgroup> per government: a list of forty organisations of three governments is unreadable.

    Organisations with no government given come last, under their own heading.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for organisation in self.queryset.order_by("jurisdiction", "name"):
            groups.setdefault(organisation.jurisdiction, []).append(self.choice(organisation))
        for government in sorted(groups, key=lambda name: (name == "", name)):
            yield (government or _("No government given"), groups[government])


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


NAME_FIELDS = ["name", "name_fr", "name_he"]
NAME_HELP = {
    "name_fr": gettext_lazy("Shown to people who read the site in French. Leave empty to show the name above."),
    "name_he": gettext_lazy("Shown to people who read the site in Hebrew. Leave empty to show the name above."),
}


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

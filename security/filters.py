import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from security.models import SecurityEvent


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("What happened"), choices=SecurityEvent.Kind.choices, empty_label=_("Anything")
    )
    person = django_filters.CharFilter(label=_("User name"), field_name="username", lookup_expr="icontains")
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = SecurityEvent
        fields = ["kind", "person", "since", "until"]

import django_filters
from django import forms

from meetings.models import ActionItem
from partnerships.filters import PartnershipFilter
from results.models import Measurement, Milestone


class ApiPartnershipFilter(PartnershipFilter):
    """The filters of the partnerships list; the cursor fixes the order, so there is no sort."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["sort"]

    # The same filters, with the type of what is given for the schema: an id.
    def in_cluster(self, queryset, name, value: int):
        return super().in_cluster(queryset, name, value)

    def with_ministry(self, queryset, name, value: int):
        return super().with_ministry(queryset, name, value)

    def in_region(self, queryset, name, value: int):
        return super().in_region(queryset, name, value)


class IdFilter(django_filters.NumberFilter):
    """An id: whole numbers the database can hold, so that letters or huge numbers are a 400, not a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**31 - 1, **kwargs)


class MeasurementFilter(django_filters.FilterSet):
    indicator = IdFilter(field_name="indicator_id")
    status = django_filters.ChoiceFilter(choices=Measurement.Status.choices)

    class Meta:
        model = Measurement
        fields = ["indicator", "status"]


class MilestoneFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Milestone.Status.choices)

    class Meta:
        model = Milestone
        fields = ["status"]


class ActionItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices)
    meeting = IdFilter(field_name="meeting_id")

    class Meta:
        model = ActionItem
        fields = ["status", "meeting"]

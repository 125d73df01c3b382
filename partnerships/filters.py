import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ministries.forms import OrganisationChoiceField
from ministries.models import Cluster, Ministry, Region
from partnerships.models import Partnership, Phase


class OrganisationFilter(django_filters.ModelChoiceFilter):
    """Organisations grouped by government, as in every organisation picker."""

    field_class = OrganisationChoiceField


class FilterThroughSubqueries:
    """Filters on the ministries, clusters and regions of partnerships, each through a subquery.

    A join would repeat a partnership once per matching participation, and the DISTINCT that undoes
    it costs a sort of every visible partnership on each page.
    """

    def in_cluster(self, queryset, name, cluster):
        return queryset.filter(
            pk__in=Partnership.objects.filter(participations__ministry__clusters=cluster).values("pk")
        )

    def with_ministry(self, queryset, name, ministry):
        return queryset.filter(pk__in=Partnership.objects.filter(participations__ministry=ministry).values("pk"))

    def in_region(self, queryset, name, region):
        return queryset.filter(pk__in=Partnership.objects.filter(regions=region).values("pk"))


class PartnershipFilter(FilterThroughSubqueries, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=Cluster.objects.all(), method="in_cluster", empty_label=_("Any cluster")
    )
    ministry = OrganisationFilter(
        label=_("Organisation"),
        queryset=Ministry.objects.all(),
        method="with_ministry",
        empty_label=_("Any organisation"),
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("Any phase"))
    structure_type = django_filters.ChoiceFilter(
        label=_("Structure"), choices=Partnership.StructureType.choices, empty_label=_("Any structure")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Partnership.Status.choices, empty_label=_("Any status")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="in_region", empty_label=_("Any region")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("title", "title"),
            ("phase", "phase"),
            ("start_date", "start"),
            ("end_date", "end"),
            ("updated_at", "updated"),
        ],
        field_labels={
            "title": _("Name"),
            "phase": _("Phase"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "updated_at": _("Last change"),
            # django-filter words the descending choices once, at import, in English: ours are lazy.
            "-title": _("Name, Z to A"),
            "-phase": _("Phase, last first"),
            "-start": _("Start date, latest first"),
            "-end": _("End date, latest first"),
            "-updated": _("Last change, latest first"),
        },
        empty_label=_("Name"),
    )

    class Meta:
        model = Partnership
        fields = ["q", "cluster", "ministry", "phase", "structure_type", "status", "region"]

    def search(self, queryset, name, value):
        words = Q()
        for word in value.split():
            words &= Q(title__icontains=word) | Q(problem__icontains=word) | Q(public_value__icontains=word)
        return queryset.filter(words)

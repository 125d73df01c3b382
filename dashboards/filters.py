import django_filters
from django.utils.translation import gettext_lazy as _

from ministries.models import Cluster, Ministry, Region
from partnerships.filters import FilterThroughSubqueries, OrganisationFilter
from partnerships.models import Partnership, Phase


class PortfolioFilter(FilterThroughSubqueries, django_filters.FilterSet):
    """The executive's view of the portfolio, narrowed by cluster, ministry, region or phase."""

    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=Cluster.objects.all(), method="in_cluster", empty_label=_("Any cluster")
    )
    ministry = OrganisationFilter(
        label=_("Organisation"),
        queryset=Ministry.objects.all(),
        method="with_ministry",
        empty_label=_("Any organisation"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="in_region", empty_label=_("Any region")
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("Any phase"))

    class Meta:
        model = Partnership
        fields = ["cluster", "ministry", "region", "phase"]

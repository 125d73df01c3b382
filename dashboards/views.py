from django.shortcuts import render

from partnerships.models import Partnership
from partnerships.services import charters_to_sign

from . import attention, portfolio
from .filters import PortfolioFilter


def executive_dashboard(request):
    """Exceptions first, then the portfolio. Everything is limited to the person's partnerships."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PortfolioFilter(request.GET or None, queryset=visible)
    partnerships = filterset.qs
    phase_cluster = portfolio.by_phase_and_cluster(partnerships)
    return render(
        request,
        "dashboards/executive.html",
        {
            "filter": filterset,
            "attention": attention.attention_items(partnerships),
            "phase_cluster": phase_cluster,
            "phase_cluster_chart": phase_cluster.chart(),
            "weakest_points": portfolio.weakest_points(partnerships),
            "status_counts": portfolio.status_counts(partnerships),
            "money_by_year": portfolio.money_by_year(partnerships),
            "money_by_ministry": portfolio.money_by_ministry(partnerships),
            "query": request.GET.urlencode(),
            "charters_to_sign": charters_to_sign(request.user),
        },
    )

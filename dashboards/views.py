from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exports import rows_as_csv, sheets_as_xlsx
from partnerships.models import Partnership
from partnerships.services import charters_to_sign

from . import attention, network, portfolio
from .exports import portfolio_rows
from .filters import PortfolioFilter


def executive_dashboard(request):
    """Exceptions first, then the portfolio. Everything is limited to the person's partnerships."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PortfolioFilter(request.GET or None, queryset=visible)
    partnerships = filterset.qs
    phase_cluster = portfolio.by_phase_and_cluster(partnerships)
    items = attention.attention_items(partnerships)
    # One glance: the oldest exceptions first, the rest one click away.
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "dashboards/executive.html",
        {
            "filter": filterset,
            "attention": items if show_all else items[: attention.SHOWN_AT_FIRST],
            "attention_count": len(items),
            "attention_by_kind": attention.count_by_kind(items),
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


def cooperation_map(request):
    """Ministries as nodes, shared partnerships as links; each ministry opens the portfolio filtered on it."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PortfolioFilter(request.GET or None, queryset=visible)
    partnerships = filterset.qs
    nodes, links = network.cooperation(partnerships)
    return render(
        request,
        "dashboards/map.html",
        {
            "filter": filterset,
            "graph": {"nodes": nodes, "links": links, "portfolio_url": reverse("dashboards:executive")},
            "ministry_load": network.ministry_load(partnerships),
            "focal_load": network.focal_person_load(partnerships),
        },
    )


def portfolio_export(request, fmt):
    """The filtered portfolio as CSV or Excel: only partnerships the person may see."""
    visible = Partnership.objects.visible_to(request.user)
    partnerships = PortfolioFilter(request.GET or None, queryset=visible).qs
    header, rows = portfolio_rows(partnerships)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(rows_as_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            sheets_as_xlsx([(_("Portfolio"), header, rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="interlock-portfolio-{stamp}.{fmt}"'
    return response

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from charters.services import charters_limit, charters_to_sign
from common.exports import rows_as_csv, sheets_as_xlsx
from dashboards import attention, network, portfolio
from dashboards.cache import cached_html
from dashboards.exports import portfolio_rows
from dashboards.filters import PortfolioFilter
from ministries.models import Cluster
from ministries.permissions import cluster_ids, clusters_visible_to
from partnerships.models import Partnership
from relations.figures import trust_changes, trust_changes_chart, trust_links
from relations.power import portfolio_power_flags, power_flags_chart
from relations.services import surveys_to_answer
from security.models import SecurityEvent
from security.services import security_event_record


def executive_dashboard(request):
    """Exceptions first, then the portfolio. Everything is limited to the person's partnerships."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PortfolioFilter(request.GET or None, queryset=visible)
    query = request.GET.urlencode()
    figures = cached_html(
        "executive",
        request,
        lambda: render_to_string(
            "dashboards/_portfolio.html",
            portfolio_figures(filterset.qs, request.GET, query=query, clusters=clusters_of(request.user, filterset)),
            request=request,
        ),
    )
    return render(
        request,
        "dashboards/executive.html",
        {
            "filter": filterset,
            "figures": figures,
            "query": query,
            # The relationship surveys of the person's clusters: those to answer first, then a link to each.
            "clusters_card": cached_html(
                "clusters",
                request,
                lambda: render_to_string(
                    "relations/_cluster_home_items.html",
                    {
                        "cluster_surveys": surveys_to_answer(request.user),
                        "my_clusters": list(Cluster.objects.filter(pk__in=cluster_ids(request.user))),
                    },
                    request=request,
                ),
                per_person=True,
            ),
            "charters_card": cached_html(
                "charters",
                request,
                lambda: render_to_string(
                    "charters/_charters_to_sign.html",
                    {"charters_to_sign": charters_to_sign(request.user, limit=charters_limit(request)), "query": query},
                    request=request,
                ),
                per_person=True,
            ),
        },
    )


def clusters_of(user, filterset):
    """The clusters whose relationship surveys the portfolio's trust figures take in: those the person sees
    inside, narrowed as the filter narrows the partnerships by cluster or organisation."""
    clusters = clusters_visible_to(user)
    chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    if chosen.get("cluster"):
        clusters = clusters.filter(pk=chosen["cluster"].pk)
    if chosen.get("ministry"):
        clusters = clusters.filter(ministries=chosen["ministry"])
    return clusters


def portfolio_figures(partnerships, params, *, query, clusters=None):
    """What the portfolio template shows. The attention list pages through every exception (?all=1),
    or through one kind of them (?kind=review), when asked. `clusters`: whose relationship surveys count too."""
    paging = attention.paging_from(params)
    exceptions = attention.attention(partnerships, paging.limit, offset=paging.offset, kind=paging.kind)
    paging.count = exceptions.count
    by_phase, by_status = portfolio.phase_and_status_counts(partnerships)
    phase_cluster = portfolio.by_phase_and_cluster(partnerships, by_phase)
    tracks = portfolio.indicator_tracks(partnerships)
    trend = portfolio.health_trend(partnerships)
    money_by_year, money_by_ministry = portfolio.money(partnerships)
    changes = trust_changes(partnerships, clusters=clusters)
    power_flags = portfolio_power_flags(partnerships)
    return {
        "attention": exceptions.items,
        "attention_count": exceptions.count,
        "attention_by_kind": exceptions.by_kind,
        "paging": paging,
        "phase_cluster": phase_cluster,
        "phase_cluster_chart": phase_cluster.chart(),
        "indicator_tracks": tracks,
        "indicators_total": sum(row.count for row in tracks),
        "health_trend": trend,
        "health_trend_chart": portfolio.health_trend_chart(trend),
        "weakest_points": portfolio.weakest_points(partnerships, by_phase=by_phase),
        "status_counts": portfolio.status_counts(by_status),
        "money_by_year": money_by_year,
        "money_by_ministry": money_by_ministry,
        "trust_changes": changes,
        "trust_changes_chart": trust_changes_chart(changes),
        "power_flags": power_flags,
        "power_flags_chart": power_flags_chart(power_flags),
        "query": query,
    }


def cooperation_map(request):
    """Ministries as nodes, shared partnerships as links; each ministry opens the portfolio filtered on it."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PortfolioFilter(request.GET or None, queryset=visible)
    weight = request.GET.get("weight") if request.GET.get("weight") in network.WEIGHTS else "count"
    currencies = network.budget_currencies(filterset.qs) if weight == "budget" else []
    currency = request.GET.get("currency") if request.GET.get("currency") in currencies else next(iter(currencies), "")
    figures = cached_html(
        "map",
        request,
        lambda: render_to_string(
            "dashboards/_map_figures.html",
            map_figures(filterset.qs, weight, currency, clusters=clusters_of(request.user, filterset)),
            request=request,
        ),
    )
    return render(
        request,
        "dashboards/map.html",
        {
            "filter": filterset,
            "figures": figures,
            "weight": weight,
            "currencies": currencies,
            "currency": currency,
        },
    )


def map_figures(partnerships, weight, currency, *, clusters=None):
    nodes, links = network.cooperation(partnerships, weight, currency)
    trust = trust_links(partnerships, clusters=clusters)
    for link in links:
        found = trust.get((link["source"], link["target"]))
        link["trust"] = str(found.trust) if found else None
        # Where the figure comes from, for the table beside the map: the partnerships' surveys, clusters' or both.
        link["trust_clusters"] = found.clusters if found else []
        link["trust_partnerships"] = found.partnerships if found else 0
    return {
        "graph": {"nodes": nodes, "links": links, "portfolio_url": reverse("dashboards:executive")},
        "weight": weight,
        "currency": currency,
        "strongest_links": network.strongest_links(nodes, links),
        "trust_pairs": network.trust_pairs(nodes, links),
        "ministry_load": network.ministry_load(partnerships),
        "focal_load": network.focal_person_load(partnerships),
    }


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
    name = f"interlock-portfolio-{stamp}.{fmt}"
    security_event_record(kind=SecurityEvent.Kind.EXPORTED, user=request.user, request=request, detail=name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

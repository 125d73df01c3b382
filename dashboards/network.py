"""The ministries' cooperation map and the load each ministry and focal person carries."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from django.db.models import Count, F, FilteredRelation, Q, Sum

from budgets.models import Budget, Contribution
from partnerships.models import Participation


@dataclass
class MinistryLoad:
    ministry_id: int
    name: str
    short_name: str
    partnerships: int
    leads: int
    budget_lines: int


WEIGHTS = ("count", "budget")


def budget_currencies(partnerships):
    """The currencies the partnerships' budgets are kept in, the most used first."""
    rows = (
        Budget.objects.filter(partnership__in=partnerships.values("pk"))
        .values_list("currency")
        .annotate(n=Count("pk"))
        .order_by("-n", "currency")
    )
    return [currency for currency, _n in rows]


def cooperation(partnerships, weight="count", currency=None):
    """Nodes (ministries) and links (pairs of ministries with the partnerships they share).

    Returns (nodes, links): nodes as dicts {id, name, short, partnerships, value}, links as
    dicts {source, target, count, value}, both ready for the browser. The value is what the map
    draws: the number of partnerships, or with weight="budget" the money committed in `currency`
    (a ministry's own commitments; for a link, all that is committed to the partnerships the pair
    shares). Budgets in other currencies count as nothing: money is never converted.
    """
    by_partnership = {}
    names = {}
    for partnership_id, ministry_id, name, short in Participation.objects.filter(
        partnership__in=partnerships.values("pk")
    ).values_list("partnership_id", "ministry_id", "ministry__name", "ministry__short_name"):
        by_partnership.setdefault(partnership_id, []).append(ministry_id)
        names[ministry_id] = (name, short)
    counts, pairs = Counter(), Counter()
    for ministries in by_partnership.values():
        counts.update(ministries)
        pairs.update(combinations(sorted(ministries), 2))
    node_values, link_values = counts, pairs
    if weight == "budget":
        node_values, link_values = _committed(partnerships, currency, by_partnership)
    nodes = [
        {"id": pk, "name": names[pk][0], "short": names[pk][1], "partnerships": n, "value": float(node_values[pk])}
        for pk, n in sorted(counts.items(), key=lambda item: names[item[0]][0])
    ]
    links = [
        {"source": a, "target": b, "count": n, "value": float(link_values[(a, b)])}
        for (a, b), n in sorted(pairs.items())
    ]
    return nodes, links


def _committed(partnerships, currency, by_partnership):
    """(money each ministry committed, money committed to what each pair shares), in `currency`."""
    own, per_partnership = Counter(), Counter()
    rows = (
        Contribution.objects.filter(budget__partnership__in=partnerships.values("pk"), budget__currency=currency)
        .values_list("budget__partnership_id", "ministry_id")
        .annotate(total=Sum("committed"))
        .order_by()
    )
    for partnership_id, ministry_id, total in rows:
        own[ministry_id] += total
        per_partnership[partnership_id] += total
    shared = Counter()
    for partnership_id, ministries in by_partnership.items():
        for pair in combinations(sorted(ministries), 2):
            shared[pair] += per_partnership[partnership_id]
    return own, shared


def strongest_links(nodes, links, limit=20):
    """The pairs with the most weight, named, for the table beside the map."""
    names = {node["id"]: node["name"] for node in nodes}
    ordered = sorted(links, key=lambda link: (-link["value"], -link["count"], names[link["source"]]))
    return [(names[link["source"]], names[link["target"]], link) for link in ordered[:limit] if link["value"]]


def trust_pairs(nodes, links):
    """The pairs with a trust figure from the relationship surveys, the least trusting first, named, with where
    it comes from: how many partnerships' surveys, and which clusters' (see map_figures)."""
    names = {node["id"]: node["name"] for node in nodes}
    rated = [link for link in links if link.get("trust") is not None]
    ordered = sorted(rated, key=lambda link: (Decimal(link["trust"]), names[link["source"]], names[link["target"]]))
    return [
        (names[a["source"]], names[a["target"]], a["trust"], a["trust_partnerships"], a["trust_clusters"])
        for a in ordered
    ]


def ministry_load(partnerships):
    """How many partnerships, lead roles and budget lines each ministry carries, busiest first."""
    rows = (
        Participation.objects.filter(partnership__in=partnerships.values("pk"))
        .values("ministry_id", "ministry__name", "ministry__short_name")
        .annotate(
            partnerships=Count("partnership", distinct=True), leads=Count("pk", filter=Q(role=Participation.Role.LEAD))
        )
    )
    lines = dict(
        Contribution.objects.filter(budget__partnership__in=partnerships.values("pk"))
        .values_list("ministry_id")
        .annotate(n=Count("pk"))
    )
    loads = [
        MinistryLoad(
            r["ministry_id"],
            r["ministry__name"],
            r["ministry__short_name"],
            r["partnerships"],
            r["leads"],
            lines.get(r["ministry_id"], 0),
        )
        for r in rows
    ]
    return sorted(loads, key=lambda load: (-load.partnerships, load.name))


def focal_person_load(partnerships, limit=25):
    """The focal people carrying the most partnerships, with their lead roles and budget lines.

    A focal person's budget lines are their ministry's contributions to the partnerships they are
    the focal person for.
    """
    own_lines = FilteredRelation(
        "partnership__budget__contributions", condition=Q(partnership__budget__contributions__ministry=F("ministry"))
    )
    return list(
        Participation.objects.filter(partnership__in=partnerships.values("pk"), focal_person__isnull=False)
        .annotate(own_lines=own_lines)
        .values("focal_person_id", "focal_person__first_name", "focal_person__last_name", "ministry__short_name")
        .annotate(
            partnerships=Count("partnership", distinct=True),
            leads=Count("pk", filter=Q(role=Participation.Role.LEAD), distinct=True),
            budget_lines=Count("own_lines", distinct=True),
        )
        .order_by("-partnerships", "focal_person__last_name", "focal_person_id")[:limit]
    )

"""The ministries' cooperation map and the load each ministry and focal person carries."""

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count, Q

from partnerships.models import Participation


@dataclass
class MinistryLoad:
    ministry_id: int
    name: str
    short_name: str
    partnerships: int
    leads: int
    budget_lines: int


def cooperation(partnerships):
    """Nodes (ministries) and links (pairs of ministries with the partnerships they share).

    Returns (nodes, links): nodes as dicts {id, name, short, partnerships}, links as
    dicts {source, target, count}, both ready for the browser.
    """
    by_partnership = {}
    names = {}
    for partnership_id, ministry_id, name, short in Participation.objects.filter(
        partnership__in=partnerships.values("pk")
    ).values_list("partnership_id", "ministry_id", "ministry__name", "ministry__short_name"):
        by_partnership.setdefault(partnership_id, []).append(ministry_id)
        names[ministry_id] = (name, short)
    counts = Counter()
    pairs = Counter()
    for ministries in by_partnership.values():
        counts.update(ministries)
        pairs.update(combinations(sorted(ministries), 2))
    nodes = [
        {"id": pk, "name": names[pk][0], "short": names[pk][1], "partnerships": n}
        for pk, n in sorted(counts.items(), key=lambda item: names[item[0]][0])
    ]
    links = [{"source": a, "target": b, "count": n} for (a, b), n in sorted(pairs.items())]
    return nodes, links


def ministry_load(partnerships):
    """How many partnerships, lead roles and budget lines each ministry carries, busiest first."""
    from budgets.models import Contribution

    rows = (
        Participation.objects.filter(partnership__in=partnerships.values("pk"))
        .values("ministry_id", "ministry__name", "ministry__short_name")
        .annotate(partnerships=Count("partnership", distinct=True), leads=Count("pk", filter=Q(role="lead")))
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
    """The focal people carrying the most partnerships."""
    return list(
        Participation.objects.filter(partnership__in=partnerships.values("pk"), focal_person__isnull=False)
        .values("focal_person_id", "focal_person__first_name", "focal_person__last_name", "ministry__short_name")
        .annotate(partnerships=Count("partnership", distinct=True))
        .order_by("-partnerships", "focal_person__last_name")[:limit]
    )

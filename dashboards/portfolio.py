"""Portfolio figures for the executive dashboard, each from one aggregate query."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext as _

from assessments.models import PHASE_ORDER, Point, PointAnswer, PointPosition
from ministries.models import Cluster
from partnerships.models import Partnership, Phase

ZERO = Decimal("0.00")


@dataclass
class PhaseClusterTable:
    phases: list  # (value, label)
    rows: list  # (cluster name, [count per phase], total)
    totals: list

    def chart(self):
        return {
            "type": "bar",
            "stacked": True,
            "labels": [row[0] for row in self.rows],
            "datasets": [
                {"label": str(label), "data": [row[1][i] for row in self.rows]}
                for i, (_v, label) in enumerate(self.phases)
            ],
        }


def by_phase_and_cluster(partnerships):
    """How many partnerships are in each phase, per cluster of their ministries (one may count in several)."""
    counts = (
        Partnership.objects.filter(pk__in=partnerships.values("pk"))
        .values("phase", "participations__ministry__clusters")
        .annotate(n=Count("pk", distinct=True))
    )
    table = {}
    for row in counts:
        table[(row["participations__ministry__clusters"], row["phase"])] = row["n"]
    totals_by_phase = dict(
        Partnership.objects.filter(pk__in=partnerships.values("pk")).values_list("phase").annotate(n=Count("pk"))
    )
    phases = list(Phase.choices)
    rows = []
    for cluster in Cluster.objects.order_by("name"):
        cells = [table.get((cluster.pk, value), 0) for value, _label in phases]
        if any(cells):
            rows.append((cluster.name, cells, sum(cells)))
    outside = [table.get((None, value), 0) for value, _label in phases]
    if any(outside):
        rows.append((str(_("No cluster")), outside, sum(outside)))
    return PhaseClusterTable(phases, rows, [totals_by_phase.get(value, 0) for value, _label in phases])


@dataclass
class PointStanding:
    point: Point
    due: int
    settled: int

    @property
    def open(self):
        return self.due - self.settled

    @property
    def percent_settled(self):
        return round(100 * self.settled / self.due) if self.due else 100


def weakest_points(partnerships, limit=5):
    """The points most often still open where they should be settled by now, weakest first.

    A point is due in a partnership once the partnership has reached the point's phase.
    """
    disputed = PointPosition.objects.filter(answer=OuterRef("pk"), stance=PointPosition.Stance.DISAGREE)
    settled_rows = (
        PointAnswer.objects.filter(partnership__in=partnerships.values("pk"))
        .annotate(disputed=Exists(disputed))
        .filter(status__in=[PointAnswer.Status.ADDRESSED, PointAnswer.Status.NOT_APPLICABLE], disputed=False)
        .values("point_id", "partnership__phase")
        .annotate(n=Count("pk"))
    )
    phase_counts = dict(
        Partnership.objects.filter(pk__in=partnerships.values("pk")).values_list("phase").annotate(n=Count("pk"))
    )
    settled = {}
    for row in settled_rows:
        settled.setdefault(row["point_id"], {})[row["partnership__phase"]] = row["n"]
    standings = []
    for point in Point.objects.all():
        reached = PHASE_ORDER[PHASE_ORDER.index(point.phase) :]
        due = sum(phase_counts.get(phase, 0) for phase in reached)
        done = sum(settled.get(point.pk, {}).get(phase, 0) for phase in reached)
        if due:
            standings.append(PointStanding(point, due, done))
    standings.sort(key=lambda s: (s.percent_settled, -s.due, s.point.number))
    return standings[:limit]


def status_counts(partnerships):
    counts = dict(partnerships.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "active": counts.get(Partnership.Status.ACTIVE, 0),
        "on_hold": counts.get(Partnership.Status.ON_HOLD, 0),
        "closed": counts.get(Partnership.Status.CLOSED, 0),
    }


@dataclass
class MoneyRow:
    label: str
    currency: str
    pledged: Decimal
    committed: Decimal
    spent: Decimal


def money_by_year(partnerships):
    """Pledged, committed and spent per fiscal year, in each currency (budgets are never converted)."""
    from budgets.models import Contribution, Expenditure

    rows = {}
    for row in (
        Contribution.objects.filter(budget__partnership__in=partnerships.values("pk"))
        .values("budget__currency", "fiscal_year")
        .annotate(pledged=Sum("pledged"), committed=Sum("committed"))
    ):
        rows[(row["budget__currency"], row["fiscal_year"])] = [row["pledged"], row["committed"], ZERO]
    for row in (
        Expenditure.objects.filter(budget__partnership__in=partnerships.values("pk"))
        .values("budget__currency", "fiscal_year")
        .annotate(spent=Sum("amount"))
    ):
        rows.setdefault((row["budget__currency"], row["fiscal_year"]), [ZERO, ZERO, ZERO])[2] = row["spent"]
    return [MoneyRow(str(year), currency, *figures) for (currency, year), figures in sorted(rows.items())]


def money_by_ministry(partnerships, limit=15):
    """The ministries carrying the most committed money, with what they pledged and spent."""
    from budgets.models import Contribution, Expenditure

    rows = {}
    for row in (
        Contribution.objects.filter(budget__partnership__in=partnerships.values("pk"))
        .values("budget__currency", "ministry__short_name")
        .annotate(pledged=Sum("pledged"), committed=Sum("committed"))
    ):
        rows[(row["budget__currency"], row["ministry__short_name"])] = [row["pledged"], row["committed"], ZERO]
    for row in (
        Expenditure.objects.filter(budget__partnership__in=partnerships.values("pk"), ministry__isnull=False)
        .values("budget__currency", "ministry__short_name")
        .annotate(spent=Sum("amount"))
    ):
        rows.setdefault((row["budget__currency"], row["ministry__short_name"]), [ZERO, ZERO, ZERO])[2] = row["spent"]
    ordered = sorted(rows.items(), key=lambda item: (item[0][0], -item[1][1], item[0][1]))
    return [MoneyRow(ministry, currency, *figures) for (currency, ministry), figures in ordered][:limit]

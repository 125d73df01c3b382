"""Portfolio figures for the executive dashboard, each from one aggregate query."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import PHASE_ORDER, HealthCheck, Point, PointAnswer, PointPosition
from budgets import fiscal
from budgets.models import Contribution, Expenditure
from ministries.models import Cluster
from partnerships.models import Partnership, Phase
from results.models import Indicator, Track, track_of

ZERO = Decimal("0.00")


@dataclass
class PhaseClusterTable:
    phases: list  # (value, label)
    rows: list  # (cluster name, [count per phase], total)
    totals: list

    @property
    def total(self):
        """Every partnership once: each is in one phase, while a partnership can sit in several clusters' rows."""
        return sum(self.totals)

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


def phase_and_status_counts(partnerships):
    """({phase: count}, {status: count}) of the partnerships, from one query."""
    by_phase, by_status = Counter(), Counter()
    rows = Partnership.objects.filter(pk__in=partnerships.values("pk")).values_list("phase", "status")
    for phase, status, n in rows.annotate(n=Count("pk")).order_by():
        by_phase[phase] += n
        by_status[status] += n
    return by_phase, by_status


def by_phase_and_cluster(partnerships, by_phase=None):
    """How many partnerships are in each phase, per cluster of their ministries (one may count in several)."""
    counts = (
        Partnership.objects.filter(pk__in=partnerships.values("pk"))
        .values("phase", "participations__ministry__clusters")
        .annotate(n=Count("pk", distinct=True))
    )
    table = {}
    for row in counts:
        table[(row["participations__ministry__clusters"], row["phase"])] = row["n"]
    totals_by_phase = by_phase if by_phase is not None else phase_and_status_counts(partnerships)[0]
    phases = list(Phase.choices)
    rows = []
    for cluster in Cluster.objects.order_by("name"):
        cells = [table.get((cluster.pk, value), 0) for value, _label in phases]
        if any(cells):
            rows.append((str(cluster), cells, sum(cells)))
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


def weakest_points(partnerships, limit=5, by_phase=None):
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
    phase_counts = by_phase if by_phase is not None else phase_and_status_counts(partnerships)[0]
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


def status_counts(by_status):
    """Active, on hold and closed, from the second half of phase_and_status_counts()."""
    return {
        "active": by_status.get(Partnership.Status.ACTIVE, 0),
        "on_hold": by_status.get(Partnership.Status.ON_HOLD, 0),
        "closed": by_status.get(Partnership.Status.CLOSED, 0),
    }


@dataclass
class MoneyRow:
    label: str
    currency: str
    pledged: Decimal
    committed: Decimal
    spent: Decimal


def money(partnerships, limit=15):
    """(per fiscal year, per ministry) pledged, committed and spent, in each currency, from two queries.

    Budgets are never converted: each row is in one currency (and, for years, one first month of the
    fiscal year). The ministries are those carrying the most committed money, at most `limit`;
    spending by the committee counts in the years only.
    """
    in_portfolio = {"budget__partnership__in": partnerships.values("pk")}
    by_year, by_ministry = {}, {}

    def add(table, key, figures):
        totals = table.setdefault(key, [ZERO, ZERO, ZERO])
        for i, value in enumerate(figures):
            totals[i] += value

    grouping = ("budget__currency", "fiscal_year", "budget__fiscal_year_start_month", "ministry__short_name")
    contributions = (
        Contribution.objects.filter(**in_portfolio)
        .values_list(*grouping)
        .annotate(pledged=Sum("pledged"), committed=Sum("committed"))
        .order_by()
    )
    for currency, year, start_month, ministry, pledged, committed in contributions:
        add(by_year, (currency, year, start_month), (pledged, committed, ZERO))
        add(by_ministry, (currency, ministry), (pledged, committed, ZERO))
    spending = (
        Expenditure.objects.filter(**in_portfolio).values_list(*grouping).annotate(spent=Sum("amount")).order_by()
    )
    for currency, year, start_month, ministry, spent in spending:
        add(by_year, (currency, year, start_month), (ZERO, ZERO, spent))
        if ministry is not None:
            add(by_ministry, (currency, ministry), (ZERO, ZERO, spent))
    # A year is named as its budgets name it: "2026–27" from April, "2026" from January.
    years = [
        MoneyRow(fiscal.label(year, start_month), currency, *figures)
        for (currency, year, start_month), figures in sorted(by_year.items())
    ]
    busiest = sorted(by_ministry.items(), key=lambda item: (item[0][0], -item[1][1], item[0][1]))
    ministries = [MoneyRow(ministry, currency, *figures) for (currency, ministry), figures in busiest][:limit]
    return years, ministries


@dataclass
class TrackCount:
    track: object  # a partnerships.models.Track
    count: int
    percent: int


def indicator_tracks(partnerships, today=None):
    """How many indicators with a numeric target are on track, off track, reached or not measured yet.

    Reads the progress each indicator keeps (see Indicator.refresh_progress), one row per indicator.
    """
    today = today or timezone.localdate()
    rows = (
        Indicator.objects.filter(partnership__in=partnerships.values("pk"), target__isnull=False)
        .exclude(unit=Indicator.Unit.QUALITATIVE)
        .values_list("progress_percent", "target_date", "partnership__start_date", "partnership__end_date")
    )
    counts = Counter(track_of(percent, start, target or end, today) for percent, target, start, end in rows)
    total = sum(counts.values())
    return [
        TrackCount(track, counts[track], round(100 * counts[track] / total) if total else 0)
        for track in (Track.OFF_TRACK, Track.ON_TRACK, Track.REACHED, Track.NOT_MEASURED)
    ]


@dataclass
class HealthQuarter:
    label: str
    average: Decimal
    checks: int
    low: int
    falling: int


HEALTH_TREND_QUARTERS = 6


def health_trend(partnerships, today=None):
    """The average team health score per quarter over the last six, with how many checks were low or falling.

    Only closed checks with enough answers to be shown count (the others have no average).
    """
    today = today or timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1 - 3 * (HEALTH_TREND_QUARTERS - 1)
    since = date(today.year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    rows = (
        HealthCheck.objects.closed_with_results(today)
        .filter(partnership__in=partnerships.values("pk"), due_date__gte=since)
        .annotate(quarter=TruncQuarter("due_date"))
        .values("quarter")
        .annotate(
            mean=Avg("average"),
            checks=Count("pk"),
            low=Count("pk", filter=Q(flag=HealthCheck.Flag.LOW)),
            falling=Count("pk", filter=Q(flag=HealthCheck.Flag.FALLING)),
        )
        .order_by("quarter")
    )
    return [
        HealthQuarter(
            _("%(year)s Q%(quarter)s") % {"year": row["quarter"].year, "quarter": (row["quarter"].month - 1) // 3 + 1},
            Decimal(row["mean"]).quantize(Decimal("0.01")),
            row["checks"],
            row["low"],
            row["falling"],
        )
        for row in rows
    ]


def health_trend_chart(quarters):
    return {
        "type": "line",
        "max": 5,
        "labels": [q.label for q in quarters],
        "datasets": [{"label": str(_("Average team health (1 to 5)")), "data": [float(q.average) for q in quarters]}],
    }

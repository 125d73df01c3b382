"""The budget's figures: a year × ministry table of pledged, committed, transferred and spent.

`summarise()` is pure arithmetic on rows (tested with random data); `budget_summary()`
feeds it from three aggregate queries, however many ministries, years and entries there are.

A ministry's funds in a year are what it committed, less the transfers it sent and plus
those it received (only transfers confirmed by both sides count). Its variance is those
funds less what it spent: below zero it has spent money it does not have. Transfers only
move money between rows, so the variances of all rows add up to committed less spent.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from budgets.models import Contribution, Expenditure, Transfer

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
COMMITTEE = None  # the key of the committee's joint funds among the ministries


@dataclass
class Cell:
    pledged: Decimal = ZERO
    committed: Decimal = ZERO
    sent: Decimal = ZERO
    received: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def available(self):
        return self.committed - self.sent + self.received

    @property
    def variance(self):
        return self.available - self.spent

    @property
    def overspent(self):
        return self.variance < 0

    def __add__(self, other):
        return Cell(
            self.pledged + other.pledged,
            self.committed + other.committed,
            self.sent + other.sent,
            self.received + other.received,
            self.spent + other.spent,
        )


@dataclass
class Summary:
    years: list
    keys: list  # ministry ids in display order, COMMITTEE last when present
    cells: dict = field(default_factory=dict)  # (year, key) -> Cell

    def cell(self, year, key):
        return self.cells.get((year, key), Cell())

    def year_total(self, year):
        return sum((self.cell(year, key) for key in self.keys), Cell())

    def key_total(self, key):
        return sum((self.cell(year, key) for year in self.years), Cell())

    @property
    def total(self):
        return sum((self.year_total(year) for year in self.years), Cell())


def summarise(*, years, keys, contributions=(), transfers=(), expenditures=()):
    """The summary of a budget from plain rows.

    contributions: (ministry id, year, pledged, committed)
    transfers: complete ones only, (from ministry id, to ministry id or COMMITTEE, year, amount)
    expenditures: (ministry id or COMMITTEE, year, amount)
    Rows for years outside `years` are ignored (they cannot be entered); rows for a key
    not in `keys` (a ministry that has left the partnership) get a row of their own.
    """
    keys = list(keys)
    cells = {}

    def at(year, key):
        if key not in keys:
            position = keys.index(COMMITTEE) if COMMITTEE in keys else len(keys)
            keys.insert(position, key)
        return cells.setdefault((year, key), Cell())

    wanted = set(years)
    for ministry, year, pledged, committed in contributions:
        if year in wanted:
            cell = at(year, ministry)
            cell.pledged += pledged
            cell.committed += committed
    for sender, receiver, year, amount in transfers:
        if year in wanted:
            at(year, sender).sent += amount
            at(year, receiver).received += amount
    for spender, year, amount in expenditures:
        if year in wanted:
            at(year, spender).spent += amount
    return Summary(years=list(years), keys=keys, cells=cells)


def percent(part, whole):
    if not whole:
        return ZERO
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


def share_tolerance():
    """How many percentage points above its gain or risk share a ministry's cost share may go unflagged."""
    return Decimal(str(settings.INTERLOCK_BUDGET_SHARE_TOLERANCE))


@dataclass
class ShareRow:
    participation: object
    contributed: Decimal
    cost_share: Decimal

    @property
    def fair_share(self):
        return max(self.participation.gain_share, self.participation.risk_share)

    @property
    def carries_more(self):
        return self.cost_share > self.fair_share + share_tolerance()


def share_rows(summary, participants):
    """Each participant's share of the contributions beside its gain and risk share.

    Contributions are counted as committed; while nothing is committed yet, as pledged.
    """
    total = summary.total
    basis = "committed" if total.committed else "pledged"
    whole = getattr(total, basis)
    rows = []
    for participation in participants:
        contributed = getattr(summary.key_total(participation.ministry_id), basis)
        rows.append(ShareRow(participation, contributed, percent(contributed, whole)))
    return basis, rows


def budget_summary(budget, participants):
    """The summary of a stored budget, from three aggregate queries."""
    keys = [p.ministry_id for p in participants]
    if budget.is_committee:
        keys.append(COMMITTEE)
    names = {p.ministry_id: p.ministry.name for p in participants}
    names[COMMITTEE] = _("Committee (joint funds)")

    contributions = []
    for row in Contribution.objects.filter(budget=budget).values(
        "ministry_id", "ministry__name", "fiscal_year", "pledged", "committed"
    ):
        names.setdefault(row["ministry_id"], row["ministry__name"])
        contributions.append((row["ministry_id"], row["fiscal_year"], row["pledged"], row["committed"]))

    transfers = []
    for row in (
        Transfer.objects.complete()
        .filter(budget=budget)
        .values("from_ministry_id", "from_ministry__name", "to_ministry_id", "to_ministry__name", "fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        names.setdefault(row["from_ministry_id"], row["from_ministry__name"])
        if row["to_ministry_id"] is not None:
            names.setdefault(row["to_ministry_id"], row["to_ministry__name"])
        transfers.append((row["from_ministry_id"], row["to_ministry_id"], row["fiscal_year"], row["total"]))

    expenditures = []
    for row in (
        Expenditure.objects.filter(budget=budget)
        .values("ministry_id", "ministry__name", "fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        if row["ministry_id"] is not None:
            names.setdefault(row["ministry_id"], row["ministry__name"])
        expenditures.append((row["ministry_id"], row["fiscal_year"], row["total"]))

    summary = summarise(
        years=budget.years, keys=keys, contributions=contributions, transfers=transfers, expenditures=expenditures
    )
    summary.names = names
    return summary


def open_transfer_totals(budget):
    """Money on its way: (planned, sent but not yet confirmed), in one query."""
    totals = (
        Transfer.objects.open()
        .filter(budget=budget)
        .aggregate(
            planned=Sum("amount", filter=Q(sent_at__isnull=True)),
            sent=Sum("amount", filter=Q(sent_at__isnull=False)),
        )
    )
    return totals["planned"] or ZERO, totals["sent"] or ZERO


def burn_rows(summary):
    """Per fiscal year: committed, spent, and the running totals and what is left."""
    rows = []
    committed_so_far = spent_so_far = ZERO
    for year in summary.years:
        cell = summary.year_total(year)
        committed_so_far += cell.committed
        spent_so_far += cell.spent
        rows.append(
            {
                "year": year,
                "committed": cell.committed,
                "spent": cell.spent,
                "committed_to_date": committed_so_far,
                "spent_to_date": spent_so_far,
                "remaining": committed_so_far - spent_so_far,
            }
        )
    return rows

"""The balance of power in a partnership (issue 22, item 2): who pays, who decides, who does the work.

For each participant, side by side and in % of the partnership's whole: the money committed and
spent (budgets), its share of the gains and of the risks (point 9), the weight of its vote
(meetings.weights_for, the point-11 rule), whether it leads and names a focal person, its share
of the action items and of the charter's initial assignments, and how many of the meetings it
attended. Flags name the imbalances the partners should talk over; thresholds are settings, in
percentage points.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.models import Contribution, Expenditure
from budgets.summary import percent
from charters.models import CharterAssignment, CharterVersion
from meetings.models import ActionItem, ConflictArrangement, Meeting, MeetingAttendance
from meetings.services import weights_for
from partnerships.models import Participation

PAYS_MORE = "pays_more"
DECIDES_MORE = "decides_more"
WORKS_WITHOUT_VOICE = "works_without_voice"
FLAG_LABELS = {
    PAYS_MORE: _("Pays much more than it decides"),
    DECIDES_MORE: _("Decides much more than it pays"),
    WORKS_WITHOUT_VOICE: _("Carries the work without a voice"),
}


def _points(name):
    return Decimal(str(getattr(settings, name)))


@dataclass
class PartyPower:
    participation: Participation
    committed: Decimal
    spent: Decimal
    decision: Decimal
    actions: Decimal
    assignments: Decimal
    work: Decimal  # action items and assignments together
    meetings_attended: int
    flags: list = field(default_factory=list)

    @property
    def flag_labels(self):
        return [FLAG_LABELS[flag] for flag in self.flags]


@dataclass
class Balance:
    partnership_id: int
    parties: list
    meetings: int
    money: bool  # anything committed at all
    work_items: int

    @property
    def flagged(self):
        return [party for party in self.parties if party.flags]

    def _shares(self, name):
        return [getattr(party, name) for party in self.parties]

    def chart(self):
        """The table's shares side by side per participant (static/js/charts.js): money, vote, work and
        roles (the charter's assignments), in %. The vote always; the others once there is any: a share
        of nothing (no money committed, no action item) is no figure."""
        series = [
            (_("Money committed"), "committed"),
            (_("Money spent"), "spent"),
            (_("Vote"), "decision"),
            (_("Action items"), "actions"),
            (_("Assignments"), "assignments"),
        ]
        series = [(label, name) for label, name in series if name == "decision" or any(self._shares(name))]
        return {
            "type": "bar",
            "horizontal": True,
            "percent": True,
            "decimals": 1,
            "max": 100,
            "axis": str(_("Share of the whole")),
            "labels": [party.participation.ministry.name for party in self.parties],
            "datasets": [{"label": str(label), "data": self._shares(name)} for label, name in series],
        }


def _flags(party, *, money, work_items):
    flags = []
    if money and party.committed - party.decision >= _points("INTERLOCK_POWER_PAYS_MORE_POINTS"):
        flags.append(PAYS_MORE)
    if money and party.decision - party.committed >= _points("INTERLOCK_POWER_DECIDES_MORE_POINTS"):
        flags.append(DECIDES_MORE)
    if work_items and party.work - party.decision >= _points("INTERLOCK_POWER_WORK_MORE_POINTS"):
        flags.append(WORKS_WITHOUT_VOICE)
    return flags


def _by_partnership(rows):
    """{partnership id: Counter({ministry id: number})} from (partnership id, ministry id, number) rows."""
    found = defaultdict(Counter)
    for partnership_id, ministry_id, number in rows:
        if ministry_id is not None:
            found[partnership_id][ministry_id] += number or 0
    return found


def power_balances(partnerships, *, today=None):
    """{partnership id: Balance} for every partnership of the queryset, in eight queries whatever their number."""
    today = today or timezone.localdate()
    ids = partnerships.values("pk")
    participants = defaultdict(list)
    for participation in (
        Participation.objects.filter(partnership__in=ids, kind=Participation.Kind.PARTICIPANT)
        .select_related("ministry")
        .order_by("partnership_id", "ministry__name")
    ):
        participants[participation.partnership_id].append(participation)
    arrangements = {a.partnership_id: a for a in ConflictArrangement.objects.filter(partnership__in=ids)}
    committed = _by_partnership(
        Contribution.objects.filter(budget__partnership__in=ids)
        .values_list("budget__partnership_id", "ministry_id")
        .annotate(total=Sum("committed"))
        .order_by()
    )
    spent = _by_partnership(
        Expenditure.objects.filter(budget__partnership__in=ids)
        .values_list("budget__partnership_id", "ministry_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    actions = _by_partnership(
        ActionItem.objects.filter(partnership__in=ids)
        .values_list("partnership_id", "owner_ministry_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # The initial assignments of each partnership's newest charter version: what the partners last agreed.
    newest = CharterVersion.objects.filter(partnership=OuterRef("version__partnership")).order_by("-number")
    assignments = _by_partnership(
        CharterAssignment.objects.filter(version__partnership__in=ids, version=Subquery(newest.values("pk")[:1]))
        .values_list("version__partnership_id", "ministry_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    held = Meeting.objects.filter(partnership__in=ids, date__lte=today)
    meetings = dict(held.values_list("partnership_id").annotate(n=Count("pk")).order_by())
    attended = _by_partnership(
        MeetingAttendance.objects.filter(meeting__in=held.values("pk"))
        .values_list("meeting__partnership_id", "ministry_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    balances = {}
    for partnership_id, parties in participants.items():
        arrangement = arrangements.get(partnership_id)
        weights = weights_for(parties, arrangement, committed[partnership_id]).by_ministry_id()
        money = sum(committed[partnership_id].values(), Decimal(0))
        paid = sum(spent[partnership_id].values(), Decimal(0))
        work = actions[partnership_id] + assignments[partnership_id]
        work_items = sum(work.values())
        rows = []
        for p in parties:
            row = PartyPower(
                participation=p,
                committed=percent(committed[partnership_id][p.ministry_id], money),
                spent=percent(spent[partnership_id][p.ministry_id], paid),
                decision=Decimal(weights[p.ministry_id]).quantize(Decimal("0.1")),
                actions=percent(actions[partnership_id][p.ministry_id], sum(actions[partnership_id].values())),
                assignments=percent(
                    assignments[partnership_id][p.ministry_id], sum(assignments[partnership_id].values())
                ),
                work=percent(work[p.ministry_id], work_items),
                meetings_attended=attended[partnership_id][p.ministry_id],
            )
            row.flags = _flags(row, money=bool(money), work_items=work_items)
            rows.append(row)
        balances[partnership_id] = Balance(
            partnership_id, rows, meetings.get(partnership_id, 0), bool(money), work_items
        )
    return balances


def power_balance(partnership, *, today=None):
    """The balance of one partnership, or None when it has no participant."""
    from_qs = type(partnership).objects.filter(pk=partnership.pk)
    return power_balances(from_qs, today=today).get(partnership.pk)


def portfolio_power_flags(partnerships, *, today=None):
    """(partnership, party) for every flagged party of the portfolio, partnership by title."""
    balances = power_balances(partnerships, today=today)
    titles = dict(partnerships.filter(pk__in=list(balances)).values_list("pk", "title"))
    flagged = [(titles[pk], pk, party) for pk, balance in balances.items() for party in balance.flagged]
    return sorted(flagged, key=lambda row: (row[0], row[2].participation.ministry.name))


def power_flags_chart(flags):
    """The portfolio's flagged parties (portfolio_power_flags) as bars: money committed, vote and work, in %."""
    if not flags:
        return None
    return {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        "decimals": 1,
        "max": 100,
        "axis": str(_("Share of the whole")),
        "labels": [f"{party.participation.ministry.name} ({title})" for title, _pk, party in flags],
        "datasets": [
            {"label": str(label), "data": [getattr(party, name) for _title, _pk, party in flags]}
            for label, name in (
                (_("Money committed"), "committed"),
                (_("Vote"), "decision"),
                (pgettext_lazy("share of the work", "Work"), "work"),
            )
        ],
    }

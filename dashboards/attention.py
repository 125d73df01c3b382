"""What needs an executive now: the exceptions in a portfolio, each with its reason and whose move it is.

Each finder takes a queryset of partnerships (already limited to what the person may see
and to the filters) and returns AttentionItems using a fixed number of queries.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import GateRequest
from assessments.permissions import approving_ministry_ids
from partnerships.models import CharterVersion, Participation

SHOWN_AT_FIRST = 25
CHARTER_STUCK_AFTER_DAYS = 7
GATE_WAITING_AFTER_DAYS = 2


@dataclass
class AttentionItem:
    kind: str
    partnership: object
    reason: str
    responsible: list  # ministries whose move it is
    url: str
    since: date | None = None

    @property
    def days(self):
        return (timezone.localdate() - self.since).days if self.since else None


def _participations_by_partnership(partnership_ids):
    grouped = {}
    for p in Participation.objects.filter(partnership_id__in=partnership_ids).select_related("ministry"):
        grouped.setdefault(p.partnership_id, []).append(p)
    return grouped


def charters_stuck(partnerships):
    cutoff = timezone.now() - timedelta(days=CHARTER_STUCK_AFTER_DAYS)
    versions = list(
        CharterVersion.objects.filter(
            partnership__in=partnerships, status=CharterVersion.Status.SIGNING, sent_for_signature_at__lte=cutoff
        )
        .select_related("partnership")
        .prefetch_related("signatures")
    )
    participations = _participations_by_partnership([v.partnership_id for v in versions])
    items = []
    for version in versions:
        signed = {s.ministry_id for s in version.signatures.all()}
        waiting = [p.ministry for p in participations.get(version.partnership_id, []) if p.ministry_id not in signed]
        items.append(
            AttentionItem(
                "charter",
                version.partnership,
                _("Charter version %(number)s waits for a signature") % {"number": version.number},
                waiting,
                reverse("partnerships:charter", args=[version.partnership_id]),
                timezone.localdate(version.sent_for_signature_at),
            )
        )
    return items


def gates_waiting(partnerships):
    cutoff = timezone.now() - timedelta(days=GATE_WAITING_AFTER_DAYS)
    requests = list(
        GateRequest.objects.filter(
            partnership__in=partnerships, status=GateRequest.Status.PENDING, requested_at__lte=cutoff
        )
        .select_related("partnership")
        .prefetch_related("partnership__participations__ministry")
    )
    items = []
    for request in requests:
        partnership = request.partnership
        approvers = approving_ministry_ids(partnership)
        items.append(
            AttentionItem(
                "gate",
                partnership,
                _("A gate decision is waiting (leaving %(phase)s)") % {"phase": request.get_from_phase_display()},
                [p.ministry for p in partnership.participants if p.ministry_id in approvers],
                reverse("assessments:gate", args=[partnership.pk]),
                timezone.localdate(request.requested_at),
            )
        )
    return items


def reviews_overdue(partnerships):
    today = timezone.localdate()
    overdue = list(partnerships.filter(next_review_due__lt=today, status="active"))
    participations = _participations_by_partnership([p.pk for p in overdue])
    return [
        AttentionItem(
            "review",
            partnership,
            _("The review due on %(date)s has not been held") % {"date": partnership.next_review_due},
            [p.ministry for p in participations.get(partnership.pk, []) if p.is_lead],
            reverse("assessments:reviews", args=[partnership.pk]),
            partnership.next_review_due,
        )
        for partnership in overdue
    ]


def _lead_ministries(participations, partnership_id):
    return [p.ministry for p in participations.get(partnership_id, []) if p.is_lead]


def budgets_in_trouble(partnerships):
    """Budgets spending beyond what the ministries committed, and partnerships at work with no money."""
    from budgets.models import Budget, Contribution, Expenditure

    committed = (
        Contribution.objects.filter(budget=OuterRef("pk"))
        .values("budget")
        .annotate(total=Sum("committed"))
        .values("total")
    )
    spent = (
        Expenditure.objects.filter(budget=OuterRef("pk")).values("budget").annotate(total=Sum("amount")).values("total")
    )
    budgets = {
        b.partnership_id: b
        for b in Budget.objects.filter(partnership__in=partnerships)
        .annotate(committed_total=Subquery(committed), spent_total=Subquery(spent))
        .select_related("partnership")
    }
    working = list(partnerships.filter(phase__in=["application", "assessment"], status="active"))
    participations = _participations_by_partnership(list(budgets) + [p.pk for p in working])
    items = []
    for budget in budgets.values():
        committed_total = budget.committed_total or 0
        if (budget.spent_total or 0) > committed_total:
            items.append(
                AttentionItem(
                    "budget",
                    budget.partnership,
                    _("Spending is beyond the money committed"),
                    _lead_ministries(participations, budget.partnership_id),
                    reverse("budgets:budget", args=[budget.partnership_id]),
                )
            )
    for partnership in working:
        budget = budgets.get(partnership.pk)
        if budget is None or not budget.committed_total:
            items.append(
                AttentionItem(
                    "budget",
                    partnership,
                    _("At work with no money committed"),
                    _lead_ministries(participations, partnership.pk),
                    reverse("budgets:budget", args=[partnership.pk]),
                )
            )
    return items


def milestones_overdue(partnerships):
    from partnerships.models import Milestone

    overdue = list(
        Milestone.objects.overdue(timezone.localdate())
        .filter(partnership__in=partnerships)
        .select_related("partnership", "owner_ministry")
        .order_by("due_date")
    )
    participations = _participations_by_partnership({m.partnership_id for m in overdue})
    return [
        AttentionItem(
            "milestone",
            milestone.partnership,
            _("Milestone overdue: %(title)s") % {"title": milestone.title},
            [milestone.owner_ministry]
            if milestone.owner_ministry
            else _lead_ministries(participations, milestone.partnership_id),
            reverse("partnerships:progress", args=[milestone.partnership_id]),
            milestone.due_date,
        )
        for milestone in overdue
    ]


def health_flagged(partnerships):
    """Partnerships whose newest team health check (with enough answers) shows a low score or a fall."""
    from assessments.models import HealthCheck

    newest = HealthCheck.objects.filter(partnership=OuterRef("pk"), average__isnull=False).order_by("-due_date")
    flagged = list(
        partnerships.annotate(
            health_flag=Subquery(newest.values("flag")[:1]), health_due=Subquery(newest.values("due_date")[:1])
        ).filter(health_flag__in=[HealthCheck.Flag.LOW, HealthCheck.Flag.FALLING])
    )
    participations = _participations_by_partnership([p.pk for p in flagged])
    reasons = {HealthCheck.Flag.LOW: _("Team health is low"), HealthCheck.Flag.FALLING: _("Team health is falling")}
    return [
        AttentionItem(
            "health",
            partnership,
            reasons[partnership.health_flag],
            _lead_ministries(participations, partnership.pk),
            reverse("assessments:health", args=[partnership.pk]),
            partnership.health_due,
        )
        for partnership in flagged
    ]


FINDERS = [charters_stuck, gates_waiting, reviews_overdue, milestones_overdue, budgets_in_trouble, health_flagged]


def attention_items(partnerships):
    """Every exception in the portfolio, the oldest first."""
    items = [item for finder in FINDERS for item in finder(partnerships)]
    return sorted(items, key=lambda item: (item.since or date.max, item.partnership.title))


KIND_LABELS = {
    "charter": gettext_lazy("charters waiting for a signature"),
    "gate": gettext_lazy("gates waiting for a decision"),
    "review": gettext_lazy("overdue reviews"),
    "milestone": gettext_lazy("overdue milestones"),
    "budget": gettext_lazy("budgets in trouble"),
    "health": gettext_lazy("teams in poor health"),
}


def count_by_kind(items):
    """(label, count) for each kind of exception present, most frequent first."""
    counts = Counter(item.kind for item in items)
    return [(KIND_LABELS[kind], n) for kind, n in counts.most_common()]

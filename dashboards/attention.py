"""What needs an executive now: the exceptions in a portfolio, each with its reason and whose move it is.

Each finder takes a queryset of partnerships (already limited to what the person may see
and to the filters) and returns AttentionItems using a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import GateRequest
from assessments.permissions import approving_ministry_ids
from partnerships.models import CharterVersion, Participation

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
        ).select_related("partnership")
    )
    participations = _participations_by_partnership([r.partnership_id for r in requests])
    items = []
    for request in requests:
        partnership = request.partnership
        # approving_ministry_ids reads participations through the prefetch cache we fill here.
        partnership._prefetched_objects_cache = {"participations": participations.get(partnership.pk, [])}
        approvers = approving_ministry_ids(partnership)
        items.append(
            AttentionItem(
                "gate",
                partnership,
                _("A gate decision is waiting (leaving %(phase)s)") % {"phase": request.get_from_phase_display()},
                [p.ministry for p in participations.get(partnership.pk, []) if p.ministry_id in approvers],
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
            reverse("partnerships:detail", args=[partnership.pk]),
            partnership.next_review_due,
        )
        for partnership in overdue
    ]


FINDERS = [charters_stuck, gates_waiting, reviews_overdue]


def attention_items(partnerships):
    """Every exception in the portfolio, the oldest first."""
    items = [item for finder in FINDERS for item in finder(partnerships)]
    return sorted(items, key=lambda item: (item.since or date.max, item.partnership.title))

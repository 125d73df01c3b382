"""What goes into an executive's weekly digest: each item is a small reminder (kind, context, link)."""

from django.urls import reverse
from django.utils import timezone

from ministries.models import Role
from ministries.permissions import ministry_ids
from notifications.models import Kind
from partnerships.models import Partnership

MAX_ITEMS = 30


def _item(kind, url, **context):
    return {"kind": kind, "url": url, "context": context}


def digest_items(executive, *, today=None):
    """Charters to sign, gates to decide, reviews overdue, health concerns and late milestones."""
    from assessments.models import GateRequest, HealthCheck
    from assessments.permissions import approving_ministry_ids
    from charters.services import charters_to_sign

    today = today or timezone.localdate()
    mine = ministry_ids(executive, Role.EXECUTIVE)
    if not mine:
        return []
    partnerships = list(
        Partnership.objects.filter(
            status=Partnership.Status.ACTIVE,
            pk__in=Partnership.objects.filter(participations__ministry_id__in=mine).values("pk"),
        )
        .prefetch_related("participations__ministry")
        .order_by("title")
    )
    items = []
    for version, ministries in charters_to_sign(executive):
        for ministry in ministries:
            items.append(
                _item(
                    Kind.CHARTER_SIGNATURE,
                    reverse("charters:charter", args=[version.partnership_id]),
                    partnership=version.partnership.title,
                    ministry=ministry.name,
                    version=version.number,
                    sent=timezone.localdate(version.sent_for_signature_at or timezone.now()).isoformat(),
                )
            )
    by_id = {p.pk: p for p in partnerships}
    for request in GateRequest.objects.filter(partnership__in=partnerships, status=GateRequest.Status.PENDING):
        partnership = by_id[request.partnership_id]
        if approving_ministry_ids(partnership) & mine:
            items.append(
                _item(
                    Kind.GATE_WAITING,
                    reverse("assessments:gate", args=[partnership.pk]),
                    partnership=partnership.title,
                    requested=timezone.localdate(request.requested_at).isoformat(),
                    phase=request.from_phase,
                )
            )
    for partnership in partnerships:
        if partnership.next_review_due and partnership.next_review_due < today:
            items.append(
                _item(
                    Kind.REVIEW_OVERDUE,
                    reverse("assessments:reviews", args=[partnership.pk]),
                    partnership=partnership.title,
                    due=partnership.next_review_due.isoformat(),
                )
            )
    latest = {}
    for check in HealthCheck.objects.with_results(today).filter(partnership__in=partnerships).order_by("due_date"):
        latest[check.partnership_id] = check
    for check in latest.values():
        if check.flag:
            partnership = by_id[check.partnership_id]
            items.append(
                _item(
                    Kind.HEALTH_FLAGGED,
                    reverse("assessments:health", args=[partnership.pk]),
                    partnership=partnership.title,
                    due=check.due_date.isoformat(),
                    flag=check.flag,
                    average=str(check.average),
                )
            )
    items.extend(_late_milestones(partnerships, mine, today))
    return items[:MAX_ITEMS]


def _late_milestones(partnerships, mine, today):
    from django.apps import apps

    try:
        Milestone = apps.get_model("partnerships", "Milestone")
    except LookupError:  # field work not built yet
        return []
    late = Milestone.objects.filter(
        partnership__in=partnerships, status="open", due_date__lt=today, owner_ministry_id__in=mine
    ).select_related("partnership")
    return [
        _item(
            Kind.MILESTONE_OVERDUE,
            reverse("results:progress", args=[m.partnership_id]),
            partnership=m.partnership.title,
            title=m.title,
            due=m.due_date.isoformat(),
        )
        for m in late[:10]
    ]

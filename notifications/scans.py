"""The periodic scans: what is due, overdue or waiting, and who should hear about it.

Every scan selects by a date range ("due on or before", "waiting since on or before"), never by
"due today", so a day the scan did not run is caught up the next time it runs. Each reminder's
due date is part of its identity (see `services.remind`), so running a scan twice sends nothing
new. Scans return the number of reminders they created.

Scans of models other engineers are still building (milestones, action items, field reports)
look the model up by name and skip quietly when it is not there.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ministries.models import Role
from partnerships.models import CharterVersion, Partnership

from .models import Kind
from .services import remind


def _setting(name, default):
    return getattr(settings, name, default)


def escalate_after_days():
    return _setting("INTERLOCK_ESCALATE_AFTER_DAYS", 7)


def people(ministry_ids, *roles, signatories=False):
    """Active people holding one of `roles` in these ministries (or, with signatories, who sign for them)."""
    if not ministry_ids:
        return []
    condition = Q(memberships__ministry_id__in=ministry_ids)
    if signatories:
        condition &= Q(memberships__role=Role.EXECUTIVE) | Q(memberships__can_sign=True)
    else:
        condition &= Q(memberships__role__in=roles)
    return list(get_user_model().objects.filter(condition, is_active=True).distinct())


def _active_partnerships():
    return Partnership.objects.filter(status=Partnership.Status.ACTIVE).prefetch_related("participations__ministry")


def _lead_id(partnership):
    lead = partnership.lead
    return lead.ministry_id if lead else None


def _nudge_date(start, *, first_after, every, today):
    """The latest reminder date on the schedule start+first_after, then every `every` days, or None yet."""
    waited = (today - start).days
    if waited < first_after:
        return None
    return start + timedelta(days=first_after + (waited - first_after) // every * every)


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


@transaction.atomic
def scan_reviews(*, today=None):
    """Reviews due within the notice period (coordinators), overdue (coordinators), long overdue (executives)."""
    today = today or timezone.localdate()
    notice = _setting("INTERLOCK_REVIEW_NOTICE_DAYS", 14)
    escalate = escalate_after_days()
    created = 0
    for partnership in _active_partnerships().filter(next_review_due__lte=today + timedelta(days=notice)):
        due = partnership.next_review_due
        context = {"partnership": partnership.title, "due": due.isoformat()}
        common = {"subject": partnership, "due_date": due, "partnership": partnership, "context": context}
        url = reverse("assessments:reviews", args=[partnership.pk])
        coordinators = people(partnership.ministry_ids, Role.COORDINATOR)
        kind = Kind.REVIEW_DUE if due >= today else Kind.REVIEW_OVERDUE
        created += len(remind(kind=kind, recipients=coordinators, url=url, **common))
        lead_id = _lead_id(partnership)
        if due <= today - timedelta(days=escalate) and lead_id:
            lead = partnership.lead.ministry
            common["context"] = {**context, "days": (today - due).days, "ministry": lead.name}
            executives = people({lead_id}, Role.EXECUTIVE)
            created += len(remind(kind=Kind.REVIEW_ESCALATED, recipients=executives, url=url, **common))
    return created


@transaction.atomic
def scan_health_checks(*, today=None):
    """Open the checks due on the cadence, remind who has not answered, and report concerns once closed."""
    from assessments.health_permissions import TEAM_ROLES
    from assessments.health_services import health_checks_open_due, partnerships_schedule_fill
    from assessments.models import HealthCheck, HealthCheckParticipant

    today = today or timezone.localdate()
    partnerships_schedule_fill(today=today)
    health_checks_open_due(today=today)
    created = 0
    open_checks = HealthCheck.objects.open_on(today).filter(partnership__status=Partnership.Status.ACTIVE)
    for check in open_checks.select_related("partnership").prefetch_related("partnership__participations"):
        partnership = check.partnership
        answered = set(HealthCheckParticipant.objects.filter(health_check=check).values_list("user_id", flat=True))
        team = [u for u in people(partnership.ministry_ids, *TEAM_ROLES) if u.pk not in answered]
        created += len(
            remind(
                subject=check,
                kind=Kind.HEALTH_CHECK_OPEN,
                due_date=check.due_date,
                recipients=team,
                partnership=partnership,
                context={"partnership": partnership.title, "closes": check.closes_on.isoformat()},
                url=reverse("assessments:health_answer", args=[partnership.pk, check.pk]),
            )
        )
    # Concerns are reported when answering has closed, so the results are final; the range catches up.
    closed = HealthCheck.objects.filter(
        closes_on__lt=today, closes_on__gte=today - timedelta(days=30), partnership__status=Partnership.Status.ACTIVE
    ).exclude(flag="")
    for check in closed.select_related("partnership").prefetch_related("partnership__participations"):
        partnership = check.partnership
        created += len(
            remind(
                subject=check,
                kind=Kind.HEALTH_FLAGGED,
                due_date=check.due_date,
                recipients=people(partnership.ministry_ids, Role.COORDINATOR, Role.EXECUTIVE),
                partnership=partnership,
                context={
                    "partnership": partnership.title,
                    "due": check.due_date.isoformat(),
                    "flag": check.flag,
                    "average": str(check.average),
                },
                url=reverse("assessments:health", args=[partnership.pk]),
            )
        )
    return created


@transaction.atomic
def scan_charter_signatures(*, today=None):
    """Charter versions waiting for a ministry's signature for N days or more: every N days, its signatories."""
    from partnerships.services import charter_waiting_on

    today = today or timezone.localdate()
    every = _setting("INTERLOCK_CHARTER_SIGNATURE_DAYS", 7)
    since = timezone.now() - timedelta(days=every)
    waiting = (
        CharterVersion.objects.filter(status=CharterVersion.Status.SIGNING, sent_for_signature_at__lte=since)
        .filter(partnership__status=Partnership.Status.ACTIVE)
        .select_related("partnership")
        .prefetch_related("signatures", "partnership__participations__ministry")
    )
    created = 0
    for version in waiting:
        sent = timezone.localdate(version.sent_for_signature_at)
        due = _nudge_date(sent, first_after=every, every=every, today=today)
        if due is None:
            continue
        for ministry in charter_waiting_on(version):
            created += len(
                remind(
                    subject=version,
                    kind=Kind.CHARTER_SIGNATURE,
                    due_date=due,
                    recipients=people({ministry.pk}, signatories=True),
                    partnership=version.partnership,
                    context={
                        "partnership": version.partnership.title,
                        "ministry": ministry.name,
                        "version": version.number,
                        "sent": sent.isoformat(),
                    },
                    url=reverse("partnerships:charter", args=[version.partnership_id]),
                )
            )
    return created


@transaction.atomic
def scan_gates(*, today=None):
    """Gate requests waiting for a decision for more than two days: the approving level, then weekly."""
    from assessments.models import GateRequest
    from assessments.permissions import approving_ministry_ids

    today = today or timezone.localdate()
    first_after = _setting("INTERLOCK_GATE_WAITING_DAYS", 2)
    since = timezone.now() - timedelta(days=first_after)
    waiting = (
        GateRequest.objects.filter(status=GateRequest.Status.PENDING, requested_at__lte=since)
        .filter(partnership__status=Partnership.Status.ACTIVE)
        .select_related("partnership")
        .prefetch_related("partnership__participations")
    )
    created = 0
    for request in waiting:
        requested = timezone.localdate(request.requested_at)
        due = _nudge_date(requested, first_after=first_after, every=7, today=today)
        if due is None:
            continue
        partnership = request.partnership
        created += len(
            remind(
                subject=request,
                kind=Kind.GATE_WAITING,
                due_date=due,
                recipients=people(approving_ministry_ids(partnership), Role.EXECUTIVE),
                partnership=partnership,
                context={
                    "partnership": partnership.title,
                    "requested": requested.isoformat(),
                    "phase": request.from_phase,
                },
                url=reverse("assessments:gate", args=[partnership.pk]),
            )
        )
    return created


def _scan_dated_items(queryset, *, kinds, url_name, today):
    """Milestones and action items: due soon and overdue to the owner, long overdue to executives."""
    notice = _setting("INTERLOCK_ITEM_NOTICE_DAYS", 7)
    escalate = escalate_after_days()
    due_kind, overdue_kind, escalated_kind = kinds
    items = (
        queryset.filter(status="open", due_date__isnull=False, due_date__lte=today + timedelta(days=notice))
        .filter(partnership__status=Partnership.Status.ACTIVE)
        .select_related("partnership", "owner", "owner_ministry")
        .prefetch_related("partnership__participations__ministry")
    )
    created = 0
    for item in items:
        partnership = item.partnership
        responsible = item.owner_ministry or (partnership.lead.ministry if partnership.lead else None)
        if item.owner_id and item.owner.is_active:
            owners = [item.owner]
        else:
            owners = people({responsible.pk} if responsible else set(), Role.COORDINATOR)
        context = {"partnership": partnership.title, "title": item.title, "due": item.due_date.isoformat()}
        common = {"subject": item, "due_date": item.due_date, "partnership": partnership}
        url = reverse(url_name, args=[partnership.pk])
        kind = due_kind if item.due_date >= today else overdue_kind
        created += len(remind(kind=kind, recipients=owners, context=context, url=url, **common))
        if item.due_date <= today - timedelta(days=escalate) and responsible:
            context = {**context, "days": (today - item.due_date).days, "ministry": responsible.name}
            executives = people({responsible.pk}, Role.EXECUTIVE)
            created += len(remind(kind=escalated_kind, recipients=executives, context=context, url=url, **common))
    return created


@transaction.atomic
def scan_milestones(*, today=None):
    Milestone = _model("partnerships", "Milestone")
    if Milestone is None:  # field work not built yet
        return 0
    kinds = (Kind.MILESTONE_DUE, Kind.MILESTONE_OVERDUE, Kind.MILESTONE_ESCALATED)
    return _scan_dated_items(
        Milestone.objects.all(), kinds=kinds, url_name="partnerships:progress", today=today or timezone.localdate()
    )


@transaction.atomic
def scan_action_items(*, today=None):
    ActionItem = _model("partnerships", "ActionItem")
    if ActionItem is None:  # meetings not built yet
        return 0
    kinds = (Kind.ACTION_ITEM_DUE, Kind.ACTION_ITEM_OVERDUE, Kind.ACTION_ITEM_ESCALATED)
    return _scan_dated_items(
        ActionItem.objects.all(), kinds=kinds, url_name="partnerships:meetings", today=today or timezone.localdate()
    )


@transaction.atomic
def scan_field_reports(*, today=None):
    """Measurements due by each indicator's reporting schedule, to the field staff who report them."""
    try:
        from partnerships.results import measurements_due_for
    except ImportError:  # results not built yet
        return 0
    today = today or timezone.localdate()
    reporting = Partnership.objects.filter(status=Partnership.Status.ACTIVE, indicators__isnull=False)
    ministry_ids = set(reporting.values_list("participations__ministry_id", flat=True))
    created = 0
    for user in people(ministry_ids, Role.FIELD_STAFF):
        for due in measurements_due_for(user, today=today, limit=50):
            indicator = due["indicator"]
            created += len(
                remind(
                    subject=indicator,
                    kind=Kind.FIELD_REPORT_DUE,
                    due_date=due["end"],
                    recipients=[user],
                    partnership=indicator.partnership,
                    context={
                        "partnership": indicator.partnership.title,
                        "indicator": str(indicator),
                        "start": due["start"].isoformat(),
                        "end": due["end"].isoformat(),
                    },
                    url=reverse("partnerships:results", args=[indicator.partnership_id]),
                )
            )
    return created


RENEWAL_NOTICES = (90, 60, 30)


@transaction.atomic
def scan_renewals(*, today=None):
    """90, 60 and 30 days before a partnership ends, its lead's coordinators and executives hear of it.

    Only the latest notice passed is sent: a scan that starts 20 days before the end sends the
    30-day notice, not all three at once.
    """
    today = today or timezone.localdate()
    ending = _active_partnerships().filter(
        end_date__gt=today, end_date__lte=today + timedelta(days=max(RENEWAL_NOTICES))
    )
    created = 0
    for partnership in ending:
        lead_id = _lead_id(partnership)
        if lead_id is None:
            continue
        notice = min(days for days in RENEWAL_NOTICES if partnership.end_date - timedelta(days=days) <= today)
        created += len(
            remind(
                subject=partnership,
                kind=Kind.RENEWAL,
                due_date=partnership.end_date - timedelta(days=notice),
                recipients=people({lead_id}, Role.COORDINATOR, Role.EXECUTIVE),
                partnership=partnership,
                context={
                    "partnership": partnership.title,
                    "end": partnership.end_date.isoformat(),
                    "days": (partnership.end_date - today).days,
                },
                url=reverse("assessments:reviews", args=[partnership.pk]),
            )
        )
    return created


@transaction.atomic
def scan_weekly_digest(*, today=None):
    """Once a week (the week's Monday is the due date), each executive's list of what needs them.

    The scan may run any day: a Monday missed is caught up on the Tuesday. Executives with
    nothing to attend to get no digest.
    """
    from .digest import digest_items

    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    created = 0
    for executive in people(_all_ministry_ids(), Role.EXECUTIVE):
        items = digest_items(executive, today=today)
        if not items:
            continue
        created += len(
            remind(
                subject=executive,
                kind=Kind.DIGEST,
                due_date=monday,
                recipients=[executive],
                context={"count": len(items), "items": items},
                url=reverse("accounts:home"),
            )
        )
    return created


def _all_ministry_ids():
    from ministries.models import Ministry

    return set(Ministry.objects.values_list("pk", flat=True))


SCANS = {
    "reviews": scan_reviews,
    "health_checks": scan_health_checks,
    "charter_signatures": scan_charter_signatures,
    "gates": scan_gates,
    "milestones": scan_milestones,
    "action_items": scan_action_items,
    "field_reports": scan_field_reports,
    "renewals": scan_renewals,
    "weekly_digest": scan_weekly_digest,
}

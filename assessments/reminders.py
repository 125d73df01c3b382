"""Reminders about reviews, health checks, gate decisions and renewals, and the scans that find them."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.health_permissions import TEAM_ROLES
from assessments.health_services import health_checks_open_due, partnerships_schedule_fill
from assessments.models import GateRequest, HealthCheck, HealthCheckParticipant
from assessments.permissions import approving_ministry_ids
from ministries.models import Role
from ministries.permissions import people_holding
from notifications import messages
from notifications.models import Kind
from notifications.scheduling import nudge_date
from notifications.services import remind
from partnerships.models import Partnership, Phase

TEXTS = {
    Kind.REVIEW_DUE: (
        _("Review of %(partnership)s due on %(due)s"),
        _("The review of %(partnership)s is due on %(due)s. Hold it with the partners and record it in Interlock."),
    ),
    Kind.REVIEW_OVERDUE: (
        _("Review of %(partnership)s is overdue"),
        _("The review of %(partnership)s was due on %(due)s and has not been recorded yet."),
    ),
    Kind.REVIEW_ESCALATED: (
        _("Escalated: the review of %(partnership)s is %(days)s days late"),
        _(
            "The review of %(partnership)s was due on %(due)s and is still not recorded. "
            "As an executive of %(ministry)s, the lead ministry, please see that it is held."
        ),
    ),
    Kind.HEALTH_CHECK_OPEN: (
        _("How is %(partnership)s going? Answer the team health check"),
        _(
            "The team health check of %(partnership)s is open until %(closes)s. It takes five minutes, "
            "and your answers are anonymous: results are only shown when at least three people answered."
        ),
    ),
    Kind.HEALTH_FLAGGED: (
        _("Health check of %(partnership)s: %(flag)s"),
        _(
            "The team health check of %(partnership)s (due %(due)s) shows a concern: %(flag)s. "
            "The average rating is %(average)s out of 5. Talk it over with the partners."
        ),
    ),
    Kind.GATE_WAITING: (
        _("A gate decision is waiting: %(partnership)s"),
        _("Since %(requested)s, %(partnership)s has been waiting for a decision to leave the phase %(phase)s."),
    ),
    Kind.RENEWAL: (
        _("%(partnership)s ends on %(end)s: decide on renewal"),
        _(
            "%(partnership)s ends on %(end)s, in %(days)s days. Evaluate it and take it through the "
            "assessment-and-renewal gate to renew it for a new cycle or close it."
        ),
    ),
    Kind.EVALUATOR_ASSIGNED: (
        _("You are asked to evaluate %(partnership)s"),
        _("You are now the evaluator of %(partnership)s. Its health results and reviews are open to you in Interlock."),
    ),
}

messages.register(TEXTS)

messages.register_labels(
    flag=lambda code: str(HealthCheck.Flag(code).label).lower(),
    phase=lambda code: Phase(code).label,
)

RENEWAL_NOTICES = (90, 60, 30)
# After the first reminder, a gate still waiting is brought up again once a week.
GATE_NUDGE_EVERY = 7


def scan_reviews(*, today=None):
    """Reviews due within the notice period (coordinators), overdue (coordinators), long overdue (executives)."""
    today = today or timezone.localdate()
    created = 0
    for partnership in Partnership.objects.review_due_soon(today).prefetch_related("participations__ministry"):
        due = partnership.next_review_due
        context = {"partnership": partnership.title, "due": due.isoformat()}
        common = {"subject": partnership, "due_date": due, "partnership": partnership, "context": context}
        url = reverse("assessments:reviews", args=[partnership.pk])
        coordinators = people_holding(partnership.ministry_ids, Role.COORDINATOR)
        kind = Kind.REVIEW_OVERDUE if partnership.review_is_overdue(today) else Kind.REVIEW_DUE
        created += len(remind(kind=kind, recipients=coordinators, url=url, **common))
        lead_id = partnership.lead.ministry_id if partnership.lead else None
        if partnership.review_is_escalated(today) and lead_id:
            lead = partnership.lead.ministry
            common["context"] = {**context, "days": (today - due).days, "ministry": lead.name}
            executives = people_holding({lead_id}, Role.EXECUTIVE)
            created += len(remind(kind=Kind.REVIEW_ESCALATED, recipients=executives, url=url, **common))
    return created


def scan_health_checks(*, today=None):
    """Open the checks due on the cadence, remind who has not answered, and report concerns once closed."""
    today = today or timezone.localdate()
    partnerships_schedule_fill(today=today)
    health_checks_open_due(today=today)
    created = 0
    open_checks = HealthCheck.objects.to_answer(today)
    for check in open_checks.select_related("partnership").prefetch_related("partnership__participations"):
        partnership = check.partnership
        answered = set(HealthCheckParticipant.objects.filter(health_check=check).values_list("user_id", flat=True))
        team = [u for u in people_holding(partnership.ministry_ids, *TEAM_ROLES) if u.pk not in answered]
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
    # Concerns are reported once answering has closed, so the results are final: the same checks the
    # attention list shows (each partnership's newest closed check, if flagged). Once per check.
    flagged = HealthCheck.objects.flagged(today)
    for check in flagged.select_related("partnership").prefetch_related("partnership__participations"):
        partnership = check.partnership
        created += len(
            remind(
                subject=check,
                kind=Kind.HEALTH_FLAGGED,
                due_date=check.due_date,
                recipients=people_holding(partnership.ministry_ids, Role.COORDINATOR, Role.EXECUTIVE),
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


def scan_gates(*, today=None):
    """Gate requests waiting for a decision (INTERLOCK_GATE_WAITING_DAYS): the approving level, then weekly."""
    today = today or timezone.localdate()
    waiting = (
        GateRequest.objects.waiting(today).select_related("partnership").prefetch_related("partnership__participations")
    )
    created = 0
    for request in waiting:
        requested = request.requested_on
        due = nudge_date(
            requested, first_after=settings.INTERLOCK_GATE_WAITING_DAYS, every=GATE_NUDGE_EVERY, today=today
        )
        partnership = request.partnership
        created += len(
            remind(
                subject=request,
                kind=Kind.GATE_WAITING,
                due_date=due,
                recipients=people_holding(approving_ministry_ids(partnership), Role.EXECUTIVE),
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


def scan_renewals(*, today=None):
    """90, 60 and 30 days before a partnership ends, its lead's coordinators and executives hear of it.

    Only the latest notice passed is sent: a scan that starts 20 days before the end sends the
    30-day notice, not all three at once.
    """
    today = today or timezone.localdate()
    ending = (
        Partnership.objects.active()
        .prefetch_related("participations__ministry")
        .filter(end_date__gt=today, end_date__lte=today + timedelta(days=max(RENEWAL_NOTICES)))
    )
    created = 0
    for partnership in ending:
        lead_id = partnership.lead.ministry_id if partnership.lead else None
        if lead_id is None:
            continue
        notice = min(days for days in RENEWAL_NOTICES if partnership.end_date - timedelta(days=days) <= today)
        created += len(
            remind(
                subject=partnership,
                kind=Kind.RENEWAL,
                due_date=partnership.end_date - timedelta(days=notice),
                recipients=people_holding({lead_id}, Role.COORDINATOR, Role.EXECUTIVE),
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

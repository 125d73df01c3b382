"""Reminders about reviews, health checks, gate decisions and renewals, and the scans that find them."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from assessments.health_permissions import TEAM_ROLES
from assessments.health_services import health_checks_open_due, partnerships_schedule_fill
from assessments.models import GateRequest, HealthCheck, HealthCheckParticipant
from assessments.permissions import approving_participations
from ministries.models import Role
from notifications import claims, messages, services
from notifications.models import Kind
from partnerships.models import Participation, Partnership, Phase

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
        ngettext_lazy(
            "Escalated: the review of %(partnership)s is %(days)s day late",
            "Escalated: the review of %(partnership)s is %(days)s days late",
            "days",
        ),
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
        ngettext_lazy(
            "%(partnership)s ends on %(end)s, in %(days)s day. Evaluate it and take it through the "
            "assessment-and-renewal gate to renew it for a new cycle or close it.",
            "%(partnership)s ends on %(end)s, in %(days)s days. Evaluate it and take it through the "
            "assessment-and-renewal gate to renew it for a new cycle or close it.",
            "days",
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
# From a partnership to the memberships of its ministries' people, and only its lead's.
TEAM_PATH = "participations__ministry__memberships__"
LEAD_ONLY = Q(participations__role=Participation.Role.LEAD)
# After the first reminder, a gate still waiting is brought up again once a week.
GATE_NUDGE_EVERY = 7


def scan_reviews(*, today=None):
    """Reviews due within the notice period (coordinators), overdue (coordinators), long overdue (executives)."""
    today = today or timezone.localdate()
    url = claims.link("assessments:reviews", F("pk"))
    context = {"partnership": F("title"), "due": F("next_review_due")}
    due, coordinator = claims.told(Partnership.objects.review_due_soon(today), TEAM_PATH, Role.COORDINATOR)
    # Among reviews due soon (active ones), the late ones are overdue.
    is_late = Partnership.objects.review_late(today)
    kind = Case(When(is_late, then=Value(Kind.REVIEW_OVERDUE)), default=Value(Kind.REVIEW_DUE))
    escalated, executive = claims.told(
        Partnership.objects.review_escalated(today), TEAM_PATH, Role.EXECUTIVE, where=LEAD_ONLY
    )
    late = claims.days_between(today, F("next_review_due"))
    return len(
        services.reminders_claim(
            rows=claims.rows(
                due,
                kind=kind,
                due_date=F("next_review_due"),
                recipient=coordinator,
                partnership="pk",
                context=claims.context(**context),
                url=url,
            )
        )
        + services.reminders_claim(
            rows=claims.rows(
                escalated,
                kind=Kind.REVIEW_ESCALATED,
                due_date=F("next_review_due"),
                recipient=executive,
                partnership="pk",
                context=claims.context(**context, days=late, ministry=F("participations__ministry__name")),
                url=url,
            )
        )
    )


def scan_health_checks(*, today=None):
    """Open the checks due on the cadence, remind who has not answered, and report concerns once closed."""
    today = today or timezone.localdate()
    partnerships_schedule_fill(today=today)
    health_checks_open_due(today=today)
    path = f"partnership__{TEAM_PATH}"
    answered = HealthCheckParticipant.objects.filter(health_check=OuterRef("pk"), user=OuterRef(f"{path}user_id"))
    team, member = claims.told(HealthCheck.objects.to_answer(today), path, *TEAM_ROLES, where=~Exists(answered))
    to_answer = services.reminders_claim(
        rows=claims.rows(
            team,
            kind=Kind.HEALTH_CHECK_OPEN,
            due_date=F("due_date"),
            recipient=member,
            context=claims.context(partnership=F("partnership__title"), closes=F("closes_on")),
            url=claims.link("assessments:health_answer", F("partnership_id"), F("pk")),
        )
    )
    # Concerns are reported once answering has closed, so the results are final: the same checks the
    # attention list shows (each partnership's newest closed check, if flagged). Once per check.
    flagged, reader = claims.told(HealthCheck.objects.flagged(today), path, Role.COORDINATOR, Role.EXECUTIVE)
    concerns = services.reminders_claim(
        rows=claims.rows(
            flagged,
            kind=Kind.HEALTH_FLAGGED,
            due_date=F("due_date"),
            recipient=reader,
            context=claims.context(
                partnership=F("partnership__title"),
                due=F("due_date"),
                flag=F("flag"),
                average=claims.DecimalText("average"),
            ),
            url=claims.link("assessments:health", F("partnership_id")),
        )
    )
    return len(to_answer) + len(concerns)


def scan_gates(*, today=None):
    """Gate requests waiting for a decision (INTERLOCK_GATE_WAITING_DAYS): the approving level, then weekly."""
    today = today or timezone.localdate()
    path = f"partnership__{TEAM_PATH}"
    waiting, executive = claims.told(
        GateRequest.objects.waiting(today), path, Role.EXECUTIVE, where=approving_participations("partnership__")
    )
    requested = claims.local_date("requested_at")
    due = claims.nudge_date(
        requested, first_after=settings.INTERLOCK_GATE_WAITING_DAYS, every=GATE_NUDGE_EVERY, today=today
    )
    created = services.reminders_claim(
        rows=claims.rows(
            waiting,
            kind=Kind.GATE_WAITING,
            due_date=due,
            recipient=executive,
            context=claims.context(partnership=F("partnership__title"), requested=requested, phase=F("from_phase")),
            url=claims.link("assessments:gate", F("partnership_id")),
        )
    )
    return len(created)


def scan_renewals(*, today=None):
    """90, 60 and 30 days before a partnership ends, its lead's coordinators and executives hear of it.

    Only the latest notice passed is sent: a scan that starts 20 days before the end sends the
    30-day notice, not all three at once.
    """
    today = today or timezone.localdate()
    ending = Partnership.objects.active().filter(
        end_date__gt=today, end_date__lte=today + timedelta(days=max(RENEWAL_NOTICES))
    )
    ending, person = claims.told(ending, TEAM_PATH, Role.COORDINATOR, Role.EXECUTIVE, where=LEAD_ONLY)
    # The smallest notice whose day has come: its day is the reminder's due date.
    notices = sorted(RENEWAL_NOTICES)
    notice = Case(
        *[When(end_date__lte=today + timedelta(days=days), then=Value(days)) for days in notices[:-1]],
        default=Value(notices[-1]),
    )
    created = services.reminders_claim(
        rows=claims.rows(
            ending,
            kind=Kind.RENEWAL,
            due_date=claims.add_days(F("end_date"), -notice),
            recipient=person,
            partnership="pk",
            context=claims.context(
                partnership=F("title"), end=F("end_date"), days=claims.days_between(F("end_date"), today)
            ),
            url=claims.link("assessments:reviews", F("pk")),
        )
    )
    return len(created)

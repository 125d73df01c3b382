"""Demo team health checks, expectations, a review, an outside evaluator and a few inbox entries.

Run by seed_demo after the other apps' demo data (dashboards is the last app). Safe to run twice: it does nothing for a
partnership that already has health checks. Returns the number of records created.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from assessments.health_services import health_check_summarise
from assessments.models import (
    EvaluatorAssignment,
    Expectation,
    ExpectationRating,
    HealthCheck,
    HealthCheckParticipant,
    HealthCheckResponse,
    Review,
)
from ministries.models import Ministry
from notifications import messages
from notifications.models import Kind, Notification
from partnerships.models import Partnership

CHILDREN = "Integrated services for children in Northern Ontario"

# (days before today it was due, ratings per response (trust, communication, shared goals, progress, resources))
PAST_CHECKS = [
    (270, [(4, 4, 5, 3, 3), (4, 3, 4, 3, 2), (5, 4, 5, 4, 3), (4, 4, 4, 3, 3), (3, 4, 4, 3, 2)]),
    (180, [(4, 4, 4, 4, 3), (4, 4, 5, 3, 3), (5, 5, 4, 4, 3), (4, 3, 4, 4, 2), (4, 4, 4, 3, 3)]),
    (90, [(3, 2, 4, 3, 2), (3, 3, 4, 2, 2), (4, 3, 4, 3, 2), (3, 2, 3, 3, 1), (3, 3, 4, 3, 2)]),
]
TEXTS = [
    ("The nurses and the intake staff now know each other by name.", "Referrals still wait a week.", "", ""),
    ("One form instead of three in Thunder Bay.", "We hear about decisions late.", "Workload in intake.", ""),
    (
        "",
        "The data sharing agreement is still not signed.",
        "Unclear who answers the families' calls.",
        "Meet more often.",
    ),
    ("The school liaison is a real help.", "", "Budget for the second year.", "Share minutes within a week."),
    (
        "Shared goals are clear.",
        "Communication between the ministries' offices.",
        "",
        "A monthly call for field staff.",
    ),
]
# Who answered: three from MCSS (shown by ministry) and two from the Ministry of Health (hidden: too few).
RESPONDENTS = [
    ("coordinator", "MCSS"),
    ("executive", "MCSS"),
    ("field", "MCSS"),
    ("health.coordinator", "MOHLTC"),
    ("health.executive", "MOHLTC"),
]
EXPECTATIONS = [
    ("MCSS", "give", "Two intake workers in each northern office, half their time."),
    ("MCSS", "get", "Referrals from public health nurses within two days of a home visit."),
    ("MOHLTC", "give", "Public health nurses attend the joint intake in four offices."),
    ("MOHLTC", "get", "Caseload figures every month from the intake offices."),
]


@transaction.atomic
def seed_demo(stdout):

    User = get_user_model()
    partnership = Partnership.objects.filter(title=CHILDREN).first()
    if partnership is None or HealthCheck.objects.filter(partnership=partnership).exists():
        return 0
    today = timezone.localdate()
    users = {
        u.username: u for u in User.objects.filter(username__in=[name for name, _m in RESPONDENTS] + ["evaluator"])
    }
    ministries = {m.short_name: m for m in Ministry.objects.filter(short_name__in=["MCSS", "MOHLTC"])}
    if len(users) < len(RESPONDENTS) or len(ministries) < 2:
        return 0
    created = 0
    for days_ago, ratings in PAST_CHECKS:
        due = today - timedelta(days=days_ago)
        check = HealthCheck.objects.create(
            partnership=partnership, cycle=partnership.cycle, due_date=due, opens_on=due, closes_on=due + timedelta(14)
        )
        for (username, short), values, texts in zip(RESPONDENTS, ratings, TEXTS, strict=True):
            HealthCheckParticipant.objects.create(health_check=check, user=users[username], answered_on=due)
            trust, communication, shared_goals, progress, resources = values
            going_well, not_going_well, bothering_us, adjust = texts
            HealthCheckResponse.objects.create(
                health_check=check,
                ministry=ministries[short],
                trust=trust,
                communication=communication,
                shared_goals=shared_goals,
                progress=progress,
                resources=resources,
                going_well=going_well,
                not_going_well=not_going_well,
                bothering_us=bothering_us,
                adjust=adjust,
            )
            created += 2
        health_check_summarise(check)
        created += 1
    # One open now, answered by nobody yet: the demo coordinator sees "Answer the health check".
    HealthCheck.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        due_date=today - timedelta(days=2),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=12),
    )
    created += 1
    expectations = []
    for short, direction, text in EXPECTATIONS:
        expectations.append(
            Expectation.objects.create(
                partnership=partnership, ministry=ministries[short], direction=direction, text=text, created_by=None
            )
        )
        created += 1
    review = Review.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        held_on=today - timedelta(days=80),
        due_date=today - timedelta(days=80),
        participants="Lead committee: MCSS, MOHLTC, EDU directors.",
        findings="Joint intake runs in two of four offices. Referrals are faster where nurses sit with intake staff; "
        "the data sharing agreement holds back the other two offices.",
        rating="amber",
        recommendation="adjust",
        recorded_by=users["coordinator"],
    )
    for expectation, rating in zip(expectations, ["met", "partly", "met", "not_met"], strict=True):
        ExpectationRating.objects.create(expectation=expectation, review=review, rating=rating)
    created += 1 + len(expectations)
    EvaluatorAssignment.objects.create(
        partnership=partnership, evaluator=users["evaluator"], assigned_by=users["coordinator"]
    )
    created += 1
    Partnership.objects.filter(pk=partnership.pk).update(
        next_review_due=today + timedelta(days=10), next_health_check_due=today + timedelta(days=88)
    )
    created += _inbox(partnership, users["coordinator"], today)
    stdout.write(f"Notifications demo: health checks, a review and an inbox for {CHILDREN}.")
    return created


def _inbox(partnership, coordinator, today):
    """A few inbox entries for the demo coordinator, written the way the sender writes them."""

    entries = [
        (Kind.REVIEW_DUE, {"partnership": partnership.title, "due": (today + timedelta(10)).isoformat()}, "reviews"),
        (
            Kind.HEALTH_CHECK_OPEN,
            {"partnership": partnership.title, "closes": (today + timedelta(12)).isoformat()},
            "health",
        ),
        (
            Kind.HEALTH_FLAGGED,
            {
                "partnership": partnership.title,
                "due": (today - timedelta(90)).isoformat(),
                "flag": "falling",
                "average": "2.80",
            },
            "health",
        ),
    ]
    with translation.override(coordinator.preferred_language):
        for kind, context, tab in entries:
            title, body = messages.render(kind, context)
            Notification.objects.create(
                recipient=coordinator,
                kind=kind,
                title=title,
                body=body,
                url=reverse(f"assessments:{tab}", args=[partnership.pk]),
                partnership=partnership,
            )
    return len(entries)

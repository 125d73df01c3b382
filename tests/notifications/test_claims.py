"""Set-based scans: each claims its reminders with the same number of statements at 3 and at 30 partnerships."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import reminders as assessments_reminders
from assessments.models import GateRequest, HealthCheck
from charters import reminders as charters_reminders
from charters.models import CharterSignature, CharterVersion
from meetings import reminders as meetings_reminders
from meetings.models import ActionItem
from ministries.models import Role
from notifications.models import Kind, Reminder
from partnerships.models import Partnership
from results import reminders as results_reminders
from results.models import Milestone
from tests.builders import make_partnership
from tests.factories import MinistryFactory, person

TODAY = timezone.localdate()
DAY = timedelta(days=1)


@pytest.fixture
def people(db):
    """Two ministries, each with a coordinator, an executive and a field officer."""
    ministries = [MinistryFactory(short_name=f"M{i}", name=f"Ministry {i}") for i in range(2)]
    staff = {
        (m.short_name, role): person(m, role, user__username=f"{role}{m.short_name}")
        for m in ministries
        for role in (Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF)
    }
    return ministries, staff


def portfolio(people, size):
    """`size` partnerships, each with something due for every set-based scan."""
    (lead, partner), staff = people
    for i in range(size):
        p = make_partnership([lead, partner], title=f"P{i:03d}", start_date=TODAY - 400 * DAY)
        Partnership.objects.filter(pk=p.pk).update(
            next_review_due=TODAY - 30 * DAY, next_health_check_due=TODAY + 60 * DAY, end_date=TODAY + 20 * DAY
        )
        request = GateRequest.objects.create(partnership=p, cycle=1, from_phase=p.phase)
        GateRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - 10 * DAY)
        version = CharterVersion.objects.create(
            partnership=p,
            number=2,
            status=CharterVersion.Status.SIGNING,
            sent_for_signature_at=timezone.now() - 20 * DAY,
        )
        CharterSignature.objects.create(version=version, ministry=lead, signed_by=staff[("M0", Role.EXECUTIVE)])
        HealthCheck.objects.create(partnership=p, due_date=TODAY - DAY, opens_on=TODAY - DAY, closes_on=TODAY + 5 * DAY)
        HealthCheck.objects.create(
            partnership=p,
            due_date=TODAY - 100 * DAY,
            opens_on=TODAY - 100 * DAY,
            closes_on=TODAY - 90 * DAY,
            response_count=5,
            average="2.00",
            flag=HealthCheck.Flag.LOW,
        )
        Milestone.objects.create(partnership=p, title=f"M{i}", due_date=TODAY - 30 * DAY)
        Milestone.objects.create(
            partnership=p, title=f"Owned {i}", due_date=TODAY + DAY, owner=staff[("M1", Role.FIELD_STAFF)]
        )
        ActionItem.objects.create(partnership=p, title=f"A{i}", due_date=TODAY - 30 * DAY, owner_ministry=partner)


# (scan, its statements: one per claim (each its own transaction, no savepoint around it), and what else
# it reads, the reminders each partnership gives)
SCANS = {
    "reviews": (assessments_reminders.scan_reviews, 2, 3),
    # Settling closed checks and opening due ones read once each when there is nothing to settle or open
    # (the opening's batch its own transaction: a savepoint and its release here).
    "health_checks": (assessments_reminders.scan_health_checks, 2 + 6, 6 + 4),
    "gates": (assessments_reminders.scan_gates, 1, 1),
    "renewals": (assessments_reminders.scan_renewals, 1, 2),
    "charter_signatures": (charters_reminders.scan_charter_signatures, 1, 1),
    "milestones": (results_reminders.scan_milestones, 5, 1 + 1 + 1),
    "action_items": (meetings_reminders.scan_action_items, 5, 1 + 1),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("name", list(SCANS))
def test_each_scan_claims_with_the_same_statements_at_any_size(people, size, name, django_assert_num_queries):
    scan, statements, per_partnership = SCANS[name]
    portfolio(people, size)
    # Once before, on a day long past when nothing is due: what a process looks up once (content types,
    # the database's features) is not counted.
    scan(today=TODAY - 1000 * DAY)

    with django_assert_num_queries(statements):
        created = scan(today=TODAY)

    assert created == Reminder.objects.count() == size * per_partnership
    # Run again, it finds every reminder made and makes none: the same statements, nothing new.
    with django_assert_num_queries(statements):
        assert scan(today=TODAY) == 0


def test_a_claim_writes_what_the_message_says(people, django_capture_on_commit_callbacks):
    (lead, partner), staff = people
    portfolio(people, 1)
    with django_capture_on_commit_callbacks() as callbacks:
        assessments_reminders.scan_reviews(today=TODAY)
        charters_reminders.scan_charter_signatures(today=TODAY)
        assessments_reminders.scan_health_checks(today=TODAY)
        assessments_reminders.scan_renewals(today=TODAY)
    p = Partnership.objects.get()
    escalated = Reminder.objects.get(kind=Kind.REVIEW_ESCALATED)
    assert (escalated.recipient, escalated.partnership, escalated.due_date) == (
        staff[("M0", Role.EXECUTIVE)],
        p,
        TODAY - 30 * DAY,
    )
    assert escalated.context == {
        "partnership": "P000",
        "due": (TODAY - 30 * DAY).isoformat(),
        "days": 30,
        "ministry": lead.name,
    }
    assert escalated.url == f"/partnerships/{p.pk}/reviews/"
    # Only the ministry that has not signed is asked, every 7 days since it was sent (20 days ago: day 14).
    signature = Reminder.objects.get(kind=Kind.CHARTER_SIGNATURE)
    assert signature.recipient == staff[("M1", Role.EXECUTIVE)]
    sent = timezone.localdate(CharterVersion.objects.get(number=2).sent_for_signature_at)
    assert signature.due_date == sent + 14 * DAY
    assert signature.context == {
        "partnership": "P000",
        "ministry": partner.name,
        "version": 2,
        "sent": sent.isoformat(),
    }
    flagged = Reminder.objects.filter(kind=Kind.HEALTH_FLAGGED).first()
    assert (flagged.context["average"], flagged.context["flag"]) == ("2.00", "low")
    renewal = Reminder.objects.filter(kind=Kind.RENEWAL).first()
    assert (renewal.due_date, renewal.context["days"]) == (TODAY - 10 * DAY, 20)
    # The new reminders go to the worker after commit, one task per claim here (up to a hundred each).
    assert len(callbacks) == 6

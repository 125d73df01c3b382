from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assessments import health_services
from assessments import reminders as assessments_reminders
from assessments.models import GateRequest
from ministries.models import Role
from notifications.models import Kind, Notification, Reminder
from partnerships.models import Partnership
from tests.builders import due_in, kinds_for
from tests.factories import GateRequestFactory, person

pytestmark = pytest.mark.usefixtures("eager_celery")


TODAY = timezone.localdate()


# Reviews


def test_review_due_soon_reminds_the_coordinators_of_every_participating_ministry(
    run, partnership, coordinator, partner_coordinator, executive
):
    due_in(partnership, 10)

    run(assessments_reminders.scan_reviews, today=TODAY)

    assert kinds_for(coordinator) == [Kind.REVIEW_DUE]
    assert kinds_for(partner_coordinator) == [Kind.REVIEW_DUE]
    assert kinds_for(executive) == []
    assert Notification.objects.count() == 2


def test_review_scan_run_twice_sends_once(run, partnership, coordinator):
    due_in(partnership, 3)

    assert run(assessments_reminders.scan_reviews, today=TODAY) == 1
    assert run(assessments_reminders.scan_reviews, today=TODAY) == 0

    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert len(mail.outbox) == 1


def test_review_scan_catches_up_a_missed_day(run, partnership, coordinator):
    # The review came into the two-week notice on a day the scan did not run (four days ago).
    due_in(partnership, 10)

    run(assessments_reminders.scan_reviews, today=TODAY)

    assert Reminder.objects.get(recipient=coordinator).due_date == TODAY + timedelta(days=10)


def test_review_outside_the_notice_is_not_reminded_yet(run, partnership, coordinator):
    due_in(partnership, 15)

    assert run(assessments_reminders.scan_reviews, today=TODAY) == 0


def test_overdue_review_escalates_to_the_lead_executives_after_the_delay(
    run, partnership, coordinator, executive, settings
):
    settings.INTERLOCK_ESCALATE_AFTER_DAYS = 7
    due_in(partnership, -3)
    run(assessments_reminders.scan_reviews, today=TODAY)
    assert kinds_for(executive) == []

    run(assessments_reminders.scan_reviews, today=TODAY + timedelta(days=4))

    assert kinds_for(coordinator) == [Kind.REVIEW_OVERDUE]
    assert kinds_for(executive) == [Kind.REVIEW_ESCALATED]
    assert "7 days late" in Notification.objects.get(recipient=executive).title


def test_closed_partnership_gets_no_review_reminders(run, partnership, coordinator):
    due_in(partnership, 1)
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    assert run(assessments_reminders.scan_reviews, today=TODAY) == 0


# Health checks


def test_health_check_due_opens_once_and_reminds_the_team(run, partnership, coordinator, field_officer, evaluator):
    due_in(partnership, -2, "next_health_check_due")

    run(assessments_reminders.scan_health_checks, today=TODAY)
    run(assessments_reminders.scan_health_checks, today=TODAY)

    check = partnership.health_checks.get()
    assert check.due_date == TODAY - timedelta(days=2)
    assert kinds_for(coordinator) == [Kind.HEALTH_CHECK_OPEN]
    assert kinds_for(field_officer) == [Kind.HEALTH_CHECK_OPEN]
    assert kinds_for(evaluator) == []
    partnership.refresh_from_db()
    assert partnership.next_health_check_due == health_services.add_months(check.due_date, 3)


def test_health_check_reminder_skips_who_has_answered(run, partnership, coordinator, field_officer):
    check = health_services.health_check_open(partnership=partnership, today=TODAY)
    health_services.health_check_respond(
        health_check=check, user=coordinator, ministry=partnership.lead.ministry, answers=RATINGS
    )

    run(assessments_reminders.scan_health_checks, today=TODAY)

    assert kinds_for(coordinator) == []
    assert kinds_for(field_officer) == [Kind.HEALTH_CHECK_OPEN]


def test_a_started_partnership_gets_its_first_dates_on_the_cadence(run, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(start_date=TODAY - timedelta(days=100))

    run(assessments_reminders.scan_health_checks, today=TODAY)

    partnership.refresh_from_db()
    start = TODAY - timedelta(days=100)
    assert partnership.next_review_due == health_services.add_months(start, 6)
    assert partnership.next_health_check_due == health_services.add_months(start, 6)


RATINGS = {"trust": 2, "communication": 2, "shared_goals": 2, "progress": 2, "resources": 2}


def test_a_flagged_check_is_reported_once_after_it_closes(run, partnership, ministry, coordinator, executive):
    check = health_services.health_check_open(partnership=partnership, today=TODAY)
    for user in [coordinator, executive, person(ministry, Role.FIELD_STAFF)]:
        health_services.health_check_respond(health_check=check, user=user, ministry=ministry, answers=RATINGS)
    check.refresh_from_db()
    assert check.flag == ""  # no concern while answering is open: it would tell what each answer was

    after = check.closes_on + timedelta(days=3)
    run(assessments_reminders.scan_health_checks, today=after)
    run(assessments_reminders.scan_health_checks, today=after)

    check.refresh_from_db()
    assert check.flag == "low"
    assert Reminder.objects.filter(kind=Kind.HEALTH_FLAGGED, recipient=executive).count() == 1


# Gates


def test_gate_waiting_more_than_two_days_reminds_the_approving_level(run, partnership, coordinator, executive):
    request = GateRequestFactory(partnership=partnership, cycle=1, from_phase="initiation")
    run(assessments_reminders.scan_gates, today=TODAY)
    assert kinds_for(executive) == []

    GateRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - timedelta(days=3))
    run(assessments_reminders.scan_gates, today=TODAY)
    run(assessments_reminders.scan_gates, today=TODAY)

    assert kinds_for(executive) == [Kind.GATE_WAITING]
    assert kinds_for(coordinator) == []


# Renewal


def test_renewal_notice_sends_only_the_latest_threshold_passed(
    run, partnership, coordinator, executive, partner_coordinator
):
    Partnership.objects.filter(pk=partnership.pk).update(end_date=TODAY + timedelta(days=20))

    run(assessments_reminders.scan_renewals, today=TODAY)
    run(assessments_reminders.scan_renewals, today=TODAY)

    reminder = Reminder.objects.get(recipient=coordinator)
    assert (reminder.kind, reminder.due_date) == (Kind.RENEWAL, TODAY + timedelta(days=20) - timedelta(days=30))
    assert kinds_for(executive) == [Kind.RENEWAL]
    assert kinds_for(partner_coordinator) == []


def test_renewal_notices_at_90_60_and_30_days(run, partnership, coordinator):
    end = TODAY + timedelta(days=100)
    Partnership.objects.filter(pk=partnership.pk).update(end_date=end)

    for day in range(0, 100, 5):
        run(assessments_reminders.scan_renewals, today=TODAY + timedelta(days=day))

    dues = sorted(Reminder.objects.filter(recipient=coordinator).values_list("due_date", flat=True))
    assert dues == [end - timedelta(days=90), end - timedelta(days=60), end - timedelta(days=30)]

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dashboards import reminders as dashboards_reminders
from ministries.models import Role
from notifications.models import Kind, Notification, Reminder
from tests.builders import due_in
from tests.factories import person

pytestmark = pytest.mark.usefixtures("eager_celery")

TODAY = timezone.localdate()


def test_weekly_digest_goes_to_executives_once_a_week(run, partnership, executive):
    due_in(partnership, -5)
    monday = TODAY - timedelta(days=TODAY.weekday())

    # Monday missed: caught up on Wednesday
    run(dashboards_reminders.scan_weekly_digest, today=monday + timedelta(days=2))
    run(dashboards_reminders.scan_weekly_digest, today=monday + timedelta(days=4))

    reminder = Reminder.objects.get(recipient=executive, kind=Kind.DIGEST)
    assert reminder.due_date == monday
    assert [item["kind"] for item in reminder.context["items"]] == [Kind.REVIEW_OVERDUE]
    assert partnership.title in mail.outbox[0].body


def test_weekly_digest_skips_executives_with_nothing_to_attend(run, partnership, executive):
    # Claimed for every executive at once; made when it goes out, and then there is nothing to say.
    assert run(dashboards_reminders.scan_weekly_digest, today=TODAY) == 1

    reminder = Reminder.objects.get(recipient=executive, kind=Kind.DIGEST)
    assert reminder.sent_at is not None
    assert reminder.context == {}
    assert not Notification.objects.filter(recipient=executive).exists()
    assert mail.outbox == []


def test_weekly_digest_claims_every_executive_in_one_statement(
    partnership, executive, ministry, other_ministry, django_assert_num_queries
):
    for organisation in (ministry, other_ministry):
        for _ in range(3):
            person(organisation, Role.EXECUTIVE)
    person(ministry, Role.COORDINATOR)
    retired = person(ministry, Role.EXECUTIVE)
    retired.is_active = False
    retired.save()

    # One INSERT … SELECT, its own transaction
    with django_assert_num_queries(1):
        made = dashboards_reminders.scan_weekly_digest(today=TODAY)

    assert made == 7
    assert not Reminder.objects.filter(recipient=retired).exists()

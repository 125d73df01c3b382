from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dashboards import reminders as dashboards_reminders
from notifications.models import Kind, Reminder
from tests.builders import due_in

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
    assert run(dashboards_reminders.scan_weekly_digest, today=TODAY) == 0

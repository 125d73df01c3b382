from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Kind
from results import reminders as results_reminders
from tests.builders import kinds_for
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.usefixtures("eager_celery")

TODAY = timezone.localdate()


# Milestones


def test_overdue_milestone_reminds_its_owner_then_escalates(
    run, partnership, ministry, field_officer, executive, settings
):
    settings.INTERLOCK_ESCALATE_AFTER_DAYS = 7
    MilestoneFactory(
        partnership=partnership,
        title="Joint intake in Kenora",
        due_date=TODAY - timedelta(days=8),
        owner=field_officer,
        owner_ministry=ministry,
    )

    run(results_reminders.scan_milestones, today=TODAY)
    run(results_reminders.scan_milestones, today=TODAY)

    assert kinds_for(field_officer) == [Kind.MILESTONE_OVERDUE]
    assert kinds_for(executive) == [Kind.MILESTONE_ESCALATED]

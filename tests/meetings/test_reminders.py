from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import reminders as meetings_reminders
from notifications.models import Kind
from tests.builders import kinds_for
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.usefixtures("eager_celery")

TODAY = timezone.localdate()


def test_action_item_due_soon_reminds_its_owner_once(run, partnership, coordinator):
    ActionItemFactory(
        partnership=partnership, title="Send the minutes", due_date=TODAY + timedelta(3), owner=coordinator
    )

    run(meetings_reminders.scan_action_items, today=TODAY)
    run(meetings_reminders.scan_action_items, today=TODAY)

    assert kinds_for(coordinator) == [Kind.ACTION_ITEM_DUE]

from datetime import timedelta

import pytest
from django.utils import timezone

from charters import reminders as charters_reminders
from charters.models import CharterSignature
from ministries.models import Role
from notifications.models import Kind
from tests.builders import kinds_for, sign_charter
from tests.factories import person

pytestmark = pytest.mark.usefixtures("eager_celery")

TODAY = timezone.localdate()


def test_charter_waiting_reminds_the_unsigned_ministrys_signatories_every_n_days(
    run, partnership, ministry, other_ministry, executive, settings
):
    settings.INTERLOCK_CHARTER_SIGNATURE_DAYS = 7
    other_executive = person(other_ministry, Role.EXECUTIVE)
    version = sign_charter(partnership, [(executive, ministry)])
    sent = timezone.now() - timedelta(days=8)
    type(version).objects.filter(pk=version.pk).update(sent_for_signature_at=sent)
    assert CharterSignature.objects.filter(version=version).count() == 1

    run(charters_reminders.scan_charter_signatures, today=TODAY)
    run(charters_reminders.scan_charter_signatures, today=TODAY + timedelta(days=1))
    assert kinds_for(other_executive) == [Kind.CHARTER_SIGNATURE]
    assert kinds_for(executive) == []

    run(charters_reminders.scan_charter_signatures, today=TODAY + timedelta(days=7))
    assert kinds_for(other_executive) == [Kind.CHARTER_SIGNATURE, Kind.CHARTER_SIGNATURE]

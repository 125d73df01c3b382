from django.urls import reverse
from django.utils import timezone

from meetings.models import Conflict
from tests.factories import ConflictFactory


def test_coordinator_withdraws_an_open_conflict(client_for, partnership, ministry, coordinator):
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry)

    response = client_for(coordinator).post(reverse("meetings:conflict_withdraw", args=[partnership.pk, conflict.pk]))

    conflict.refresh_from_db()
    assert response.url == reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    assert conflict.status == Conflict.Status.WITHDRAWN


def test_withdrawing_a_resolved_conflict_says_it_is_closed(client_for, partnership, ministry, coordinator):
    resolved = {"status": Conflict.Status.RESOLVED, "resolved_at": timezone.now()}
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry, **resolved)
    client = client_for(coordinator)

    client.post(reverse("meetings:conflict_withdraw", args=[partnership.pk, conflict.pk]))
    page = client.get(reverse("meetings:conflict", args=[partnership.pk, conflict.pk])).content.decode()

    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.RESOLVED
    assert "This conflict is closed." in page

"""Each person sees times in their own time zone, by default their organisation's; documents say theirs."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from assessments import services as gate_services
from assessments.models import GateRequest
from ministries.models import Ministry
from tests.builders import settle_points

ASKED_AT = datetime(2026, 12, 2, 15, 4, tzinfo=UTC)  # 10:04 in Toronto, 17:04 in Jerusalem


@pytest.fixture
def asked(partnership, coordinator):
    settle_points(partnership, [1, 2, 3])
    request = gate_services.gate_request(partnership=partnership, by=coordinator)
    GateRequest.objects.filter(pk=request.pk).update(requested_at=ASKED_AT)
    return request


def gate_page(client, partnership):
    return client.get(reverse("assessments:gate", args=[partnership.pk])).content.decode()


def test_times_are_in_the_server_zone_by_default(client_for, field_officer, partnership, asked):
    assert "Dec. 2, 2026, 10:04" in gate_page(client_for(field_officer), partnership)


def test_a_person_sees_times_in_the_zone_they_chose(client_for, field_officer, partnership, asked):
    field_officer.time_zone = "Asia/Jerusalem"
    field_officer.save(update_fields=["time_zone"])

    assert "Dec. 2, 2026, 17:04" in gate_page(client_for(field_officer), partnership)


def test_a_person_without_a_choice_sees_their_organisations_zone(
    client_for, ministry, field_officer, partnership, asked
):
    Ministry.objects.filter(pk=ministry.pk).update(time_zone="Asia/Jerusalem")

    assert "Dec. 2, 2026, 17:04" in gate_page(client_for(field_officer), partnership)


def test_the_profile_saves_a_time_zone(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("accounts:profile"),
        {"email": "c@example.gov", "preferred_language": "en", "time_zone": "Asia/Jerusalem", "notify_by": "inbox"},
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.time_zone == "Asia/Jerusalem"


@pytest.mark.parametrize("value", ["Mars/Olympus", "²", "x" * 500])
def test_the_profile_refuses_an_unknown_time_zone(client_for, coordinator, value):
    response = client_for(coordinator).post(
        reverse("accounts:profile"),
        {"email": "c@example.gov", "preferred_language": "en", "time_zone": value, "notify_by": "inbox"},
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    coordinator.refresh_from_db()
    assert coordinator.time_zone == ""


def test_the_printed_charter_is_dated_in_the_lead_organisations_zone_and_says_so(
    client_for, ministry, field_officer, partnership
):
    Ministry.objects.filter(pk=ministry.pk).update(time_zone="Asia/Jerusalem")
    field_officer.time_zone = "America/Vancouver"
    field_officer.save(update_fields=["time_zone"])

    response = client_for(field_officer).get(reverse("charters:charter_print", args=[partnership.pk, 1]))

    assert "Dates and times are in the Asia/Jerusalem time zone." in response.content.decode()

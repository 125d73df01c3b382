"""Recording a partnership that already exists: its real phase, the day it began, and a history that
reads in the order things happened, with the day each thing happened beside the day it was recorded."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessments.services import gate_decision_record_past
from charters.services import charter_sign
from common.bidi import isolate
from partnerships import history
from partnerships.models import Partnership, Phase
from tests.builders import make_partnership, need_step, partners_step, send_charter_for_signature

TWO_YEARS_AGO = timezone.localdate() - timedelta(days=730)


def setup_step(**changes):
    return {
        "review_cadence": 3,
        "health_check_cadence": 3,
        "phase": Phase.APPLICATION,
        "start_date": TWO_YEARS_AGO.isoformat(),
        **changes,
    }


def post_steps(client, ministry, other_ministry, setup):
    assert client.post(reverse("partnerships:record_existing")).url == reverse("partnerships:create", args=["need"])
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ),
    )
    return client.post(reverse("partnerships:create", args=["setup"]), setup)


def test_a_partnership_that_already_exists_is_recorded_at_its_phase_and_start(
    client_for, coordinator, ministry, other_ministry
):
    client = client_for(coordinator)

    response = post_steps(client, ministry, other_ministry, setup_step())

    partnership = Partnership.objects.get()
    assert (partnership.phase, partnership.start_date) == (Phase.APPLICATION, TWO_YEARS_AGO)
    assert response.url == partnership.get_absolute_url()
    assert "recorded at its phase" in next(str(m) for m in get_messages(response.wsgi_request))
    assert "new_partnership" not in client.session


def test_the_recording_steps_ask_for_the_phase_and_the_day_it_began(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:record_existing"))
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ),
    )

    response = client.get(reverse("partnerships:create", args=["setup"]))

    assert list(response.context["form"].fields)[:2] == ["phase", "start_date"]
    assert response.context["form"].fields["start_date"].required is True
    assert "Record a partnership that already exists" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start_date": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "start_date",
            "A partnership that already exists began today at the latest. Give the day it began.",
        ),
        ({"start_date": ""}, "start_date", "Give the day the partnership began."),
        ({"phase": "closed"}, "phase", "Select a valid choice. closed is not one of the available choices."),
    ],
)
def test_a_partnership_recorded_with_a_future_start_or_no_phase_is_refused_next_to_the_field(
    client_for, coordinator, ministry, other_ministry, changes, field, message
):
    response = post_steps(client_for(coordinator), ministry, other_ministry, setup_step(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Partnership.objects.exists()


def test_a_new_partnership_still_starts_in_the_first_phase(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ),
    )

    client.post(reverse("partnerships:create", args=["setup"]), setup_step())

    assert Partnership.objects.get().phase == Phase.INITIATION


def test_only_who_may_create_partnerships_may_record_one(client_for, field_officer):
    response = client_for(field_officer).post(reverse("partnerships:record_existing"))

    assert response.status_code == 403
    assert "new_partnership" not in client_for(field_officer).session


def test_the_history_reads_in_the_order_things_happened(
    client_for, coordinator, executive, other_executive, ministry, other_ministry
):
    today = timezone.localdate()
    partnership = make_partnership(
        [ministry, other_ministry], by=coordinator, start_date=TWO_YEARS_AGO, phase=Phase.PLANNING
    )
    version = send_charter_for_signature(partnership)
    # The supporting ministry signed first on paper, the lead later; both are recorded today.
    charter_sign(version=version, ministry=ministry, by=executive, signed_on=TWO_YEARS_AGO + timedelta(days=60))
    charter_sign(
        version=version, ministry=other_ministry, by=other_executive, signed_on=TWO_YEARS_AGO + timedelta(days=30)
    )
    gate_decision_record_past(
        partnership=partnership,
        by=executive,
        from_phase=Phase.INITIATION,
        outcome="go",
        reason="The need was clear.",
        decided_on=TWO_YEARS_AGO + timedelta(days=90),
    )

    entries = history.entries_for(partnership)

    assert [(e.what.split(".")[0], e.happened_on) for e in entries][-4:] == [
        (
            "Gate out of the phase Initiative and creation: Go",
            TWO_YEARS_AGO + timedelta(days=90),
        ),
        (
            f"Signed version 1 of the charter for {isolate('Ministry of Community and Social Services')}",
            TWO_YEARS_AGO + timedelta(60),
        ),
        (f"Signed version 1 of the charter for {isolate('Ministry of Health')}", TWO_YEARS_AGO + timedelta(days=30)),
        ("The partnership began", TWO_YEARS_AGO),
    ]
    # Newest first: what was done today (the charter saved, the partnership recorded) comes before.
    assert all(e.happened_on == today for e in entries[:-4])
    page = client_for(coordinator).get(reverse("partnerships:history", args=[partnership.pk])).content.decode()
    assert page.count("happened on") == 4
    assert "The partnership entered the phase Planning and forming." in page
    assert "Recorded the partnership, under way since" in page

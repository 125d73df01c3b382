"""Pilots: marked in the partnership's form, badged on the list and overview, and followed by a
decision (scale up, adjust, stop) that the lead ministry records once the pilot has ended."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.bidi import isolate
from ministries.models import Role
from partnerships.models import Partnership, PilotDecision
from partnerships.services import partnership_create
from tests.factories import person


@pytest.fixture
def partnership(ministry, other_ministry, coordinator):
    """Led by `ministry` (the coordinator's and the executive's), `other_ministry` supporting."""
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families fall between programs.", "public_value": "One"},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def ended_pilot(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(is_pilot=True, pilot_ends_on=days_ago(1))
    partnership.refresh_from_db()
    return partnership


def edit_post(partnership, **changes):
    """The partnership's edit form as the page posts it (an unticked box is not sent)."""
    data = {
        "title": partnership.title,
        "problem": partnership.problem,
        "public_value": partnership.public_value,
        "target_audience": "",
        "review_cadence": partnership.review_cadence,
        "health_check_cadence": partnership.health_check_cadence,
        "status": partnership.status,
        **changes,
    }
    return {name: value for name, value in data.items() if value is not None}


def test_partnership_edit_saves_a_pilot_and_its_end(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("partnerships:edit", args=[partnership.pk]),
        edit_post(partnership, is_pilot="on", pilot_ends_on="2027-06-30"),
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.is_pilot, partnership.pilot_ends_on) == (True, date(2027, 6, 30))


def test_partnership_edit_with_a_pilot_end_but_no_pilot_shows_the_error_next_to_the_field(
    client_for, coordinator, partnership
):
    response = client_for(coordinator).post(
        reverse("partnerships:edit", args=[partnership.pk]), edit_post(partnership, pilot_ends_on="2027-06-30")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "pilot_ends_on": ["Only a pilot has an end date for the pilot. Tick “a pilot” or clear it."]
    }
    partnership.refresh_from_db()
    assert (partnership.is_pilot, partnership.pilot_ends_on) == (False, None)


def test_partnership_created_as_a_pilot_through_the_steps(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), {"title": "Trial", "problem": "P", "public_value": "V"})
    partners = {"partners-TOTAL_FORMS": 2, "partners-INITIAL_FORMS": 0, "partners-MIN_NUM_FORMS": 2}
    for i, (m, role) in enumerate(((ministry, "lead"), (other_ministry, "supporting"))):
        partners.update({f"partners-{i}-ministry": m.pk, f"partners-{i}-role": role})
        partners.update({f"partners-{i}-gain_share": 50, f"partners-{i}-risk_share": 50})
    client.post(reverse("partnerships:create", args=["partners"]), partners)

    client.post(
        reverse("partnerships:create", args=["setup"]),
        {"review_cadence": 3, "health_check_cadence": 3, "is_pilot": "on", "pilot_ends_on": "2027-03-31"},
    )

    created = Partnership.objects.get(title="Trial")
    assert (created.is_pilot, created.pilot_ends_on) == (True, date(2027, 3, 31))


def test_pilot_badge_shows_on_the_list_and_the_overview(client_for, field_officer, ended_pilot):
    client = client_for(field_officer)

    listing = client.get(reverse("partnerships:list")).content.decode()
    overview = client.get(ended_pilot.get_absolute_url()).content.decode()

    assert '<span class="badge text-bg-info">Pilot</span>' in listing
    assert "Pilot</span>" in overview


def test_overview_after_the_pilot_end_asks_the_lead_for_the_decision(client_for, coordinator, ended_pilot):
    response = client_for(coordinator).get(ended_pilot.get_absolute_url())

    page = response.content.decode()
    assert response.context["pilot_decision_awaited"] is True
    assert "The pilot has ended. The lead organisation decides what comes next" in page
    assert reverse("partnerships:pilot_decision", args=[ended_pilot.pk]) in page


def test_overview_before_the_pilot_end_asks_nothing(client_for, coordinator, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(is_pilot=True, pilot_ends_on=timezone.localdate())

    response = client_for(coordinator).get(partnership.get_absolute_url())

    assert response.context["pilot_decision_awaited"] is False
    assert reverse("partnerships:pilot_decision", args=[partnership.pk]) not in response.content.decode()


def test_overview_for_a_supporting_coordinator_asks_without_the_button(client_for, other_ministry, ended_pilot):
    response = client_for(person(other_ministry, Role.COORDINATOR)).get(ended_pilot.get_absolute_url())

    assert response.context["pilot_decision_awaited"] is True
    assert reverse("partnerships:pilot_decision", args=[ended_pilot.pk]) not in response.content.decode()


def test_pilot_decision_by_a_lead_coordinator_is_recorded(client_for, coordinator, ended_pilot):
    client = client_for(coordinator)

    response = client.post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]),
        {"outcome": "scale_up", "reason": "Waiting times halved in Sudbury."},
    )

    assert response.url == ended_pilot.get_absolute_url()
    assert list(PilotDecision.objects.values_list("partnership", "outcome", "reason", "decided_by", "decided_on")) == [
        (ended_pilot.pk, "scale_up", "Waiting times halved in Sudbury.", coordinator.pk, timezone.localdate())
    ]
    assert client.get(ended_pilot.get_absolute_url()).context["pilot_decision_awaited"] is False


def test_pilot_decision_by_a_lead_executive_is_recorded(client_for, executive, ended_pilot):
    client_for(executive).post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]), {"outcome": "stop", "reason": "No effect."}
    )

    assert list(PilotDecision.objects.values_list("outcome", "decided_by")) == [("stop", executive.pk)]


@pytest.mark.parametrize("who", ["supporting coordinator", "supporting executive", "lead field officer"])
def test_pilot_decision_by_someone_outside_the_lead_coordinators_and_executives_is_forbidden(
    client_for, ministry, other_ministry, ended_pilot, who
):
    user = {
        "supporting coordinator": lambda: person(other_ministry, Role.COORDINATOR),
        "supporting executive": lambda: person(other_ministry, Role.EXECUTIVE),
        "lead field officer": lambda: person(ministry, Role.FIELD_STAFF),
    }[who]()

    response = client_for(user).post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]), {"outcome": "stop", "reason": "No."}
    )

    assert response.status_code == 403
    assert not PilotDecision.objects.exists()


def test_pilot_decision_by_an_outsider_is_not_found(client_for, outsider, ended_pilot):
    response = client_for(outsider).post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]), {"outcome": "stop", "reason": "No."}
    )

    assert response.status_code == 404
    assert not PilotDecision.objects.exists()


def test_pilot_decision_without_a_reason_shows_the_error_next_to_the_field(client_for, coordinator, ended_pilot):
    response = client_for(coordinator).post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]), {"outcome": "adjust", "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert not PilotDecision.objects.exists()


def test_pilot_decision_before_the_pilot_ended_is_refused(client_for, coordinator, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(is_pilot=True, pilot_ends_on=timezone.localdate())

    response = client_for(coordinator).post(
        reverse("partnerships:pilot_decision", args=[partnership.pk]), {"outcome": "stop", "reason": "Early."}
    )

    assert response.url == partnership.get_absolute_url()
    assert not PilotDecision.objects.exists()


def test_pilot_adjusted_and_extended_is_asked_again_once_the_new_end_has_passed(coordinator, ended_pilot):
    adjusted = PilotDecision.objects.create(
        partnership=ended_pilot,
        outcome="adjust",
        reason="Two more offices.",
        decided_by=coordinator,
        decided_on=days_ago(30),
    )
    ended_pilot.pilot_ends_on = days_ago(40)
    assert ended_pilot.pilot_decision_awaited(adjusted) is False

    ended_pilot.pilot_ends_on = days_ago(1)
    assert ended_pilot.pilot_decision_awaited(adjusted) is True


def test_gate_page_shows_the_latest_pilot_decision(client_for, field_officer, coordinator, ended_pilot):
    for outcome, reason, day in (("adjust", "Two more offices.", days_ago(90)), ("scale_up", "It works.", days_ago(1))):
        PilotDecision.objects.create(
            partnership=ended_pilot, outcome=outcome, reason=reason, decided_by=coordinator, decided_on=day
        )

    response = client_for(field_officer).get(reverse("assessments:gate", args=[ended_pilot.pk]))

    page = response.content.decode()
    assert response.context["pilot_decision"].outcome == "scale_up"
    assert "Scale it up" in page
    assert "“It works.”" in page
    assert "Two more offices." not in page


def test_pilot_decision_shows_on_the_history_tab(client_for, coordinator, field_officer, ended_pilot):
    client_for(coordinator).post(
        reverse("partnerships:pilot_decision", args=[ended_pilot.pk]),
        {"outcome": "adjust", "reason": "Add two offices."},
    )

    entries = client_for(field_officer).get(reverse("partnerships:history", args=[ended_pilot.pk])).context["entries"]

    assert (entries[0].what, entries[0].who) == (
        f"Decided after the pilot: Adjust it and go on. Why: {isolate('Add two offices.')}",
        coordinator,
    )

"""The gate page names who decides, and someone who may not decide is told who does."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import GateDecision
from ministries.models import Role
from partnerships.models import Partnership
from partnerships.services import partnership_create
from tests.builders import settle_points, sign_charter
from tests.factories import person


@pytest.fixture
def partnership(ministry, other_ministry, coordinator):
    """Led by MCSS (the personas' ministry), with the Ministry of Health."""
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families fall between programs.", "public_value": "One"},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )


@pytest.fixture
def pending(partnership, coordinator):
    settle_points(partnership, [1, 2, 3])
    return services.gate_request(partnership=partnership, by=coordinator, note="Ready to plan.")


def test_gate_page_names_the_lead_ministry_executives_as_deciders(client_for, field_officer, partnership):
    response = client_for(field_officer).get(reverse("assessments:gate", args=[partnership.pk]))

    assert [m.short_name for m in response.context["deciders"]] == ["MCSS"]
    assert (
        "Who decides: the executives of Ministry of Community and Social Services, the lead organisation."
        in response.content.decode()
    )


def test_gate_page_of_a_steering_committee_names_every_ministry(client_for, field_officer, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(operating_mechanism="steering_committee")

    response = client_for(field_officer).get(reverse("assessments:gate", args=[partnership.pk]))

    assert [m.short_name for m in response.context["deciders"]] == ["MCSS", "MOH"]
    assert (
        "Who decides: the steering committee. The executives of Ministry of Community and Social Services, "
        "Ministry of Health each record their ministry's position." in response.content.decode()
    )
    assert "The decision carries when every member ministry approves it." in response.content.decode()


def test_gate_decide_opened_by_a_coordinator_says_who_decides(client_for, coordinator, pending):
    response = client_for(coordinator).get(reverse("assessments:gate_decide", args=[pending.partnership.pk]))

    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot decide this gate" in page
    assert "Who decides: the executives of Ministry of Community and Social Services, the lead organisation." in page


def test_gate_decide_posted_by_a_supporting_executive_says_who_decides_and_records_nothing(
    client_for, other_ministry, pending
):
    response = client_for(person(other_ministry, Role.EXECUTIVE)).post(
        reverse("assessments:gate_decide", args=[pending.partnership.pk]),
        {"outcome": "go", "reason": "We are ready.", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
    )

    assert response.status_code == 403
    assert "the executives of Ministry of Community and Social Services, the lead organisation" in (
        response.content.decode()
    )
    assert not GateDecision.objects.exists()


def test_gate_decide_by_the_lead_executive_still_opens_the_form(client_for, executive, pending):
    response = client_for(executive).get(reverse("assessments:gate_decide", args=[pending.partnership.pk]))

    assert (response.status_code, response.templates[0].name) == (200, "assessments/gate_decide.html")


def test_the_decision_page_asks_about_a_charter_nobody_signed(client_for, executive, pending):
    response = client_for(executive).get(reverse("assessments:gate_decide", args=[pending.partnership.pk]))

    assert response.context["cautions"] == [
        "No charter version is signed by every participating organisation yet. Is it right to decide now, "
        "before the partners have signed what they agreed? Say so in your reason."
    ]
    assert "before the partners have signed what they agreed?" in response.content.decode()


def test_the_decision_page_asks_nothing_once_the_charter_is_signed(
    client_for, executive, ministry, other_ministry, pending
):
    sign_charter(pending.partnership, [(executive, ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)])

    response = client_for(executive).get(reverse("assessments:gate_decide", args=[pending.partnership.pk]))

    assert response.context["cautions"] == []

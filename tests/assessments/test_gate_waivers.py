"""Gate requirements fitted to the partnership: defaults by kind, and waivers by the approving level."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.gate_checks import MET, MISSING, WAIVED
from assessments.models import GateDecision, GateRequest, GateRequirement, GateWaiver
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import indicator_for, settle_points, sign_charter
from tests.factories import person

BUDGET = "A budget with contributions"


def fresh(partnership):
    return Partnership.objects.with_participants().get(pk=partnership.pk)


def states(partnership):
    return {r.label: r.state for r in services.gate_results(fresh(partnership))}


@pytest.fixture
def planning(partnership, ministry, other_ministry, executive, coordinator):
    """In planning with everything but a budget: points 4-14, a signed charter, an indicator with a target."""
    Partnership.objects.filter(pk=partnership.pk).update(phase="planning")
    settle_points(partnership, range(4, 15))
    sign_charter(partnership, [(executive, ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)])
    indicator_for(partnership, ministry)
    return fresh(partnership)


@pytest.fixture
def budget_requirement(db):
    return GateRequirement.objects.get(phase="planning", kind="budget_contributions")


def test_a_partnership_with_money_needs_a_budget_to_start_application(planning):
    assert states(planning)[BUDGET] == MISSING


def test_a_policy_partnership_without_money_is_not_asked_for_a_budget(planning, coordinator):
    Partnership.objects.filter(pk=planning.pk).update(has_no_money=True)

    assert BUDGET not in states(planning)
    assert set(states(planning).values()) == {MET}
    assert services.gate_request(partnership=fresh(planning), by=coordinator).status == GateRequest.Status.PENDING


def test_the_budget_default_follows_the_kind_of_partnership(budget_requirement):
    assert budget_requirement.applies_to == GateRequirement.AppliesTo.WITH_MONEY


def test_the_lead_executive_waives_a_requirement_and_the_gate_opens(
    client_for, planning, executive, coordinator, budget_requirement
):
    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[planning.pk]),
        {"requirement": budget_requirement.pk, "reason": "A policy partnership: each ministry pays its own staff."},
    )

    assert response.url == reverse("assessments:gate", args=[planning.pk])
    waiver = GateWaiver.objects.get()
    assert (waiver.partnership, waiver.requirement, waiver.cycle, waiver.waived_by) == (
        planning,
        budget_requirement,
        1,
        executive,
    )
    assert states(planning)[BUDGET] == WAIVED
    page = client_for(coordinator).get(reverse("assessments:gate", args=[planning.pk])).content.decode()
    assert "A policy partnership: each ministry pays its own staff." in page
    assert "Ask the approving level to decide" in page


def test_the_waiver_is_kept_in_the_request_and_the_decision(planning, executive, coordinator, budget_requirement):
    services.gate_requirement_waive(
        partnership=planning, requirement=budget_requirement, by=executive, reason="No money of its own."
    )
    request = services.gate_request(partnership=fresh(planning), by=coordinator)
    decision = services.gate_decide(request=request, by=executive, outcome="go", reason="Ready.")

    for snapshot in (request.requirements_snapshot, decision.requirements_snapshot):
        waived = [item for item in snapshot if item["state"] == WAIVED]
        assert [(item["label"], item["waiver_reason"]) for item in waived] == [(BUDGET, "No money of its own.")]
    assert fresh(planning).phase == "application"


@pytest.mark.parametrize("persona", ["coordinator", "field_officer", "partner_coordinator", "other_executive"])
def test_only_the_approving_level_may_waive_and_others_are_told_who_decides(
    request, client_for, planning, budget_requirement, persona
):
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("assessments:gate_waive", args=[planning.pk]),
        {"requirement": budget_requirement.pk, "reason": "We would rather not."},
    )

    assert response.status_code == 403
    assert "Who decides: the executives of Ministry of Community and Social Services" in response.content.decode()
    assert not GateWaiver.objects.exists()


def test_an_outsider_cannot_waive(client_for, outsider, planning, budget_requirement):
    response = client_for(outsider).post(
        reverse("assessments:gate_waive", args=[planning.pk]),
        {"requirement": budget_requirement.pk, "reason": "Why not."},
    )

    assert response.status_code == 404
    assert not GateWaiver.objects.exists()


def test_a_waiver_needs_a_reason(client_for, planning, executive, budget_requirement):
    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[planning.pk]), {"requirement": budget_requirement.pk, "reason": ""}
    )

    assert response.status_code == 400
    assert response.context["waiver_form"].errors == {"reason": ["This field is required."]}
    assert not GateWaiver.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "²", ""])
def test_a_waiver_of_an_unknown_requirement_is_refused(client_for, planning, executive, value):
    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[planning.pk]), {"requirement": value, "reason": "Not needed."}
    )

    assert response.status_code == 400
    assert "requirement" in response.context["waiver_form"].errors
    assert not GateWaiver.objects.exists()


def test_a_requirement_of_another_gate_cannot_be_waived(client_for, planning, executive):
    other_gate = GateRequirement.objects.filter(phase="application").first()

    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[planning.pk]), {"requirement": other_gate.pk, "reason": "Not needed."}
    )

    assert response.status_code == 400
    assert not GateWaiver.objects.exists()


def test_a_requirement_that_does_not_apply_cannot_be_waived(client_for, planning, executive, budget_requirement):
    Partnership.objects.filter(pk=planning.pk).update(has_no_money=True)

    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[planning.pk]),
        {"requirement": budget_requirement.pk, "reason": "Not needed."},
    )

    assert response.status_code == 400
    assert response.context["waiver_form"].non_field_errors() == [
        "This requirement is not one of this gate's. Reload the gate page."
    ]


def test_no_waiver_while_a_decision_is_asked_for(client_for, partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    services.gate_request(partnership=fresh(partnership), by=coordinator)
    requirement = GateRequirement.objects.filter(phase="initiation").first()

    response = client_for(executive).post(
        reverse("assessments:gate_waive", args=[partnership.pk]),
        {"requirement": requirement.pk, "reason": "Not needed."},
    )

    assert response.status_code == 400
    assert not GateWaiver.objects.exists()


def test_the_approving_level_withdraws_a_waiver(client_for, planning, executive, budget_requirement):
    services.gate_requirement_waive(partnership=planning, requirement=budget_requirement, by=executive, reason="No.")

    response = client_for(executive).post(
        reverse("assessments:gate_waiver_withdraw", args=[planning.pk]), {"requirement": budget_requirement.pk}
    )

    assert response.url == reverse("assessments:gate", args=[planning.pk])
    assert not GateWaiver.objects.exists()
    assert states(planning)[BUDGET] == MISSING


def test_a_waiver_cannot_be_withdrawn_while_a_decision_is_asked_for_with_it(
    client_for, planning, executive, coordinator, budget_requirement
):
    services.gate_requirement_waive(partnership=planning, requirement=budget_requirement, by=executive, reason="No.")
    services.gate_request(partnership=fresh(planning), by=coordinator)

    response = client_for(executive).post(
        reverse("assessments:gate_waiver_withdraw", args=[planning.pk]),
        {"requirement": budget_requirement.pk},
        follow=True,
    )

    assert "A decision is already asked for with this waiver. Decide it first." in response.content.decode()
    assert GateWaiver.objects.count() == 1


def test_withdrawing_a_waiver_of_an_unknown_requirement_says_to_reload(client_for, planning, executive):
    response = client_for(executive).post(
        reverse("assessments:gate_waiver_withdraw", args=[planning.pk]), {"requirement": "x"}, follow=True
    )

    assert "This requirement is no longer one of this gate&#x27;s. Reload the gate page." in (response.content.decode())


def test_a_coordinator_cannot_withdraw_a_waiver(client_for, planning, executive, coordinator, budget_requirement):
    services.gate_requirement_waive(partnership=planning, requirement=budget_requirement, by=executive, reason="No.")

    response = client_for(coordinator).post(
        reverse("assessments:gate_waiver_withdraw", args=[planning.pk]), {"requirement": budget_requirement.pk}
    )

    assert response.status_code == 403
    assert GateWaiver.objects.count() == 1


def test_a_waiver_holds_for_its_cycle_only(planning, executive, budget_requirement):
    services.gate_requirement_waive(partnership=planning, requirement=budget_requirement, by=executive, reason="No.")
    Partnership.objects.filter(pk=planning.pk).update(cycle=2)

    assert states(planning)[BUDGET] == MISSING


def test_a_steering_committee_still_decides_a_gate_with_a_waiver(
    planning, executive, coordinator, other_ministry, budget_requirement
):
    """One member waives; the gate is still the committee's decision, with the waiver in front of them."""
    Partnership.objects.filter(pk=planning.pk).update(operating_mechanism="steering_committee")
    services.gate_requirement_waive(
        partnership=fresh(planning), requirement=budget_requirement, by=executive, reason="No money."
    )
    request = services.gate_request(partnership=fresh(planning), by=coordinator)

    assert services.gate_decide(request=request, by=executive, outcome="go", reason="Ready.") is None
    assert not GateDecision.objects.exists()
    assert fresh(planning).phase == "planning"

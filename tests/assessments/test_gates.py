from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.gate_checks import MET, MISSING
from assessments.models import GateDecision, GateRequest, GateRequirement, PointAnswer
from charters.models import CharterVersion
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import indicator_for, make_partnership, settle_points, sign_charter
from tests.factories import MinistryFactory, person


def states(partnership):
    partnership = Partnership.objects.with_participants().get(pk=partnership.pk)
    return {r.label: r.state for r in services.gate_results(partnership)}


def fresh(partnership):
    return Partnership.objects.with_participants().get(pk=partnership.pk)


def test_leaving_initiation_needs_points_1_to_3(partnership):
    assert states(partnership) == {"Points 1-3 addressed": MISSING, "At least 2 organisations take part": MET}

    settle_points(partnership, [1, 2, 3])

    assert states(partnership) == {"Points 1-3 addressed": MET, "At least 2 organisations take part": MET}


def test_leaving_initiation_needs_enough_ministries(partnership):
    GateRequirement.objects.filter(kind="min_ministries").update(number=3)
    settle_points(partnership, [1, 2, 3])

    assert states(partnership)["At least 3 organisations take part"] == MISSING


def test_a_disputed_point_blocks_the_gate_and_says_which(partnership, other_ministry):
    settle_points(partnership, [1, 2, 3])
    answer = PointAnswer.objects.get(partnership=partnership, point__number=2)
    services.point_position_set(
        answer=answer,
        ministry=other_ministry,
        by=person(other_ministry, Role.COORDINATOR),
        stance="disagree",
        comment="Costs are too high for us.",
    )

    result = services.gate_results(fresh(partnership))[0]

    assert (result.state, result.detail) == (MISSING, "Still open: 2. An organisation disagrees on: 2.")


def test_starting_application_needs_the_charter_signed_by_everyone(partnership, ministry, other_ministry, executive):
    Partnership.objects.filter(pk=partnership.pk).update(phase="planning")
    settle_points(partnership, range(4, 15))
    assert states(partnership)["Charter signed by every participating organisation"] == MISSING

    sign_charter(partnership, [(executive, ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)])

    result = states(partnership)
    assert result["Charter signed by every participating organisation"] == MET
    assert result["Points 4-14 addressed"] == MET


def test_entering_assessment_needs_point_15(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(phase="application")
    assert states(partnership)["Points 15 addressed"] == MISSING

    settle_points(partnership, [15], status=PointAnswer.Status.NOT_APPLICABLE)

    assert states(partnership)["Points 15 addressed"] == MET


def test_a_gate_cannot_be_requested_while_a_requirement_is_missing(partnership, coordinator):
    with pytest.raises(ValidationError) as error:
        services.gate_request(partnership=partnership, by=coordinator)

    assert error.value.messages == ["This requirement is not met yet: Points 1-3 addressed."]
    assert not GateRequest.objects.exists()


def test_go_moves_one_phase_and_keeps_the_decision(partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator, note="Ready to plan.")

    decision = services.gate_decide(request=request, by=executive, outcome="go", reason="Good groundwork.")

    partnership.refresh_from_db()
    assert partnership.phase == "planning"
    assert (decision.decided_by, decision.reason) == (executive, "Good groundwork.")
    assert [item["state"] for item in decision.requirements_snapshot] == [MET, MET]
    request.refresh_from_db()
    assert request.status == GateRequest.Status.DECIDED


def test_phases_cannot_be_skipped(partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    services.gate_decide(request=request, by=executive, outcome="go", reason="Go.")

    with pytest.raises(ValidationError):
        services.gate_decide(request=request, by=executive, outcome="go", reason="Again.")

    partnership.refresh_from_db()
    assert partnership.phase == "planning"


def test_a_decision_by_someone_without_the_authority_is_refused(partnership, coordinator, other_ministry):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    not_the_lead = person(other_ministry, Role.EXECUTIVE)

    with pytest.raises(PermissionDenied):
        services.gate_decide(request=request, by=not_the_lead, outcome="go", reason="Go.")
    with pytest.raises(PermissionDenied):
        services.gate_decide(request=request, by=coordinator, outcome="go", reason="Go.")

    partnership.refresh_from_db()
    assert partnership.phase == "initiation"


def test_under_a_steering_committee_a_member_executive_only_proposes_the_decision(
    partnership, coordinator, other_ministry
):
    Partnership.objects.filter(pk=partnership.pk).update(operating_mechanism="steering_committee")
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)

    decision = services.gate_decide(
        request=request, by=person(other_ministry, Role.EXECUTIVE), outcome="hold", reason="Wait."
    )

    request.refresh_from_db()
    assert (decision, request.status, request.proposed_outcome) == (None, "pending", "hold")
    assert list(request.positions.values_list("ministry__short_name", "stance")) == [("MOH", "approve")]


def test_hold_keeps_the_phase_and_allows_a_new_request(partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    first = services.gate_request(partnership=partnership, by=coordinator)
    services.gate_decide(request=first, by=executive, outcome="hold", reason="Budget unclear.")

    second = services.gate_request(partnership=partnership, by=coordinator)

    assert second.pk != first.pk
    partnership.refresh_from_db()
    assert partnership.phase == "initiation"


def test_stop_closes_the_partnership(partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)

    services.gate_decide(request=request, by=executive, outcome="stop", reason="Not worth it.")

    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.CLOSED


def test_go_with_conditions_needs_a_condition(partnership, coordinator, executive):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)

    with pytest.raises(ValidationError) as error:
        services.gate_decide(request=request, by=executive, outcome="go_conditions", reason="Yes, but.")

    assert error.value.message_dict == {"outcome": ["Add at least one condition, or choose Go."]}


def test_renewal_starts_a_new_cycle_with_a_new_charter_and_reopened_points(
    partnership, coordinator, executive, ministry, other_ministry
):
    sign_charter(partnership, [(executive, ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)])
    settle_points(partnership, range(1, 16))
    Partnership.objects.filter(pk=partnership.pk).update(phase="assessment")
    GateRequirement.objects.filter(phase="assessment").update(is_active=False)
    request = services.gate_request(partnership=partnership, by=coordinator)

    services.gate_decide(request=request, by=executive, outcome="renew", reason="It works.", reopen_points=[2, 8])

    partnership.refresh_from_db()
    assert (partnership.phase, partnership.cycle) == ("planning", 2)
    versions = list(partnership.charter_versions.order_by("number").values_list("number", "status"))
    assert versions == [(1, CharterVersion.Status.SIGNED), (2, CharterVersion.Status.DRAFT)]
    reopened = PointAnswer.objects.filter(partnership=partnership, status="in_progress")
    assert sorted(reopened.values_list("point__number", flat=True)) == [2, 8]


def test_go_is_not_offered_at_the_end_of_assessment(partnership, coordinator, executive):
    Partnership.objects.filter(pk=partnership.pk).update(phase="assessment")
    GateRequirement.objects.filter(phase="assessment").update(is_active=False)
    request = services.gate_request(partnership=partnership, by=coordinator)

    with pytest.raises(ValidationError):
        services.gate_decide(request=request, by=executive, outcome="go", reason="Go.")
    services.gate_decide(request=request, by=executive, outcome="close", reason="Done its job.")

    partnership.refresh_from_db()
    assert partnership.status == "closed"


# The pages


def test_gate_page_flow(client_for, coordinator, executive, partnership):
    settle_points(partnership, [1, 2, 3])
    url = reverse("assessments:gate", args=[partnership.pk])

    client_for(coordinator).post(reverse("assessments:gate_request", args=[partnership.pk]), {"note": "Ready"})
    page = client_for(executive).get(url).content.decode()
    response = client_for(executive).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {
            "outcome": "go",
            "reason": "Good groundwork.",
            "conditions-TOTAL_FORMS": 2,
            "conditions-INITIAL_FORMS": 0,
        },
    )

    assert "asked for a decision" in page
    assert response.url == url
    assert GateDecision.objects.get().outcome == "go"


def test_decision_form_shows_what_is_wrong(client_for, coordinator, executive, partnership):
    settle_points(partnership, [1, 2, 3])
    client_for(coordinator).post(reverse("assessments:gate_request", args=[partnership.pk]))

    response = client_for(executive).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {"outcome": "go", "reason": "", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["This field is required."]}


@pytest.mark.parametrize(
    ("persona", "status"), [("executive", 200), ("coordinator", 403), ("field_officer", 403), ("outsider", 404)]
)
def test_who_may_open_the_decision_page(request, client_for, coordinator, partnership, persona, status):
    settle_points(partnership, [1, 2, 3])
    services.gate_request(partnership=partnership, by=coordinator)

    response = client_for(request.getfixturevalue(persona)).get(
        reverse("assessments:gate_decide", args=[partnership.pk])
    )

    assert response.status_code == status


@pytest.mark.parametrize("ministries", [2, 6])
def test_gate_page_queries_do_not_grow(client_for, coordinator, ministry, ministries, django_assert_num_queries):

    partnership = make_partnership([ministry, *[MinistryFactory() for _ in range(ministries - 1)]])
    client = client_for(coordinator)

    # The answers are there from the partnership's creation: reading them is one query and a count;
    # the gate's waivers are one more.
    with django_assert_num_queries(14):
        client.get(reverse("assessments:gate", args=[partnership.pk]))


def test_starting_application_needs_an_indicator_with_a_target(partnership, ministry):

    Partnership.objects.filter(pk=partnership.pk).update(phase="planning")
    assert states(partnership)["At least one indicator with a target"] == MISSING

    indicator_for(partnership, ministry)

    assert states(partnership)["At least one indicator with a target"] == MET


def test_each_condition_of_a_go_with_conditions_becomes_an_action_item(
    partnership, coordinator, executive, other_ministry
):
    from datetime import date

    from meetings.models import ActionItem

    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)

    services.gate_decide(
        request=request,
        by=executive,
        outcome="go_conditions",
        reason="Go, once the budget is agreed.",
        conditions=[{"text": "Agree the budget", "ministry": other_ministry, "due_date": date(2026, 12, 1)}],
    )

    item = ActionItem.objects.get(partnership=partnership)
    assert (item.title, item.owner_ministry, item.due_date) == ("Agree the budget", other_ministry, date(2026, 12, 1))
    partnership.refresh_from_db()
    assert partnership.phase == "planning"


def test_entering_assessment_needs_a_review_in_this_cycle(partnership, coordinator):
    from assessments.review_services import review_record

    Partnership.objects.filter(pk=partnership.pk).update(phase="application")
    assert states(partnership)["At least one review held"] == MISSING

    review_record(
        partnership=partnership,
        by=coordinator,
        held_on=timezone.localdate(),
        findings="On track.",
        rating="green",
        recommendation="continue",
    )

    assert states(partnership)["At least one review held"] == MET


def test_deciding_renewal_needs_an_evaluation_in_this_cycle(partnership, evaluator):
    from assessments.review_services import evaluation_record

    Partnership.objects.filter(pk=partnership.pk).update(phase="assessment")
    assert states(partnership)["An evaluation done"] == MISSING

    evaluation_record(
        partnership=partnership,
        by=evaluator,
        completed_on=timezone.localdate(),
        scope="The whole first cycle.",
        findings="Results met.",
        rating="green",
        recommendation="renew",
    )

    assert states(partnership)["An evaluation done"] == MET


# Two of the approving level deciding at once


def test_the_second_of_two_decisions_is_told_who_decided_first(partnership, coordinator, executive, ministry):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    colleague = person(ministry, Role.EXECUTIVE, user__first_name="Alice", user__last_name="Martin")
    stale = GateRequest.objects.get(pk=request.pk)
    services.gate_decide(request=request, by=colleague, outcome="stop", reason="Not worth it.")
    GateDecision.objects.update(decided_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))

    with pytest.raises(ValidationError) as error:
        services.gate_decide(request=stale, by=executive, outcome="go", reason="Good groundwork.")

    assert error.value.messages == [
        "On Dec. 2, 2026, 10:04, Alice Martin decided this gate: Stop. Your decision was not saved."
    ]
    assert list(GateDecision.objects.values_list("decided_by", "outcome")) == [(colleague.pk, "stop")]


def test_the_decision_page_tells_the_second_who_decided_first(
    client_for, coordinator, executive, ministry, partnership
):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    colleague = person(ministry, Role.EXECUTIVE, user__first_name="Alice", user__last_name="Martin")
    services.gate_decide(request=request, by=colleague, outcome="stop", reason="Not worth it.")
    GateDecision.objects.update(decided_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))

    response = client_for(executive).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {"outcome": "go", "reason": "Good groundwork.", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("assessments:gate", args=[partnership.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "On Dec. 2, 2026, 10:04, Alice Martin decided this gate: Stop. Your decision was not saved."
    ]
    assert GateDecision.objects.count() == 1


def test_someone_outside_the_approving_level_is_not_told_about_a_decision(
    client_for, coordinator, executive, partnership
):
    settle_points(partnership, [1, 2, 3])
    request = services.gate_request(partnership=partnership, by=coordinator)
    services.gate_decide(request=request, by=executive, outcome="hold", reason="Wait.")

    response = client_for(coordinator).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {"outcome": "go", "reason": "Go.", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
    )

    assert response.status_code == 403

"""Under a steering committee a gate is decided by the committee, not by whichever member executive clicks first.

A member proposes; each member ministry records its position through its executive (or delegate); the decision
carries when the partners' rule (point 11: every member, or a majority) is met.
"""

from datetime import UTC, date, datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services
from assessments.models import GateDecision, GatePosition, GateRequest
from meetings.models import ConflictArrangement, Mechanism
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import make_partnership, settle_points
from tests.factories import MembershipFactory, person

DECIDE = {"conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0}


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    """MCSS leads, MOH and EDU support; a steering committee runs it."""
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    Partnership.objects.filter(pk=partnership.pk).update(operating_mechanism="steering_committee")
    return Partnership.objects.with_participants().get(pk=partnership.pk)


@pytest.fixture
def pending(partnership, coordinator):
    settle_points(partnership, [1, 2, 3])
    return services.gate_request(partnership=partnership, by=coordinator, note="Ready to plan.")


@pytest.fixture
def edu_executive(third_ministry):
    return person(third_ministry, Role.EXECUTIVE, user__first_name="Omar", user__last_name="Said")


def majority(partnership):
    ConflictArrangement.objects.create(
        partnership=partnership, mechanism=Mechanism.WEIGHTED_VOTE, committee_rule="majority"
    )


def propose(client, partnership, outcome="go", reason="The groundwork is done."):
    return client.post(
        reverse("assessments:gate_decide", args=[partnership.pk]), {"outcome": outcome, "reason": reason, **DECIDE}
    )


def position(client, partnership, ministry, stance, comment=""):
    return client.post(
        reverse("assessments:gate_position", args=[partnership.pk]),
        {"ministry": ministry.pk, "stance": stance, "comment": comment},
    )


def messages_of(response):
    """What the person is told after this post (the messages of their earlier posts are still queued)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def phase(partnership):
    return Partnership.objects.get(pk=partnership.pk).phase


def test_a_supporting_executive_alone_cannot_pass_the_gate(client_for, pending, partnership, other_executive):
    response = propose(client_for(other_executive), partnership)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Your proposal is with the steering committee. It carries when enough members approve it."
    ]
    assert (phase(partnership), GateDecision.objects.count()) == ("initiation", 0)
    assert list(GatePosition.objects.values_list("ministry__short_name", "stance")) == [("MOH", "approve")]


def test_the_gate_passes_when_every_member_approves(
    client_for, pending, partnership, ministry, third_ministry, executive, other_executive, edu_executive
):
    propose(client_for(other_executive), partnership)
    position(client_for(executive), partnership, ministry, "approve")
    still = (phase(partnership), GateDecision.objects.count())

    response = position(client_for(edu_executive), partnership, third_ministry, "approve", "Agreed.")

    assert still == ("initiation", 0)
    assert messages_of(response) == ["Your ministry's position carried the committee's decision: Go."]
    decision = GateDecision.objects.get()
    assert (decision.outcome, decision.decided_by, decision.reason) == ("go", edu_executive, "The groundwork is done.")
    assert phase(partnership) == "planning"


def test_under_the_all_rule_a_refusal_stops_the_proposal_and_makes_way_for_another(
    client_for, pending, partnership, ministry, executive, other_executive
):
    propose(client_for(other_executive), partnership)
    without_reason = position(client_for(executive), partnership, ministry, "refuse")
    position(client_for(executive), partnership, ministry, "refuse", "Point 3 is not settled for us.")
    page = client_for(other_executive).get(reverse("assessments:gate", args=[partnership.pk]))

    assert messages_of(without_reason) == ["Say why your ministry refuses, so the others can respond."]
    assert "This proposal cannot carry: refused by Ministry of Community and Social Services." in (
        page.content.decode()
    )
    assert (page.context["may_propose"], page.context["position_form"]) == (True, None)

    propose(client_for(executive), partnership, outcome="hold", reason="Settle point 3 first.")

    pending.refresh_from_db()
    assert (pending.proposed_outcome, pending.proposed_by) == ("hold", executive)
    assert list(pending.positions.values_list("ministry__short_name", "stance")) == [("MCSS", "approve")]


def test_under_the_majority_rule_two_of_three_members_carry_it(
    client_for, pending, partnership, ministry, executive, other_executive
):
    majority(partnership)
    propose(client_for(other_executive), partnership)

    position(client_for(executive), partnership, ministry, "approve")

    assert GateDecision.objects.get().outcome == "go"
    assert phase(partnership) == "planning"


def test_under_the_majority_rule_the_page_says_what_is_still_needed(
    client_for, pending, partnership, other_executive, field_officer
):
    majority(partnership)
    propose(client_for(other_executive), partnership)

    page = client_for(field_officer).get(reverse("assessments:gate", args=[partnership.pk]))

    text = page.content.decode()
    assert "The decision carries when a majority of the member ministries approves it." in text
    assert (
        "A majority of the member ministries must approve. Still needed: 1 more approval, from "
        "Ministry of Community and Social Services, Ministry of Education." in text
    )
    assert [(m.short_name, p.stance if p else None) for m, p in page.context["tally"].rows] == [
        ("MCSS", None),
        ("EDU", None),
        ("MOH", "approve"),
    ]
    assert page.context["position_form"] is None


def test_under_the_majority_rule_two_refusals_of_three_stop_it(
    client_for, pending, partnership, ministry, third_ministry, executive, other_executive, edu_executive
):
    majority(partnership)
    propose(client_for(other_executive), partnership)
    position(client_for(executive), partnership, ministry, "refuse", "Too early.")
    position(client_for(edu_executive), partnership, third_ministry, "abstain")

    late = position(client_for(edu_executive), partnership, third_ministry, "approve")

    assert messages_of(late) == ["This proposal cannot carry any more. Propose a new decision instead."]
    assert GateDecision.objects.count() == 0


def test_the_page_of_a_member_shows_the_positions_and_the_form(
    client_for, pending, partnership, ministry, other_executive, executive
):
    propose(client_for(other_executive), partnership)

    page = client_for(executive).get(reverse("assessments:gate", args=[partnership.pk]))

    text = page.content.decode()
    assert "Every member ministry must approve. Still needed: the positions of " in text
    assert page.context["position_form"].ministries == {ministry.pk: ministry}
    assert page.context["may_propose"] is False


def test_a_second_proposal_while_one_is_open_is_refused_and_says_whose_it_is(
    client_for, pending, partnership, executive, other_ministry
):
    proposer = person(other_ministry, Role.EXECUTIVE, user__first_name="Alice", user__last_name="Martin")
    propose(client_for(proposer), partnership)
    GateRequest.objects.update(proposed_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))

    response = propose(client_for(executive), partnership, outcome="stop", reason="Not worth it.")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Alice Martin already proposed on Dec. 2, 2026, 10:04: Go. Record your ministry's position on that "
        "proposal on the gate page; a new one can be made if it does not carry."
    ]
    pending.refresh_from_db()
    assert pending.proposed_outcome == "go"


def test_a_position_after_the_decision_is_told_what_happened_and_who_did_it(
    client_for, pending, partnership, ministry, third_ministry, executive, other_executive, edu_executive
):
    majority(partnership)
    propose(client_for(other_executive), partnership)
    stale = client_for(edu_executive)
    position(client_for(executive), partnership, ministry, "approve")
    GateDecision.objects.update(decided_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))

    response = position(stale, partnership, third_ministry, "refuse", "Too early.")

    assert messages_of(response) == [
        f"On Dec. 2, 2026, 10:04 the steering committee decided this gate: Go; {executive} gave the last "
        "position needed. Nothing was changed."
    ]
    assert GatePosition.objects.filter(stance="refuse").count() == 0


def test_a_stale_position_racing_the_decision_is_told_by_the_service(
    pending, partnership, ministry, third_ministry, executive, other_executive, edu_executive
):
    majority(partnership)
    services.gate_decide(request=pending, by=other_executive, outcome="go", reason="Ready.")
    stale = GateRequest.objects.get(pk=pending.pk)
    services.gate_position_set(request=pending, ministry=ministry, by=executive, stance="approve")

    with pytest.raises(ValidationError) as error:
        services.gate_position_set(request=stale, ministry=third_ministry, by=edu_executive, stance="approve")

    assert "the steering committee decided this gate: Go" in error.value.messages[0]


def test_a_proposal_racing_the_decision_is_told_what_happened(
    client_for, pending, partnership, ministry, executive, other_executive, edu_executive
):
    majority(partnership)
    propose(client_for(other_executive), partnership)
    position(client_for(executive), partnership, ministry, "approve")

    response = propose(client_for(edu_executive), partnership, outcome="stop", reason="No.")

    assert "the steering committee decided this gate: Go" in messages_of(response)[0]


def test_who_may_record_a_position(client_for, pending, partnership, ministry, coordinator, outsider, other_executive):
    propose(client_for(other_executive), partnership)

    assert position(client_for(coordinator), partnership, ministry, "approve").status_code == 403
    assert position(client_for(outsider), partnership, ministry, "approve").status_code == 404
    assert GatePosition.objects.count() == 1


def test_a_delegate_speaks_for_their_ministry_on_the_committee(
    client_for, pending, partnership, ministry, other_executive
):
    delegate = MembershipFactory(ministry=ministry, role=Role.COORDINATOR, can_sign=True).user
    propose(client_for(other_executive), partnership)

    position(client_for(delegate), partnership, ministry, "abstain")

    assert list(GatePosition.objects.values_list("ministry__short_name", "stance", "by")) == [
        ("MCSS", "abstain", delegate.pk),
        ("MOH", "approve", other_executive.pk),
    ]


def test_a_member_cannot_give_another_members_position(client_for, pending, partnership, ministry, other_executive):
    propose(client_for(other_executive), partnership)

    response = position(client_for(other_executive), partnership, ministry, "approve")

    assert messages_of(response) == ["Choose your ministry's position: approve, refuse or abstain."]
    assert GatePosition.objects.count() == 1


def test_a_position_before_any_proposal_is_refused(client_for, pending, partnership, ministry, executive):
    response = position(client_for(executive), partnership, ministry, "approve")

    assert messages_of(response) == ["Nothing is proposed yet. Propose the committee's decision first."]


def test_a_position_when_nothing_waits_says_so(client_for, partnership, ministry, executive):
    response = position(client_for(executive), partnership, ministry, "approve")

    assert messages_of(response) == ["Nothing waits for the committee's decision any more."]


def test_the_decide_page_says_it_proposes_to_the_committee(client_for, pending, partnership, executive):
    page = client_for(executive).get(reverse("assessments:gate_decide", args=[partnership.pk]))

    assert "what you choose here is proposed to the committee as your ministry" in page.content.decode()


def test_a_carried_go_with_conditions_creates_its_action_items(
    pending, partnership, ministry, other_ministry, executive, other_executive
):
    majority(partnership)
    due = date(2027, 1, 15)
    services.gate_decide(
        request=pending,
        by=other_executive,
        outcome="go_conditions",
        reason="Almost there.",
        conditions=[{"text": "Name a data steward", "ministry": other_ministry, "due_date": due}],
    )

    services.gate_position_set(request=pending, ministry=ministry, by=executive, stance="approve")

    assert list(partnership.action_items.values_list("title", "owner_ministry", "due_date")) == [
        ("Name a data steward", other_ministry.pk, due)
    ]

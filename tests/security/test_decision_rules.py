"""How votes weigh and when a steering committee's gate decision carries are the partners' rules:
one partner's coordinator cannot change them alone through the point-11 worksheet (issue 15, items 2 and 3).

A change of either becomes a proposal, agreed by the executive of every participating organisation
like any change of the structure; the rules in force stay until then, and the rest of the worksheet
is saved at once.
"""

import pytest
from django.urls import reverse

from assessments.services import committee_rule
from meetings.models import ConflictArrangement, Mechanism
from meetings.services import vote_weights
from ministries.models import Role
from partnerships.models import Partnership, StructureProposal
from tests.builders import make_partnership
from tests.factories import MinistryFactory, person


@pytest.fixture
def third_ministry(db):
    return MinistryFactory(name="Ministry of Education", short_name="EDU")


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    """MCSS leads; MOH and EDU support; run by a steering committee."""
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    Partnership.objects.filter(pk=partnership.pk).update(
        operating_mechanism=Partnership.OperatingMechanism.STEERING_COMMITTEE
    )
    return partnership


@pytest.fixture
def supporting_coordinator(other_ministry):
    return person(other_ministry, Role.COORDINATOR, user__username="moh.coordinator")


@pytest.fixture
def executives(ministry, other_ministry, third_ministry):
    return {
        ministry: person(ministry, Role.EXECUTIVE),
        other_ministry: person(other_ministry, Role.EXECUTIVE),
        third_ministry: person(third_ministry, Role.EXECUTIVE),
    }


def _worksheet(client, partnership, **changes):
    data = {
        "mechanism": Mechanism.WEIGHTED_VOTE,
        "approving_level": "",
        "weighting": "risk_share",
        "committee_rule": "all",
        "escalation": "To the deputy ministers.",
        "reason": "",
    } | changes
    return client.post(reverse("assessments:worksheet_conflict", args=[partnership.pk]), data, follow=True)


def _answer(client, proposal, ministry):
    url = reverse("partnerships:proposal_answer", args=[proposal.partnership_id, proposal.pk])
    return client.post(url, {"ministry": ministry.pk, "answer": "agree"}, follow=True)


def test_a_first_worksheet_that_keeps_the_defaults_is_saved_at_once(client_for, supporting_coordinator, partnership):
    response = _worksheet(client_for(supporting_coordinator), partnership)

    assert [str(m) for m in response.context["messages"]] == ["The worksheet is saved."]
    arrangement = ConflictArrangement.objects.get(partnership=partnership)
    assert (arrangement.weighting, arrangement.committee_rule, arrangement.escalation) == (
        "risk_share",
        "all",
        "To the deputy ministers.",
    )
    assert not StructureProposal.objects.exists()


def test_a_supporting_coordinator_cannot_make_a_majority_decide_alone(
    client_for, supporting_coordinator, partnership, executives, ministry, other_ministry, third_ministry
):
    client = client_for(supporting_coordinator)
    _worksheet(client, partnership)

    # Without a reason nothing is proposed, and the page says why next to the field.
    response = _worksheet(client, partnership, committee_rule="majority", escalation="To the ministers.")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reason": ["Say why you propose this change, so the other partners can decide."]
    }
    assert not StructureProposal.objects.exists()

    response = _worksheet(
        client, partnership, committee_rule="majority", escalation="To the ministers.", reason="Faster decisions."
    )

    proposal = StructureProposal.objects.get()
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert [str(m) for m in response.context["messages"]] == [
        "Your other answers are saved. The change to the weight of votes or the committee's rule waits for "
        "every partner's agreement."
    ]
    # The rule in force stays "every member"; the other answers are saved.
    arrangement = ConflictArrangement.objects.get(partnership=partnership)
    assert (arrangement.committee_rule, arrangement.escalation) == ("all", "To the ministers.")
    assert committee_rule(partnership) == "all"
    page = client_for(executives[ministry]).get(proposal.get_absolute_url())
    assert [(c.label, c.old, c.new) for c in page.context["changes"]] == [
        (
            "When a steering committee's gate decision carries",
            "Every member ministry approves",
            "A majority of the member ministries approves",
        )
    ]

    # Two of three agree: still every member.
    _answer(client_for(executives[other_ministry]), proposal, other_ministry)
    _answer(client_for(executives[ministry]), proposal, ministry)
    assert committee_rule(partnership) == "all"

    response = _answer(client_for(executives[third_ministry]), proposal, third_ministry)

    assert [str(m) for m in response.context["messages"]] == ["Every partner agreed: the change is in effect."]
    assert committee_rule(partnership) == "majority"
    arrangement.refresh_from_db()
    assert (arrangement.committee_rule, arrangement.escalation, arrangement.updated_by) == (
        "majority",
        "To the ministers.",
        executives[third_ministry],
    )


def test_a_coordinator_cannot_reweigh_votes_alone(client_for, coordinator, partnership, executives, ministry):
    ConflictArrangement.objects.create(partnership=partnership, mechanism=Mechanism.WEIGHTED_VOTE)
    before = vote_weights(partnership)

    # Even the lead's coordinator: weighing by the gains would favour whoever gains most.
    _worksheet(client_for(coordinator), partnership, weighting="equal", reason="Simpler.")

    assert vote_weights(partnership) == before
    proposal = StructureProposal.objects.get()
    _answer(client_for(executives[ministry]), proposal, ministry)
    assert vote_weights(partnership).weighting == "risk_share"
    proposal.refresh_from_db()
    assert proposal.is_open


def test_a_refused_change_leaves_the_rules_as_they_were(
    client_for, supporting_coordinator, partnership, executives, ministry
):
    _worksheet(client_for(supporting_coordinator), partnership, committee_rule="majority", reason="Faster.")
    proposal = StructureProposal.objects.get()

    url = reverse("partnerships:proposal_answer", args=[partnership.pk, proposal.pk])
    client_for(executives[ministry]).post(
        url, {"ministry": ministry.pk, "answer": "refuse", "reason": "Every partner must agree to a gate."}
    )

    proposal.refresh_from_db()
    assert proposal.status == StructureProposal.Status.REFUSED
    assert committee_rule(partnership) == "all"


def test_while_a_change_waits_another_cannot_be_proposed(client_for, supporting_coordinator, coordinator, partnership):
    _worksheet(client_for(supporting_coordinator), partnership, committee_rule="majority", reason="Faster.")

    response = _worksheet(client_for(coordinator), partnership, weighting="equal", reason="Simpler.")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A change is already waiting for the partners. Wait for their answer, or withdraw it if it is yours."
    ]
    assert StructureProposal.objects.count() == 1

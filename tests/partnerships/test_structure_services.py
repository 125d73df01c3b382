"""The rules of a structure proposal as its services keep them, whatever page calls them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ministries.models import Role
from partnerships.models import Partnership, StructureProposal
from partnerships.services import (
    structure_agree,
    structure_propose,
    structure_refuse,
    structure_snapshot,
    structure_withdraw,
)
from tests.builders import make_partnership
from tests.factories import MinistryFactory, person


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


def _propose(partnership, by, **fields):
    after = structure_snapshot(partnership, fields={"status": "on_hold", **fields})
    return structure_propose(partnership=partnership, by=by, after=after, reason="A pause.")


def test_a_closed_partnership_takes_no_proposal(partnership, coordinator):
    Partnership.objects.filter(pk=partnership.pk).update(status="closed")

    with pytest.raises(ValidationError) as error:
        _propose(partnership, coordinator, status="active")

    assert error.value.messages == ["This partnership is closed. Nothing about it changes any more."]


def test_a_second_open_proposal_is_refused(partnership, coordinator):
    _propose(partnership, coordinator)

    with pytest.raises(ValidationError) as error:
        _propose(partnership, coordinator, operating_mechanism="steering_committee")

    assert error.value.messages == [
        "A change is already waiting for the partners. Wait for their answer, or withdraw it if it is yours."
    ]
    assert StructureProposal.objects.count() == 1


def test_an_ended_proposal_takes_no_answer_and_cannot_be_withdrawn(partnership, coordinator, executive, ministry):
    proposal = _propose(partnership, coordinator)
    structure_withdraw(proposal=proposal, by=coordinator)

    for attempt in (
        lambda: structure_agree(proposal=proposal, ministry=ministry, by=executive),
        lambda: structure_refuse(proposal=proposal, ministry=ministry, by=executive, reason="No."),
        lambda: structure_withdraw(proposal=proposal, by=coordinator),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == ["This proposal is no longer open: it was agreed, refused or withdrawn."]


def test_only_a_signatory_answers_and_only_the_proposer_withdraws(
    partnership, coordinator, executive, ministry, other_ministry
):
    proposal = _propose(partnership, coordinator)
    stranger = person(other_ministry, Role.COORDINATOR)

    with pytest.raises(PermissionDenied):
        structure_agree(proposal=proposal, ministry=ministry, by=coordinator)
    with pytest.raises(PermissionDenied):
        structure_refuse(proposal=proposal, ministry=other_ministry, by=executive, reason="Not ours to say.")
    with pytest.raises(PermissionDenied):
        structure_withdraw(proposal=proposal, by=stranger)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.agreements.count()) == ("open", 0)


@pytest.mark.parametrize("ministries", [2, 6])
def test_proposal_page_queries_do_not_grow_with_ministries(
    client_for, coordinator, ministry, ministries, django_assert_num_queries
):
    partnership = make_partnership([ministry, *[MinistryFactory() for _ in range(ministries - 1)]])
    proposal = _propose(partnership, coordinator)
    client = client_for(coordinator)

    with django_assert_num_queries(9):
        response = client.get(proposal.get_absolute_url())

    assert len(response.context["answers"]) == ministries

"""A weighted vote weighs each ministry as the partners agreed at point 11; risk shares until they agree."""

from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from meetings.models import ConflictArrangement, Decision, Mechanism
from meetings.services import vote_weights
from ministries.models import Role
from partnerships.models import StructureProposal
from partnerships.services import partnership_create, structure_agree
from tests.factories import MembershipFactory, MinistryFactory, person

D = Decimal


@pytest.fixture
def third_ministry(db):
    return MinistryFactory(name="Ministry of Education", short_name="EDU")


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry, coordinator):
    """MCSS leads; it takes most of the gains but little of the risks."""
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families wait.", "public_value": "One door."},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": D(70), "risk_share": D(20)},
            {"ministry": other_ministry, "role": "supporting", "gain_share": D(20), "risk_share": D(30)},
            {"ministry": third_ministry, "role": "supporting", "gain_share": D(10), "risk_share": D(50)},
        ],
    )


def agree(client, partnership, weighting):
    """Save the point-11 worksheet the way its page posts it. Another weighting is a proposal: it takes
    effect when the executive of every partner agreed (tests/security/test_decision_rules.py)."""
    response = client.post(
        reverse("assessments:worksheet_conflict", args=[partnership.pk]),
        {
            "mechanism": "weighted_vote",
            "approving_level": "",
            "weighting": weighting,
            "committee_rule": "all",
            "escalation": "",
            "reason": "As agreed at the partners' meeting.",
        },
    )
    assert response.status_code == 302
    proposal = StructureProposal.objects.filter(partnership=partnership).open().first()
    if proposal is not None:
        for participation in partnership.participants:
            executive = person(participation.ministry, Role.EXECUTIVE)
            structure_agree(proposal=proposal, ministry=participation.ministry, by=executive)
    return response


def decision_page(client, partnership):
    return client.get(reverse("meetings:decision_new", args=[partnership.pk]))


def text(page):
    return unescape(page.content.decode())


def initial_weights(page, ministries):
    """The weights the decision form shows (there is nothing to type)."""
    shown = page.context["weights"].by_ministry_id()
    return {m.short_name: shown[m.pk] for m in ministries}


@pytest.fixture
def speaks_for_all(ministry, other_ministry, third_ministry):
    """A coordinator who is also an executive of every partner: the votes they record count at once."""
    user = person(ministry, Role.COORDINATOR)
    for each in (ministry, other_ministry, third_ministry):
        MembershipFactory(user=user, ministry=each, role=Role.EXECUTIVE)
    return user


WEIGHTS = {
    "risk_share": {"MCSS": D("20.00"), "EDU": D("50.00"), "MOH": D("30.00")},
    "gain_share": {"MCSS": D("70.00"), "EDU": D("10.00"), "MOH": D("20.00")},
    "equal": {"MCSS": D("33.33"), "EDU": D("33.33"), "MOH": D("33.33")},
}


def test_conflict_arrangement_and_decisions_share_one_mechanism():
    field = ConflictArrangement._meta.get_field("mechanism")

    assert field.choices == Mechanism.choices
    assert Decision._meta.get_field("mechanism").choices == Mechanism.choices


def test_vote_weights_without_an_agreement_are_the_risk_shares(partnership):
    weights = vote_weights(partnership)

    assert (weights.weighting, weights.agreed) == ("risk_share", False)
    assert [(m.short_name, w) for m, w in weights.rows] == [("MCSS", D(20)), ("EDU", D(50)), ("MOH", D(30))]


@pytest.mark.parametrize("weighting", ["risk_share", "gain_share", "equal"])
def test_vote_weights_follow_the_agreed_weighting(weighting, partnership, coordinator, client_for):
    agree(client_for(coordinator), partnership, weighting)

    weights = vote_weights(partnership)

    assert (weights.weighting, weights.agreed) == (weighting, True)
    assert {m.short_name: w for m, w in weights.rows} == WEIGHTS[weighting]


@pytest.mark.parametrize("weighting", ["risk_share", "gain_share", "equal"])
def test_conflict_worksheet_shows_the_agreed_weights(weighting, partnership, coordinator, client_for):
    client = client_for(coordinator)
    agree(client, partnership, weighting)

    page = client.get(reverse("assessments:worksheet_conflict", args=[partnership.pk]))

    assert {m.short_name: w for m, w in page.context["weights"].rows} == WEIGHTS[weighting]
    label = ConflictArrangement.Weighting(weighting).label
    assert f"Weight of each vote: {label}" in text(page)


@pytest.mark.parametrize("weighting", ["risk_share", "gain_share", "equal"])
def test_decision_form_starts_from_the_agreed_weights(
    weighting, partnership, ministry, other_ministry, third_ministry, coordinator, client_for
):
    client = client_for(coordinator)
    agree(client, partnership, weighting)

    page = decision_page(client, partnership)

    assert initial_weights(page, [ministry, third_ministry, other_ministry]) == WEIGHTS[weighting]
    label = ConflictArrangement.Weighting(weighting).label
    assert f"The partners agreed on the weight of each vote at point 11: {label}." in text(page)
    assert f'name="weight_{ministry.pk}"' not in text(page)


def test_decision_form_without_an_agreement_starts_from_the_risk_shares_and_says_so(
    partnership, ministry, other_ministry, third_ministry, coordinator, client_for
):
    page = decision_page(client_for(coordinator), partnership)

    assert initial_weights(page, [ministry, third_ministry, other_ministry]) == WEIGHTS["risk_share"]
    assert (
        "The partners have not agreed on the weight of each vote at point 11 yet. Until they do, each organisation's "
        "vote weighs its share of the partnership's risks." in text(page)
    )


@pytest.mark.parametrize(
    ("weighting", "outcome", "message"),
    [
        # MCSS for, EDU and MOH against: 70 against 30 by gains, 20 against 80 by risks, one against two when equal.
        ("gain_share", "adopted", "The decision is recorded: Adopted."),
        ("risk_share", "rejected", "The decision is recorded: Not adopted."),
        ("equal", "rejected", "The decision is recorded: Not adopted."),
    ],
)
def test_decision_recorded_with_the_agreed_weights_uses_them(
    weighting,
    outcome,
    message,
    partnership,
    ministry,
    other_ministry,
    third_ministry,
    coordinator,
    speaks_for_all,
    client_for,
):
    agree(client_for(coordinator), partnership, weighting)
    client = client_for(speaks_for_all)

    response = client.post(
        reverse("meetings:decision_new", args=[partnership.pk]),
        {
            "title": "Open the shared desk on Saturdays",
            "text": "",
            "decided_on": timezone.localdate().isoformat(),
            "meeting": "",
            "mechanism": "weighted_vote",
            "consensus_reached": "yes",
            "approving_level": "",
            "approving_outcome": "adopted",
            f"vote_{ministry.pk}": "for",
            f"vote_{third_ministry.pk}": "against",
            f"vote_{other_ministry.pk}": "against",
            # A weight typed into a forged post is not a field of the form: it is ignored.
            f"weight_{ministry.pk}": "100",
            f"weight_{third_ministry.pk}": "0",
            f"weight_{other_ministry.pk}": "0",
        },
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][-1:] == [message]
    decision = Decision.objects.get()
    assert decision.outcome == outcome
    assert {v.ministry.short_name: (v.choice, v.weight) for v in decision.votes.all()} == {
        "MCSS": ("for", WEIGHTS[weighting]["MCSS"]),
        "EDU": ("against", WEIGHTS[weighting]["EDU"]),
        "MOH": ("against", WEIGHTS[weighting]["MOH"]),
    }


def test_decision_recorded_with_equal_weights_and_an_abstention_is_a_tie(
    partnership, ministry, other_ministry, third_ministry, coordinator, speaks_for_all, client_for
):
    agree(client_for(coordinator), partnership, "equal")
    client = client_for(speaks_for_all)

    client.post(
        reverse("meetings:decision_new", args=[partnership.pk]),
        {
            "title": "Open the shared desk on Saturdays",
            "decided_on": timezone.localdate().isoformat(),
            "mechanism": "weighted_vote",
            f"vote_{ministry.pk}": "for",
            f"vote_{third_ministry.pk}": "against",
            f"vote_{other_ministry.pk}": "abstain",
        },
    )

    assert Decision.objects.get().outcome == Decision.Outcome.TIE

"""Each party casts its own vote, or confirms the one a coordinator recorded; only votes that count count.

A party speaks through its executives, whoever it delegated signing to, or the people it sent to the
meeting. The weight of each vote comes from point 11, never from what someone types.
"""

from datetime import UTC, datetime
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import ConflictArrangement, Decision, Mechanism, Meeting, Vote
from ministries.models import Role
from tests.builders import make_partnership
from tests.factories import BudgetFactory, ContributionFactory, MembershipFactory, ParticipationFactory, person

D = Decimal


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    """MCSS leads; risk shares 50, 30 (MOH) and 20 (EDU)."""
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    shares = {ministry.pk: D("50"), other_ministry.pk: D("30"), third_ministry.pk: D("20")}
    for participation in partnership.participations.all():
        participation.risk_share = shares[participation.ministry_id]
        participation.save()
    return partnership


@pytest.fixture
def meeting(partnership, ministry, other_ministry, third_ministry, coordinator):
    return meeting_services.meeting_save(
        partnership=partnership,
        by=coordinator,
        fields={"kind": Meeting.Kind.STEERING_COMMITTEE, "date": timezone.localdate()},
        attendance={ministry: "Claire Tremblay", other_ministry: "", third_ministry: "Nadia Haddad, Omar Said"},
    )


@pytest.fixture
def recorded(partnership, meeting, ministry, other_ministry, third_ministry, coordinator):
    """The coordinator heard MCSS for, MOH against, EDU abstaining: nothing counts yet."""
    return meeting_services.decision_record(
        partnership=partnership,
        by=coordinator,
        title="Open the shared desk on Saturdays",
        mechanism=Mechanism.WEIGHTED_VOTE,
        meeting=meeting,
        votes=[(ministry, "for"), (other_ministry, "against"), (third_ministry, "abstain")],
    )


def vote_url(decision):
    return reverse("meetings:decision_vote", args=[decision.partnership_id, decision.pk])


def cast(client, decision, ministry, choice):
    prefix = f"decision-{decision.pk}"
    return client.post(vote_url(decision), {f"{prefix}-ministry": ministry.pk, f"{prefix}-choice": choice})


def messages_of(response):
    """What the person is told after this post (the messages of their earlier posts are still queued)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def counted(decision):
    return list(
        Vote.objects.filter(decision=decision, confirmed_at__isnull=False).values_list("ministry__short_name", "choice")
    )


def test_a_vote_recorded_by_a_coordinator_waits_for_each_party_to_confirm_it(
    client_for, recorded, ministry, other_ministry, third_ministry, executive, other_executive
):
    edu_executive = person(third_ministry, Role.EXECUTIVE)

    cast(client_for(other_executive), recorded, other_ministry, "against")
    cast(client_for(executive), recorded, ministry, "for")
    recorded.refresh_from_db()
    waiting = (recorded.outcome, counted(recorded))
    response = cast(client_for(edu_executive), recorded, third_ministry, "against")

    recorded.refresh_from_db()
    assert waiting == ("waiting", [("MCSS", "for"), ("MOH", "against")])
    # 50 for, 30 + 20 against: a tie, for the approving level.
    assert (recorded.outcome, counted(recorded)) == ("tie", [("MCSS", "for"), ("EDU", "against"), ("MOH", "against")])
    assert messages_of(response) == ["The vote of EDU is counted. The decision: Tie — goes to the approving level."]
    assert list(recorded.votes.values_list("ministry__short_name", "recorded_by", "confirmed_by")) == [
        ("MCSS", recorded.created_by_id, executive.pk),
        ("EDU", recorded.created_by_id, edu_executive.pk),
        ("MOH", recorded.created_by_id, other_executive.pk),
    ]


def test_a_party_cannot_cast_another_partys_vote(client_for, recorded, ministry, other_executive):
    response = cast(client_for(other_executive), recorded, ministry, "against")

    assert messages_of(response) == ["Choose your ministry's vote: for, against or abstains."]
    assert counted(recorded) == []
    with pytest.raises(PermissionDenied):
        meeting_services.vote_cast(decision=recorded, ministry=ministry, by=other_executive, choice="against")


def test_a_coordinator_speaks_for_no_party_and_an_outsider_sees_nothing(
    client_for, recorded, ministry, coordinator, outsider
):
    assert cast(client_for(coordinator), recorded, ministry, "for").status_code == 403
    assert cast(client_for(outsider), recorded, ministry, "for").status_code == 404
    assert counted(recorded) == []


def test_the_representative_at_the_meeting_casts_the_partys_vote(client_for, recorded, third_ministry):
    present = person(third_ministry, Role.COORDINATOR, user__first_name="Nadia", user__last_name="Haddad")
    absent = person(third_ministry, Role.COORDINATOR, user__first_name="Paul", user__last_name="Roy")

    refused = cast(client_for(absent), recorded, third_ministry, "for")
    cast(client_for(present), recorded, third_ministry, "for")

    assert refused.status_code == 403
    assert counted(recorded) == [("EDU", "for")]


def test_a_delegated_signatory_casts_the_partys_vote(client_for, recorded, other_ministry):
    delegate = MembershipFactory(ministry=other_ministry, role=Role.COORDINATOR, can_sign=True).user

    cast(client_for(delegate), recorded, other_ministry, "for")

    assert counted(recorded) == [("MOH", "for")]


def test_a_vote_that_counts_is_final_and_the_second_is_told_who_cast_it(client_for, recorded, other_ministry):
    first = person(other_ministry, Role.EXECUTIVE, user__first_name="Alice", user__last_name="Martin")
    cast(client_for(first), recorded, other_ministry, "against")
    Vote.objects.filter(confirmed_by=first).update(confirmed_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))

    response = cast(client_for(person(other_ministry, Role.EXECUTIVE)), recorded, other_ministry, "for")

    assert messages_of(response) == [
        "Alice Martin already cast the vote of MOH on Dec. 2, 2026, 10:04: Against. It counts as it is."
    ]
    assert counted(recorded) == [("MOH", "against")]


def test_a_vote_needs_a_choice(client_for, recorded, other_ministry, other_executive):
    response = cast(client_for(other_executive), recorded, other_ministry, "maybe")

    assert messages_of(response) == ["Choose your ministry's vote: for, against or abstains."]
    with pytest.raises(ValidationError):
        meeting_services.vote_cast(decision=recorded, ministry=other_ministry, by=other_executive, choice="maybe")
    assert counted(recorded) == []


def test_a_party_that_joined_after_the_vote_opened_has_no_vote(recorded, partnership):
    latecomer = ParticipationFactory(partnership=partnership).ministry
    executive = person(latecomer, Role.EXECUTIVE)
    partnership.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        meeting_services.vote_cast(decision=recorded, ministry=latecomer, by=executive, choice="for")

    assert error.value.messages == ["This ministry has no vote on this decision."]


def test_votes_recorded_by_someone_who_speaks_for_the_party_count_at_once(
    partnership, ministry, other_ministry, executive
):
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=executive,
        title="Shared intake",
        mechanism=Mechanism.WEIGHTED_VOTE,
        votes=[(ministry, "for"), (other_ministry, "against")],
    )

    # MCSS's executive speaks for MCSS only; MOH's recorded vote and EDU's missing one wait.
    assert (decision.outcome, counted(decision)) == ("waiting", [("MCSS", "for")])


def test_the_meeting_page_shows_totals_what_waits_and_the_form_to_confirm(
    client_for, recorded, meeting, other_ministry, other_executive, executive
):
    cast(client_for(executive), recorded, recorded.partnership.lead.ministry, "for")

    page = client_for(other_executive).get(reverse("meetings:meeting", args=[recorded.partnership_id, meeting.pk]))

    text = unescape(page.content.decode())
    assert "Votes that count: for 50%, against 0%, abstaining 0%." in text
    assert (
        "The outcome waits for these votes to be cast or confirmed by their own organisation: "
        "Ministry of Education, Ministry of Health." in text
    )
    assert "Not yet: recorded by" in text
    (decision,) = page.context["decisions"]
    assert list(decision.vote_form.ministries) == [other_ministry.pk]


def test_the_meetings_tab_lists_the_decisions_waiting_for_votes(client_for, recorded, other_executive):
    page = client_for(other_executive).get(reverse("meetings:meetings", args=[recorded.partnership_id]))

    assert [d.title for d in page.context["waiting_for_votes"]] == ["Open the shared desk on Saturdays"]
    assert "Cast or confirm the vote" in page.content.decode()


def test_a_vote_on_a_conflict_settles_it_only_once_every_vote_counts(
    partnership, ministry, other_ministry, third_ministry, coordinator, executive, other_executive
):
    conflict = meeting_services.conflict_raise(
        partnership=partnership, by=coordinator, ministry=ministry, kind="conflict", title="Who pays", description="x"
    )
    meeting_services.conflict_update(conflict=conflict, by=coordinator, fields={"agreed_definition": "Who pays."})
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=coordinator,
        title="MCSS pays",
        mechanism=Mechanism.WEIGHTED_VOTE,
        conflict=conflict,
        votes=[(ministry, "for")],
    )
    meeting_services.vote_cast(decision=decision, ministry=ministry, by=executive, choice="for")
    meeting_services.vote_cast(decision=decision, ministry=other_ministry, by=other_executive, choice="for")
    conflict.refresh_from_db()
    before = conflict.status

    meeting_services.vote_cast(
        decision=decision, ministry=third_ministry, by=person(third_ministry, Role.EXECUTIVE), choice="against"
    )

    conflict.refresh_from_db()
    assert (before, conflict.status, Decision.objects.get().outcome) == ("open", "resolved", "adopted")


def test_vote_weights_by_money_committed(partnership, ministry, other_ministry, third_ministry):
    ConflictArrangement.objects.create(
        partnership=partnership, mechanism=Mechanism.WEIGHTED_VOTE, weighting="money_committed"
    )
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, fiscal_year=2026, pledged=D(600), committed=D(600))
    ContributionFactory(budget=budget, ministry=ministry, fiscal_year=2027, pledged=D(300), committed=D(150))
    ContributionFactory(budget=budget, ministry=other_ministry, fiscal_year=2026, pledged=D(500), committed=D(250))

    weights = meeting_services.vote_weights(partnership)

    # 750 + 250 committed in all: MCSS 75 %, MOH 25 %, EDU (nothing committed) 0 %.
    assert weights.by_ministry_id() == {ministry.pk: D("75.00"), other_ministry.pk: D("25.00"), third_ministry.pk: 0}
    assert weights.weighting_label == "Each ministry's share of the money committed to the budget"


def test_vote_weights_by_money_before_anything_is_committed_are_equal(partnership, ministry):
    ConflictArrangement.objects.create(
        partnership=partnership, mechanism=Mechanism.WEIGHTED_VOTE, weighting="money_committed"
    )

    assert set(meeting_services.vote_weights(partnership).by_ministry_id().values()) == {D("33.33")}

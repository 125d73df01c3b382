from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import (
    ActionItem,
    Conflict,
    Decision,
    EscalationLevel,
    Mechanism,
    Meeting,
    Vote,
    weighted_vote_outcome,
)
from meetings.services import action_item_create
from ministries.models import Role
from tests.builders import make_partnership
from tests.factories import MembershipFactory, person

D = Decimal


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    shares = {ministry.pk: D("50"), other_ministry.pk: D("30"), third_ministry.pk: D("20")}
    for participation in partnership.participations.all():
        participation.risk_share = shares[participation.ministry_id]
        participation.save()
    return partnership


# Weighted votes


@pytest.mark.parametrize(
    ("votes", "outcome", "totals"),
    [
        ([("for", "50"), ("against", "30"), ("against", "20")], "tie", ("50", "50", "0")),
        ([("for", "50"), ("against", "30"), ("abstain", "20")], "adopted", ("50", "30", "20")),
        ([("against", "50"), ("for", "30"), ("for", "15")], "rejected", ("45", "50", "0")),
        ([("for", "33.33"), ("against", "33.33"), ("abstain", "33.34")], "tie", ("33.33", "33.33", "33.34")),
        ([("abstain", "60"), ("abstain", "40")], "tie", ("0", "0", "100")),
        ([("for", "0.01"), ("against", "0")], "adopted", ("0.01", "0", "0")),
        ([("for", "10"), ("for", "10"), ("against", "60")], "rejected", ("20", "60", "0")),
    ],
)
def test_weighted_vote_outcomes(votes, outcome, totals):
    count = weighted_vote_outcome([(choice, D(weight)) for choice, weight in votes])

    assert count.outcome == outcome
    assert (count.weight_for, count.weight_against, count.weight_abstaining) == tuple(D(t) for t in totals)


def test_a_tie_says_it_goes_to_the_approving_level():
    assert Decision.Outcome.TIE.label == "Tie — goes to the approving level"


def test_vote_weights_default_to_the_risk_shares(partnership, ministry, other_ministry, third_ministry):
    assert meeting_services.vote_weights(partnership).by_ministry_id() == {
        ministry.pk: D("50"),
        other_ministry.pk: D("30"),
        third_ministry.pk: D("20"),
    }


@pytest.fixture
def speaks_for_all(ministry, other_ministry, third_ministry):
    """Someone who is an executive of every partner: the votes they record count at once."""
    user = person(ministry, Role.EXECUTIVE)
    for other in (other_ministry, third_ministry):
        MembershipFactory(user=user, ministry=other, role=Role.EXECUTIVE)
    return user


def test_recording_a_weighted_vote_keeps_each_vote_and_its_weight(
    partnership, ministry, other_ministry, third_ministry, speaks_for_all
):
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=speaks_for_all,
        title="Pool the intake budgets",
        mechanism=Mechanism.WEIGHTED_VOTE,
        votes=[(ministry, "for"), (other_ministry, "against"), (third_ministry, "against")],
    )

    assert (decision.outcome, decision.awaits_approving_level) == ("tie", True)
    assert list(Vote.objects.values_list("ministry__short_name", "choice", "weight")) == [
        ("MCSS", "for", D("50")),
        ("EDU", "against", D("20")),
        ("MOH", "against", D("30")),
    ]


def test_the_approving_level_settles_a_tie(partnership, ministry, other_ministry, third_ministry, speaks_for_all):
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=speaks_for_all,
        title="Pool budgets",
        mechanism=Mechanism.WEIGHTED_VOTE,
        votes=[(ministry, "for"), (other_ministry, "against"), (third_ministry, "against")],
    )
    coordinator = speaks_for_all

    decision = meeting_services.decision_record_verdict(
        decision=decision, by=coordinator, verdict="adopted", verdict_by="The deputy ministers"
    )

    assert (decision.final_label, decision.is_adopted, decision.awaits_approving_level) == (
        "Adopted by the approving level",
        True,
        False,
    )


def test_only_a_referred_decision_takes_a_verdict(partnership, coordinator):
    decision = meeting_services.decision_record(
        partnership=partnership, by=coordinator, title="Monthly meetings", mechanism=Mechanism.CONSENSUS
    )

    with pytest.raises(ValidationError):
        meeting_services.decision_record_verdict(decision=decision, by=coordinator, verdict="adopted", verdict_by="DMs")


def test_consensus_or_not(partnership, coordinator):
    agreed = meeting_services.decision_record(
        partnership=partnership, by=coordinator, title="A", mechanism=Mechanism.CONSENSUS
    )
    split = meeting_services.decision_record(
        partnership=partnership, by=coordinator, title="B", mechanism=Mechanism.CONSENSUS, consensus_reached=False
    )

    assert (agreed.outcome, split.outcome) == ("adopted", "no_consensus")


def test_decision_by_the_approving_level_names_who_decided(partnership, coordinator):
    with pytest.raises(ValidationError) as error:
        meeting_services.decision_record(
            partnership=partnership, by=coordinator, title="A", mechanism=Mechanism.APPROVING_LEVEL
        )
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=coordinator,
        title="A",
        mechanism=Mechanism.APPROVING_LEVEL,
        approving_level="Deputy ministers",
        approving_outcome="rejected",
    )

    assert "approving_level" in error.value.message_dict
    assert (decision.outcome, decision.approving_level) == ("rejected", "Deputy ministers")


def test_only_participating_ministries_vote(partnership, coordinator, outsider_ministry):
    with pytest.raises(ValidationError) as error:
        meeting_services.decision_record(
            partnership=partnership,
            by=coordinator,
            title="A",
            mechanism=Mechanism.WEIGHTED_VOTE,
            votes=[(outsider_ministry, "for")],
        )

    assert "votes" in error.value.message_dict


def test_decision_form_records_the_weighted_vote_waiting_for_the_other_parties(
    client_for, partnership, ministry, other_ministry, third_ministry, coordinator
):
    meeting = meeting_services.meeting_save(
        partnership=partnership,
        by=coordinator,
        fields={"kind": Meeting.Kind.STEERING_COMMITTEE, "date": timezone.localdate()},
        attendance={ministry: "Claire Tremblay", other_ministry: "", third_ministry: "Nadia Haddad"},
    )

    client_for(coordinator).post(
        reverse("meetings:meeting_decision_new", args=[partnership.pk, meeting.pk]),
        {
            "title": "Shared intake form",
            "decided_on": timezone.localdate().isoformat(),
            "mechanism": "weighted_vote",
            f"vote_{ministry.pk}": "for",
            f"vote_{other_ministry.pk}": "against",
            f"vote_{third_ministry.pk}": "abstain",
        },
    )

    decision = Decision.objects.get()
    # A coordinator speaks for no party: every vote waits for its ministry to confirm it.
    assert (decision.meeting, decision.outcome) == (meeting, "waiting")
    assert list(decision.votes.values_list("ministry__short_name", "choice", "confirmed_at")) == [
        ("MCSS", "for", None),
        ("EDU", "abstain", None),
        ("MOH", "against", None),
    ]
    assert list(meeting.attendances.values_list("ministry__short_name", "people")) == [
        ("MCSS", "Claire Tremblay"),
        ("EDU", "Nadia Haddad"),
    ]


def test_decision_form_with_no_votes_opens_the_vote_to_every_party(
    client_for, partnership, ministry, other_ministry, third_ministry, coordinator
):
    response = client_for(coordinator).post(
        reverse("meetings:decision_new", args=[partnership.pk]),
        {"title": "X", "decided_on": timezone.localdate().isoformat(), "mechanism": "weighted_vote"},
    )

    decision = Decision.objects.get()
    assert (response.status_code, decision.outcome) == (302, "waiting")
    votes = list(decision.votes.values_list("ministry__short_name", "choice"))
    assert votes == [("MCSS", ""), ("EDU", ""), ("MOH", "")]


# Conflicts and the escalation ladder


@pytest.fixture
def conflict(partnership, coordinator, ministry):
    return meeting_services.conflict_raise(
        partnership=partnership,
        by=coordinator,
        ministry=ministry,
        kind=Conflict.Kind.CONFLICT,
        title="Who pays for the shared intake worker",
        description="MOH says MCSS; MCSS says both.",
    )


def test_a_conflict_starts_with_the_working_group_dated_today(conflict):
    assert list(conflict.escalations.values_list("level", "reached_on")) == [
        (EscalationLevel.WORKING_GROUP, timezone.localdate())
    ]


def test_escalation_goes_up_one_rung_at_a_time_to_the_approving_level(conflict, coordinator):
    today = timezone.localdate()
    meeting_services.conflict_escalate(conflict=conflict, by=coordinator, reached_on=today, note="No agreement")
    meeting_services.conflict_escalate(conflict=conflict, by=coordinator, reached_on=today)

    with pytest.raises(ValidationError):
        meeting_services.conflict_escalate(conflict=conflict, by=coordinator)
    assert list(conflict.escalations.values_list("level", flat=True)) == [1, 2, 3]


def test_escalation_date_cannot_go_back(conflict, coordinator):
    with pytest.raises(ValidationError):
        meeting_services.conflict_escalate(
            conflict=conflict, by=coordinator, reached_on=timezone.localdate() - timedelta(days=3)
        )


def test_no_decision_before_the_partners_agree_on_what_the_conflict_is(conflict, partnership, coordinator):
    with pytest.raises(ValidationError) as error:
        meeting_services.decision_record(
            partnership=partnership, by=coordinator, title="Split", mechanism=Mechanism.CONSENSUS, conflict=conflict
        )

    assert "title" in error.value.message_dict


def test_a_decision_resolves_the_conflict(conflict, partnership, coordinator):
    meeting_services.conflict_update(
        conflict=conflict,
        by=coordinator,
        fields={"agreed_definition": "Nobody budgeted the worker.", "alternatives": "MCSS pays\nSplit 50/50\n"},
    )
    meeting_services.decision_record(
        partnership=partnership, by=coordinator, title="Split", mechanism=Mechanism.CONSENSUS, conflict=conflict
    )

    conflict.refresh_from_db()
    assert (conflict.status, conflict.resolved_at is not None) == ("resolved", True)
    assert conflict.alternative_list == ["MCSS pays", "Split 50/50"]


def test_a_tie_on_a_conflict_takes_it_to_the_approving_level_until_its_verdict(
    conflict, partnership, ministry, other_ministry, third_ministry, coordinator, speaks_for_all
):
    meeting_services.conflict_update(conflict=conflict, by=coordinator, fields={"agreed_definition": "Who pays."})
    decision = meeting_services.decision_record(
        partnership=partnership,
        by=speaks_for_all,
        title="MCSS pays",
        mechanism=Mechanism.WEIGHTED_VOTE,
        conflict=conflict,
        votes=[(ministry, "against"), (other_ministry, "for"), (third_ministry, "for")],
    )
    conflict.refresh_from_db()
    levels, status = list(conflict.escalations.values_list("level", flat=True)), conflict.status

    meeting_services.decision_record_verdict(decision=decision, by=coordinator, verdict="rejected", verdict_by="DMs")

    conflict.refresh_from_db()
    assert (levels, status, conflict.status) == ([1, 2, 3], "open", "resolved")


def test_conflict_pages_for_each_person(
    client_for, conflict, partnership, coordinator, field_officer, outsider, evaluator
):
    url = reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    escalate = reverse("meetings:conflict_escalate", args=[partnership.pk, conflict.pk])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(field_officer).get(url).status_code == 200
    assert client_for(field_officer).post(escalate, {"reached_on": timezone.localdate()}).status_code == 403
    assert client_for(evaluator).get(reverse("meetings:conflict_new", args=[partnership.pk])).status_code == 403
    client_for(coordinator).post(escalate, {"reached_on": timezone.localdate().isoformat(), "note": "Stuck"})
    assert list(conflict.escalations.values_list("level", "note")) == [(1, ""), (2, "Stuck")]


def test_field_officer_raises_an_obstacle(client_for, partnership, field_officer, ministry):
    client_for(field_officer).post(
        reverse("meetings:conflict_new", args=[partnership.pk]),
        {
            "kind": "obstacle",
            "title": "No room for intake",
            "description": "The office lease ends.",
            "ministry": ministry.pk,
        },
    )

    assert list(Conflict.objects.values_list("kind", "title", "raised_by", "raised_by_ministry")) == [
        ("obstacle", "No room for intake", field_officer.pk, ministry.pk)
    ]


# Action items


def test_action_item_create_for_a_gate_condition(partnership, ministry, executive):
    item = action_item_create(
        partnership=partnership,
        title="Sign the data-sharing agreement",
        owner_ministry=ministry,
        due_date=timezone.localdate() + timedelta(days=30),
        created_by=executive,
        source="Gate condition",
    )

    assert (item.status, item.meeting, item.owner_ministry, item.source) == ("open", None, ministry, "Gate condition")


def test_action_item_create_refuses_a_ministry_outside_the_partnership(partnership, outsider_ministry):
    with pytest.raises(ValidationError):
        action_item_create(
            partnership=partnership, title="X", owner_ministry=outsider_ministry, due_date=None, created_by=None
        )


def test_the_owner_or_a_coordinator_closes_an_action_item(
    client_for, partnership, coordinator, field_officer, ministry
):
    mine = action_item_create(partnership=partnership, title="Book room", owner=field_officer, created_by=coordinator)
    other = action_item_create(partnership=partnership, title="Draft memo", owner_ministry=ministry, created_by=None)

    client_for(field_officer).post(
        reverse("meetings:action_status", args=[partnership.pk, mine.pk]), {"status": "done"}
    )
    refused = client_for(field_officer).post(
        reverse("meetings:action_status", args=[partnership.pk, other.pk]), {"status": "done"}
    )
    client_for(coordinator).post(
        reverse("meetings:action_status", args=[partnership.pk, other.pk]), {"status": "cancelled"}
    )

    assert refused.status_code == 403
    assert dict(ActionItem.objects.values_list("title", "status")) == {"Book room": "done", "Draft memo": "cancelled"}


def test_coordinator_of_a_partner_ministry_manages_meetings(client_for, partnership, other_ministry):
    partner = person(other_ministry, Role.COORDINATOR, user__username="partner")

    client_for(partner).post(
        reverse("meetings:meeting_new", args=[partnership.pk]),
        {
            "kind": "working_group",
            "date": timezone.localdate().isoformat(),
            "title": "Intake",
            "minutes": "Agreed form.",
        },
    )

    assert list(Meeting.objects.values_list("title", "minutes")) == [("Intake", "Agreed form.")]


def test_field_staff_cannot_add_meetings(client_for, partnership, field_officer):
    response = client_for(field_officer).get(reverse("meetings:meeting_new", args=[partnership.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 4])
def test_meetings_tab_queries_do_not_grow(
    client_for, partnership, ministry, coordinator, count, django_assert_num_queries
):
    for i in range(count):
        meeting = meeting_services.meeting_save(
            partnership=partnership,
            by=coordinator,
            fields={"kind": "working_group", "date": timezone.localdate()},
            attendance={ministry: "Claire"},
        )
        action_item_create(
            partnership=partnership, title=f"Item {i}", owner=coordinator, meeting=meeting, created_by=None
        )
        meeting_services.conflict_raise(
            partnership=partnership, by=coordinator, ministry=ministry, kind="obstacle", title=f"C{i}", description="x"
        )
        meeting_services.decision_record(
            partnership=partnership, by=coordinator, title=f"D{i}", mechanism="weighted_vote", votes=[(ministry, "for")]
        )
    client = client_for(coordinator)

    # session, user, partnership, participations, memberships, meetings, attendances, action items,
    # conflicts, their escalations, decisions waiting for the approving level, decisions waiting for
    # votes and their votes
    with django_assert_num_queries(13):
        response = client.get(reverse("meetings:meetings", args=[partnership.pk]))
    assert len(response.context["action_items"]) == len(response.context["waiting_for_votes"]) == count

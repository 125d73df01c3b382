"""A partner's coordinator cannot overrule the other partners alone (issue 15, item 2).

Who takes part, who leads, the shares, the structure, the operating mechanism (which decides who
approves gates) and the status change only by a proposal, made with a reason by a coordinator of a
participating ministry and agreed by the executive of every participating ministry, as a charter
version is signed. Any of them may refuse with a reason; the proposer may withdraw it; one proposal
is open at a time. A partner may always withdraw its own ministry, with a reason.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from common.bidi import isolate
from ministries.models import Role
from notifications.models import Kind, Notification, Reminder
from notifications.services import reminder_send
from partnerships.history import entries_for
from partnerships.models import Participation, Partnership, StructureProposal
from partnerships.permissions import can_change_party_details, can_propose_structure
from tests.builders import make_partnership, sign_charter
from tests.factories import MembershipFactory, MinistryFactory, person


@pytest.fixture
def third_ministry(db):
    return MinistryFactory(name="Ministry of Education", short_name="EDU")


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    """MCSS leads; MOH and EDU support."""
    return make_partnership([ministry, other_ministry, third_ministry])


@pytest.fixture
def supporting_coordinator(other_ministry):
    return person(other_ministry, Role.COORDINATOR, user__username="moh.coordinator")


@pytest.fixture
def executives(ministry, other_ministry, third_ministry):
    """Who signs for each ministry: MCSS and MOH by their executives, EDU by a delegated coordinator."""
    return {
        "MCSS": person(ministry, Role.EXECUTIVE, user__first_name="Claire", user__last_name="Roy"),
        "MOH": person(other_ministry, Role.EXECUTIVE, user__first_name="Nadia", user__last_name="Haddad"),
        "EDU": person(third_ministry, Role.COORDINATOR, can_sign=True, user__first_name="Eli", user__last_name="Ben"),
    }


def _parties(partnership):
    return sorted(
        Participation.objects.filter(partnership=partnership).values_list(
            "ministry__short_name", "role", "gain_share", "risk_share"
        )
    )


def _parties_form(partnership, rows, reason):
    """The participants form's POST data; `rows` maps a short name to (role, share) or None to remove it."""
    data = {"partners-TOTAL_FORMS": 3, "partners-INITIAL_FORMS": 3, "reason": reason}
    for index, participation in enumerate(partnership.participants):
        row = rows[participation.ministry.short_name]
        role, share = row or (participation.role, participation.gain_share)
        data.update(
            {
                f"partners-{index}-id": participation.pk,
                f"partners-{index}-ministry": participation.ministry_id,
                f"partners-{index}-role": role,
                f"partners-{index}-gain_share": share,
                f"partners-{index}-risk_share": share,
                f"partners-{index}-DELETE": "on" if row is None else "",
            }
        )
    return data


def _takeover(partnership, reason="We should lead."):
    """The participants form as a supporting coordinator would forge it: MCSS (the lead) removed, MOH lead."""
    return _parties_form(partnership, {"MCSS": None, "MOH": ("lead", 100), "EDU": ("supporting", 0)}, reason)


def _handover(partnership):
    """MCSS stays with half the shares, hands the lead to MOH, and EDU leaves."""
    rows = {"MCSS": ("supporting", 50), "MOH": ("lead", 50), "EDU": None}
    return _parties_form(partnership, rows, "MOH now holds the budget.")


def _edit_data(partnership, **changes):
    return {
        "title": partnership.title,
        "problem": partnership.problem,
        "public_value": partnership.public_value,
        "review_cadence": 3,
        "health_check_cadence": 3,
        "operating_mechanism": "",
        "status": "active",
        **changes,
    }


def _answer(client, proposal, ministry, answer="agree", reason=""):
    url = reverse("partnerships:proposal_answer", args=[proposal.partnership_id, proposal.pk])
    return client.post(url, {"ministry": ministry.pk, "answer": answer, "reason": reason}, follow=True)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


BEFORE = [
    ("EDU", "supporting", Decimal("33.33"), Decimal("33.33")),
    ("MCSS", "lead", Decimal("33.34"), Decimal("33.34")),
    ("MOH", "supporting", Decimal("33.33"), Decimal("33.33")),
]


def test_permissions_any_partner_proposes_only_the_lead_keeps_details(coordinator, supporting_coordinator, partnership):
    assert [can_propose_structure(u, partnership) for u in (coordinator, supporting_coordinator)] == [True, True]
    assert [can_change_party_details(u, partnership) for u in (coordinator, supporting_coordinator)] == [True, False]


# The holes: a supporting coordinator alone removed the others, took the lead, closed it, changed the mechanism.


def test_supporting_coordinator_cannot_remove_parties_or_take_the_lead_alone(
    client_for, supporting_coordinator, partnership, other_ministry
):
    response = client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership)
    )

    proposal = StructureProposal.objects.get(partnership=partnership)
    assert response.url == proposal.get_absolute_url()
    # Nothing changed: it waits for every partner's executive, the removed ones included.
    assert _parties(partnership) == BEFORE
    assert (proposal.status, proposal.reason) == ("open", "We should lead.")
    assert proposal.ministry_ids_to_agree == partnership.ministry_ids


def test_supporting_coordinator_cannot_close_or_change_the_mechanism_through_the_edit_form(
    client_for, supporting_coordinator, coordinator, partnership
):
    for user in (supporting_coordinator, coordinator):
        response = client_for(user).post(
            reverse("partnerships:edit", args=[partnership.pk]),
            _edit_data(partnership, title="Ours now", status="closed", operating_mechanism="steering_committee"),
        )
        assert response.status_code == 302

    partnership.refresh_from_db()
    # The descriptive field is theirs to change; the status and the mechanism are not, not even the lead's.
    assert (partnership.title, partnership.status, partnership.operating_mechanism) == ("Ours now", "active", "")
    assert not StructureProposal.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "closed"},
        {"status": "on_hold"},
        {"operating_mechanism": "steering_committee"},
        {"structure_type": "limited"},
    ],
)
def test_supporting_coordinator_only_proposes_status_mechanism_or_structure(
    client_for, supporting_coordinator, partnership, changes
):
    data = {"structure_type": "", "operating_mechanism": "", "status": "active", "reason": "Budgets are frozen."}
    response = client_for(supporting_coordinator).post(
        reverse("partnerships:structure", args=[partnership.pk]), {**data, **changes}
    )

    proposal = StructureProposal.objects.get(partnership=partnership)
    assert response.url == proposal.get_absolute_url()
    partnership.refresh_from_db()
    assert (partnership.status, partnership.operating_mechanism, partnership.structure_type) == ("active", "", "")
    assert proposal.after["fields"] == {"structure_type": "", "operating_mechanism": "", "status": "active", **changes}


def test_the_lead_coordinator_also_only_proposes_a_change_of_parties(
    client_for, coordinator, partnership, other_ministry, third_ministry
):
    response = client_for(coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]),
        _handover(partnership),
    )

    assert response.url == StructureProposal.objects.get().get_absolute_url()
    assert _parties(partnership) == BEFORE


# The whole path


def test_every_partner_agrees_and_the_change_takes_effect(
    client_for, coordinator, partnership, ministry, other_ministry, third_ministry, executives
):
    version = sign_charter(
        partnership,
        [(executives["MCSS"], ministry), (executives["MOH"], other_ministry), (executives["EDU"], third_ministry)],
    )
    client_for(coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _handover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()

    # Each ministry's signatories hear of it in their inbox.
    reminders = Reminder.objects.filter(kind=Kind.STRUCTURE_PROPOSAL)
    assert sorted(r.recipient.last_name for r in reminders) == ["Ben", "Haddad", "Roy"]
    reminder_send(reminder_id=reminders.get(recipient=executives["MOH"]).pk)
    notification = Notification.objects.get(recipient=executives["MOH"])
    assert notification.title == "A change to \u2068Integrated services for children\u2069 waits for your agreement"
    assert notification.url == proposal.get_absolute_url()

    page = client_for(executives["MOH"]).get(proposal.get_absolute_url())
    assert [(c.label, c.old, c.new) for c in page.context["changes"]] == [
        (f"{isolate('Ministry of Community and Social Services')}: Role", "Lead", "Supporting"),
        (f"{isolate('Ministry of Community and Social Services')}: Share of gains (%)", "33.34%", "50%"),
        (f"{isolate('Ministry of Community and Social Services')}: Share of risks (%)", "33.34%", "50%"),
        (isolate("Ministry of Education"), "takes part", "leaves the partnership"),
        (f"{isolate('Ministry of Health')}: Role", "Supporting", "Lead"),
        (f"{isolate('Ministry of Health')}: Share of gains (%)", "33.33%", "50%"),
        (f"{isolate('Ministry of Health')}: Share of risks (%)", "33.33%", "50%"),
    ]

    response = _answer(client_for(executives["MOH"]), proposal, other_ministry)
    assert _messages(response) == ["You agreed for Ministry of Health. The change waits for the other partners."]
    _answer(client_for(executives["MCSS"]), proposal, ministry)
    assert _parties(partnership) == BEFORE

    # The last one, EDU, agrees to its own removal: the change takes effect, and EDU no longer sees it.
    response = _answer(client_for(executives["EDU"]), proposal, third_ministry)

    assert response.redirect_chain[-1][0] == reverse("partnerships:list")
    assert _messages(response) == [
        "Every partner agreed: the change is in effect.",
        "The organisations changed, so every organisation must sign the charter again. Version 2 is a new draft.",
    ]
    assert _parties(partnership) == [
        ("MCSS", "supporting", Decimal("50.00"), Decimal("50.00")),
        ("MOH", "lead", Decimal("50.00"), Decimal("50.00")),
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.ended_by) == ("agreed", executives["EDU"])
    assert version.signatures.count() == 3
    history = [(str(e.who), e.what) for e in entries_for(partnership)]
    assert ("Eli Ben", "Every partner agreed: the proposed change took effect") in history
    assert ("Nadia Haddad, Executive", f"Agreed to the proposed change for {isolate('Ministry of Health')}") in history
    assert ("Eli Ben, Coordinator", f"Agreed to the proposed change for {isolate('Ministry of Education')}") in history
    assert (
        str(coordinator),
        f"Proposed a change to the partnership's structure. Why: {isolate('MOH now holds the budget.')}",
    ) in history
    assert ("Eli Ben", f"Removed {isolate('Ministry of Education')} from the partnership") in history


def test_closing_takes_every_partner(client_for, supporting_coordinator, partnership, executives, ministry):
    client_for(supporting_coordinator).post(
        reverse("partnerships:structure", args=[partnership.pk]),
        {"structure_type": "", "operating_mechanism": "", "status": "closed", "reason": "The work is done."},
    )
    proposal = StructureProposal.objects.get()
    for user in executives.values():
        _answer(client_for(user), proposal, user.memberships.get().ministry)

    partnership.refresh_from_db()
    assert partnership.status == "closed"


def test_a_refusal_ends_the_proposal_and_nothing_changes(
    client_for, supporting_coordinator, partnership, other_ministry, ministry, executives
):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()
    client = client_for(executives["MCSS"])

    without_reason = _answer(client, proposal, ministry, answer="refuse")
    assert _messages(without_reason) == ["Say why your ministry refuses, so the others can propose better."]
    assert StructureProposal.objects.get().status == "open"

    response = _answer(client, proposal, ministry, answer="refuse", reason="We remain accountable to cabinet.")

    assert _messages(response) == [
        "You refused the change for Ministry of Community and Social Services. Nothing changes."
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.refused_for, proposal.refusal) == (
        "refused",
        ministry,
        "We remain accountable to cabinet.",
    )
    assert _parties(partnership) == BEFORE
    assert entries_for(partnership)[0].what == (
        f"Refused the proposed change for {isolate('Ministry of Community and Social Services')}. "
        f"Why: {isolate('We remain accountable to cabinet.')}"
    )
    # A refused proposal is over: another executive can no longer agree to it.
    assert _answer(client_for(executives["MOH"]), proposal, other_ministry).status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).status == "active"


def test_the_proposer_withdraws_and_nobody_else_may(
    client_for, supporting_coordinator, coordinator, partnership, other_ministry
):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()
    url = reverse("partnerships:proposal_withdraw", args=[partnership.pk, proposal.pk])

    assert client_for(coordinator).post(url).status_code == 403
    response = client_for(supporting_coordinator).post(url, follow=True)

    assert _messages(response) == ["You withdrew your proposal. Nothing changes."]
    assert StructureProposal.objects.get().status == "withdrawn"
    assert entries_for(partnership)[0].what == "Withdrew the proposed change"
    assert _parties(partnership) == BEFORE


def test_one_open_proposal_at_a_time(client_for, supporting_coordinator, coordinator, partnership, other_ministry):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()
    client = client_for(coordinator)

    for name in ("partnerships:participations", "partnerships:structure"):
        response = client.get(reverse(name, args=[partnership.pk]), follow=True)
        assert response.redirect_chain == [(proposal.get_absolute_url(), 302)]
        assert _messages(response) == ["A change is already waiting for the partners. Here it is."]
    overview = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in overview
    assert StructureProposal.objects.count() == 1


def test_only_those_who_sign_for_a_ministry_answer_and_only_for_it(
    client_for, supporting_coordinator, coordinator, partnership, other_ministry, ministry, executives, outsider
):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()

    # A coordinator does not sign; the proposer's own ministry still needs its executive.
    assert _answer(client_for(supporting_coordinator), proposal, other_ministry).status_code == 403
    assert _answer(client_for(coordinator), proposal, ministry).status_code == 403
    # MOH's executive answers for MOH, not for MCSS.
    response = _answer(client_for(executives["MOH"]), proposal, ministry)
    assert _messages(response) == ["Choose the ministry you answer for."]
    assert _answer(client_for(outsider), proposal, ministry).status_code == 404
    assert client_for(outsider).get(proposal.get_absolute_url()).status_code == 404
    assert not proposal.agreements.exists()

    # Having agreed, one cannot agree twice for the same ministry.
    _answer(client_for(executives["MOH"]), proposal, other_ministry)
    assert _answer(client_for(executives["MOH"]), proposal, other_ministry).status_code == 403
    assert proposal.agreements.count() == 1


def test_an_executive_for_two_partners_agrees_for_each_separately(
    client_for, supporting_coordinator, partnership, other_ministry, third_ministry, ministry, executives
):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()
    both = executives["MOH"]
    MembershipFactory(user=both, ministry=third_ministry, role=Role.EXECUTIVE)

    page = client_for(both).get(proposal.get_absolute_url())
    assert list(page.context["answer_form"].fields["ministry"].queryset) == [third_ministry, other_ministry]
    _answer(client_for(both), proposal, third_ministry)

    assert sorted(a.ministry.short_name for a in proposal.agreements.all()) == ["EDU"]
    assert StructureProposal.objects.get().status == "open"


def test_a_change_in_the_meantime_stops_the_proposal_taking_effect(
    client_for, supporting_coordinator, partnership, other_ministry, third_ministry, executives
):
    client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership), follow=True
    )
    proposal = StructureProposal.objects.get()
    edu = partnership.participations.get(ministry=third_ministry)
    edu_coordinator = person(third_ministry, Role.COORDINATOR)
    client_for(edu_coordinator).post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, edu.pk]),
        {"reason": "Leaving."},
        follow=True,
    )

    response = _answer(client_for(executives["MOH"]), proposal, other_ministry)

    assert _messages(response) == [
        "The partnership changed since this was proposed. Ask who proposed it to withdraw it and propose again."
    ]
    assert not proposal.agreements.exists()


def test_the_lead_keeps_the_parties_details_without_a_proposal(
    client_for, coordinator, supporting_coordinator, partnership, ministry
):
    rows = partnership.participants
    data = {"partners-TOTAL_FORMS": 3, "partners-INITIAL_FORMS": 3, "reason": ""}
    for i, p in enumerate(rows):
        data.update(
            {
                f"partners-{i}-id": p.pk,
                f"partners-{i}-ministry": p.ministry_id,
                f"partners-{i}-role": p.role,
                f"partners-{i}-gain_share": p.gain_share,
                f"partners-{i}-risk_share": p.risk_share,
                f"partners-{i}-contributes": "Two analysts" if p.ministry_id == ministry.pk else "",
            }
        )
    client = client_for(coordinator)

    response = client.post(reverse("partnerships:participations", args=[partnership.pk]), data, follow=True)

    assert _messages(response) == ["The participating ministries are saved."]
    assert partnership.participations.get(ministry=ministry).contributes == "Two analysts"
    assert not StructureProposal.objects.exists()

    # Saving it again changes nothing and is no error; another partner cannot propose nothing.
    again = client.post(reverse("partnerships:participations", args=[partnership.pk]), data)
    assert again.url == partnership.get_absolute_url()
    url = reverse("partnerships:participations", args=[partnership.pk])
    nothing = client_for(supporting_coordinator).post(url, data)
    assert nothing.context["reason_form"].errors == {
        "__all__": ["Nothing would change. Change a partner, a share or how it is run first."]
    }


def test_a_proposal_needs_a_reason(client_for, supporting_coordinator, partnership, other_ministry):
    response = client_for(supporting_coordinator).post(
        reverse("partnerships:participations", args=[partnership.pk]), _takeover(partnership, "")
    )

    assert response.context["reason_form"].errors == {
        "reason": ["Say why you propose this change, so the other partners can decide."]
    }
    structure = client_for(supporting_coordinator).post(
        reverse("partnerships:structure", args=[partnership.pk]),
        {"structure_type": "", "operating_mechanism": "", "status": "active", "reason": "No change."},
    )
    assert structure.context["form"].errors == {
        "__all__": ["Nothing would change. Change a partner, a share or how it is run first."]
    }
    assert not StructureProposal.objects.exists()


# A party may always withdraw itself


def test_supporting_coordinator_withdraws_their_own_ministry_with_a_reason(
    client_for, supporting_coordinator, partnership, other_ministry
):
    moh = partnership.participations.get(ministry=other_ministry)

    response = client_for(supporting_coordinator).post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, moh.pk]),
        {"reason": "Our mandate changed."},
    )

    assert response.url == reverse("partnerships:list")
    # MOH's 33.33 % of gains and of risks go to the lead until the partners agree new shares.
    assert _parties(partnership) == [
        ("EDU", "supporting", Decimal("33.33"), Decimal("33.33")),
        ("MCSS", "lead", Decimal("66.67"), Decimal("66.67")),
    ]
    assert entries_for(partnership)[0].what == (
        f"{isolate('Ministry of Health')} withdrew from the partnership: {isolate('Our mandate changed.')}"
    )


def test_supporting_coordinator_cannot_withdraw_another_ministry(
    client_for, supporting_coordinator, partnership, ministry, third_ministry
):
    client = client_for(supporting_coordinator)

    for other in (ministry, third_ministry):
        participation = partnership.participations.get(ministry=other)
        url = reverse("partnerships:participation_withdraw", args=[partnership.pk, participation.pk])
        assert client.post(url, {"reason": "Go away."}).status_code == 403
    assert _parties(partnership) == BEFORE


def test_withdrawal_without_a_reason_changes_nothing(client_for, supporting_coordinator, partnership, other_ministry):
    moh = partnership.participations.get(ministry=other_ministry)

    response = client_for(supporting_coordinator).post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, moh.pk]), {"reason": ""}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Say in a few words why your organisation withdraws."]
    assert _parties(partnership) == BEFORE


def test_withdrawal_that_leaves_one_government_ministry_is_refused(client_for, ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    moh = partnership.participations.get(ministry=other_ministry)
    client = client_for(person(other_ministry, Role.COORDINATOR))

    response = client.post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, moh.pk]),
        {"reason": "Leaving."},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Without your organisation fewer than two government organisations would remain. Propose closing it instead."
    ]
    assert _parties(partnership) == [("MCSS", "lead", 50, 50), ("MOH", "supporting", 50, 50)]

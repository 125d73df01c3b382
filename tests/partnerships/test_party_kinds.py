"""Parties of three kinds (issue 17, item 1): participants, funders and stakeholders.

Participants share gains and risks, decide, vote and sign. A funder brings money and signs only
when the partners ticked "signs the charter" for it; a stakeholder is consulted or informed. Neither
carries shares or votes, and neither holds the charter, a proposal or a committee up. The kind is
part of the structure: it changes only by a proposal every signing party agrees to.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.permissions import approving_ministry_ids, position_ministry_ids
from charters.models import CharterVersion
from charters.services import charter_waiting_on, ministries_that_may_sign
from common.bidi import isolate
from meetings.models import Mechanism
from meetings.permissions import vote_ministry_ids
from meetings.services import decision_record, vote_weights
from ministries.models import Role
from partnerships.forms import share_equally
from partnerships.history import structure_changes
from partnerships.models import Participation, Partnership, StructureProposal
from partnerships.permissions import (
    can_change_party_details,
    can_decide_pilot,
    can_edit_partnership,
    can_sign_charter,
    can_view_partnership,
)
from partnerships.services import participation_withdraw
from results.permissions import partnerships_for_reporting, reporting_places
from tests.builders import make_partnership, need_step, partners_step, restructure, sign_charter
from tests.factories import DecisionFactory, MinistryFactory, person

D = Decimal
PARTICIPANT, FUNDER, STAKEHOLDER = Participation.Kind.values


@pytest.fixture
def foundation(db):
    return MinistryFactory(name="Trillium Foundation", short_name="OTF")


@pytest.fixture
def public(db):
    return MinistryFactory(name="River users' association", short_name="RUA")


@pytest.fixture
def partnership(ministry, other_ministry):
    """MCSS leads, MOH supports, half the shares each."""
    return make_partnership([ministry, other_ministry])


def _row(ministry, role="supporting", share=0, **fields):
    return {"ministry": ministry, "role": role, "gain_share": D(share), "risk_share": D(share), **fields}


@pytest.fixture
def with_others(partnership, ministry, other_ministry, foundation, public, coordinator):
    """A funder that does not sign and a stakeholder join, agreed by both participants."""
    restructure(
        partnership,
        coordinator,
        [
            _row(ministry, "lead", 50),
            _row(other_ministry, share=50),
            _row(foundation, kind=FUNDER),
            _row(public, kind=STAKEHOLDER, engagement="consult"),
        ],
    )
    return Partnership.objects.with_participants().get(pk=partnership.pk)


def _kinds(partnership):
    return sorted(
        Participation.objects.filter(partnership=partnership).values_list(
            "ministry__short_name", "kind", "signs_charter", "engagement", "gain_share"
        )
    )


# Signing


def test_stakeholder_and_non_signing_funder_do_not_block_the_charter(
    with_others, ministry, other_ministry, foundation, public
):
    signers = [(person(ministry, Role.EXECUTIVE), ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)]
    executives = {m: person(m, Role.EXECUTIVE) for m in (foundation, public)}

    version = sign_charter(with_others, signers)

    version.refresh_from_db()
    assert version.status == CharterVersion.Status.SIGNED
    assert charter_waiting_on(version) == []
    assert [can_sign_charter(executives[m], with_others) for m in (foundation, public)] == [False, False]


def test_a_funder_asked_to_sign_holds_the_charter_until_it_signs(
    partnership, ministry, other_ministry, foundation, coordinator
):
    restructure(
        partnership,
        coordinator,
        [_row(ministry, "lead", 50), _row(other_ministry, share=50), _row(foundation, kind=FUNDER, signs_charter=True)],
    )
    partnership = Partnership.objects.with_participants().get(pk=partnership.pk)
    funder_executive = person(foundation, Role.EXECUTIVE)
    signers = [(person(ministry, Role.EXECUTIVE), ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)]

    version = sign_charter(partnership, signers)

    version.refresh_from_db()
    assert (version.status, charter_waiting_on(version)) == ("signing", [foundation])
    assert ministries_that_may_sign(funder_executive, version) == {foundation.pk}


def test_nobody_can_sign_ignores_stakeholders_and_non_signing_funders(with_others, ministry, other_ministry):
    """Nobody works in the foundation or the association: only a signing party without signers is stuck."""
    person(ministry, Role.EXECUTIVE)
    person(other_ministry, Role.EXECUTIVE)
    sign_charter(with_others, [])

    assert list(CharterVersion.objects.nobody_can_sign()) == []


def test_adding_a_stakeholder_to_a_signed_charter_keeps_it_in_force(
    partnership, ministry, other_ministry, public, coordinator
):
    signers = [(person(ministry, Role.EXECUTIVE), ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)]
    version = sign_charter(partnership, signers)

    notices = restructure(
        partnership,
        coordinator,
        [
            _row(ministry, "lead", 50),
            _row(other_ministry, share=50),
            _row(public, kind=STAKEHOLDER, engagement="inform"),
        ],
    )

    assert notices == []
    assert list(partnership.charter_versions.values_list("pk", "status")) == [(version.pk, "signed")]


# Votes, weights, committee positions, gates


def test_stakeholder_and_funder_are_not_weighted_and_cannot_vote(
    with_others, ministry, other_ministry, foundation, public, coordinator
):
    weights = vote_weights(with_others)
    decision = DecisionFactory(partnership=with_others)

    assert [(m.short_name, w) for m, w in weights.rows] == [("MCSS", D("50.00")), ("MOH", D("50.00"))]
    assert vote_ministry_ids(person(public, Role.EXECUTIVE), decision) == set()
    assert vote_ministry_ids(person(foundation, Role.EXECUTIVE), decision) == set()
    with pytest.raises(ValidationError) as refused:
        decision_record(
            partnership=with_others,
            by=coordinator,
            title="Open the weir",
            mechanism=Mechanism.WEIGHTED_VOTE,
            votes=[(public, "for")],
        )
    assert refused.value.message_dict == {"votes": ["Only participating organisations vote."]}


def test_stakeholder_takes_no_committee_position(with_others, ministry, other_ministry, public):
    Partnership.objects.filter(pk=with_others.pk).update(operating_mechanism="steering_committee")
    partnership = Partnership.objects.with_participants().get(pk=with_others.pk)

    assert position_ministry_ids(person(public, Role.COORDINATOR), partnership) == set()
    assert approving_ministry_ids(partnership) == {ministry.pk, other_ministry.pk}


# Who runs the partnership: a stakeholder's people see it, an outsider sees nothing


def test_stakeholder_sees_the_partnership_but_does_not_run_it(with_others, public, outsider, client_for):
    stakeholder_coordinator = person(public, Role.COORDINATOR)

    assert can_view_partnership(stakeholder_coordinator, with_others) is True
    assert can_edit_partnership(stakeholder_coordinator, with_others) is False
    page = client_for(stakeholder_coordinator).get(reverse("partnerships:detail", args=[with_others.pk]))
    assert "Stakeholder: consult" in page.content.decode()
    assert "Funder, does not sign" in page.content.decode()
    edit = client_for(stakeholder_coordinator).get(reverse("partnerships:participations", args=[with_others.pk]))
    assert edit.status_code == 403
    outside = client_for(outsider).get(reverse("partnerships:detail", args=[with_others.pk]))
    assert outside.status_code == 404


# The kind changes only by proposal, agreed by the signing parties


def _form(partnership, kinds, reason="The association only wants to be heard."):
    """The participants form as the page posts it; `kinds` maps a short name to (kind, share, engagement)."""
    parties = partnership.participants
    data = {"partners-TOTAL_FORMS": len(parties), "partners-INITIAL_FORMS": len(parties), "reason": reason}
    for index, p in enumerate(parties):
        kind, share, engagement = kinds.get(p.ministry.short_name, (p.kind, p.gain_share, p.engagement))
        data.update(
            {
                f"partners-{index}-id": p.pk,
                f"partners-{index}-ministry": p.ministry_id,
                f"partners-{index}-kind": kind,
                f"partners-{index}-engagement": engagement,
                f"partners-{index}-signs_charter": "on" if p.signs_charter else "",
                f"partners-{index}-role": p.role,
                f"partners-{index}-gain_share": share,
                f"partners-{index}-risk_share": share,
            }
        )
    return data


def test_the_lead_cannot_change_a_kind_alone(
    with_others, ministry, other_ministry, foundation, public, coordinator, client_for
):
    before = _kinds(with_others)
    data = _form(with_others, {"RUA": (STAKEHOLDER, 0, "involve"), "OTF": (STAKEHOLDER, 0, "inform")})

    response = client_for(coordinator).post(reverse("partnerships:participations", args=[with_others.pk]), data)

    proposal = StructureProposal.objects.filter(partnership=with_others).open().get()
    assert response.url == proposal.get_absolute_url()
    assert _kinds(with_others) == before
    # Only the participants are asked: the funder does not sign, the stakeholder never does.
    assert proposal.ministry_ids_to_agree == {ministry.pk, other_ministry.pk}


def test_a_kind_agreed_by_every_signing_party_takes_effect(
    with_others, ministry, other_ministry, foundation, coordinator
):
    restructure(
        with_others,
        coordinator,
        [
            _row(ministry, "lead", 50),
            _row(other_ministry, share=50),
            _row(foundation, kind=FUNDER, signs_charter=True),
        ],
    )

    assert _kinds(with_others) == [
        ("MCSS", PARTICIPANT, False, "", D("50.00")),
        ("MOH", PARTICIPANT, False, "", D("50.00")),
        ("OTF", FUNDER, True, "", D("0.00")),
    ]
    proposal = StructureProposal.objects.filter(partnership=with_others).first()
    changes = [(c.label, c.old, c.new) for c in structure_changes(proposal.before, proposal.after)]
    assert (f"{isolate('Trillium Foundation')}: Signs the charter", "no", "yes") in changes
    assert (isolate("River users' association"), "takes part", "leaves the partnership") in changes


def test_the_lead_changes_a_stakeholders_engagement_without_a_proposal(with_others, coordinator, client_for):
    data = _form(with_others, {"RUA": (STAKEHOLDER, 0, "collaborate")})

    response = client_for(coordinator).post(reverse("partnerships:participations", args=[with_others.pk]), data)

    assert response.status_code == 302
    assert not StructureProposal.objects.filter(partnership=with_others).open().exists()
    assert Participation.objects.get(partnership=with_others, ministry__short_name="RUA").engagement == "collaborate"


def test_a_proposal_to_add_a_signing_funder_is_not_answered_by_a_stakeholder(with_others, foundation, public):
    """Proposals name who must agree as they were when proposed: the signing parties only."""
    proposal = StructureProposal(
        before={
            "parties": [
                {"ministry": 1, "kind": PARTICIPANT},
                {"ministry": 2},  # made before kinds: a participant
                {"ministry": foundation.pk, "kind": FUNDER, "signs_charter": True},
                {"ministry": 4, "kind": FUNDER, "signs_charter": False},
                {"ministry": public.pk, "kind": STAKEHOLDER},
            ]
        }
    )

    assert proposal.ministry_ids_to_agree == {1, 2, foundation.pk}


# Shares over the participants only, and what each kind may hold


def _new_rows(*rows):
    return partners_step(*rows)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"kind": STAKEHOLDER, "engagement": "consult", "gain_share": "10", "risk_share": "0"},
            "gain_share",
            "Funders and stakeholders carry no shares. Set this to 0.",
        ),
        (
            {"kind": FUNDER, "role": "lead"},
            "role",
            "Only a participant can lead. Choose another role, or make it a participant.",
        ),
        (
            {"kind": STAKEHOLDER},
            "engagement",
            "Choose how the stakeholder is engaged, from “inform” to “empower”.",
        ),
    ],
)
def test_creation_refuses_what_a_kind_cannot_hold(
    client_for, coordinator, ministry, other_ministry, public, extra, field, message
):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    third = {"ministry": public.pk, "role": "supporting", "gain_share": "0", "risk_share": "0", **extra}
    data = _new_rows(
        {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
        {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        third,
    )

    response = client.post(reverse("partnerships:create", args=["partners"]), data)

    assert response.status_code == 200
    assert response.context["form"].forms[2].errors[field] == [message]


def test_creation_adds_shares_over_the_participants_and_clears_what_does_not_apply(
    client_for, coordinator, ministry, other_ministry, foundation, public
):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    data = _new_rows(
        {"ministry": ministry.pk, "role": "lead", "gain_share": 60, "risk_share": 40, "kind": PARTICIPANT},
        {
            "ministry": other_ministry.pk,
            "role": "supporting",
            "gain_share": 40,
            "risk_share": 60,
            "signs_charter": "on",
        },
        {"ministry": foundation.pk, "kind": FUNDER, "engagement": "empower", "gain_share": 0, "risk_share": 0},
        {"ministry": public.pk, "kind": STAKEHOLDER, "engagement": "inform", "gain_share": 0, "risk_share": 0},
    )
    client.post(reverse("partnerships:create", args=["partners"]), data)

    response = client.post(
        reverse("partnerships:create", args=["setup"]), {"review_cadence": 3, "health_check_cadence": 3}
    )

    created = Partnership.objects.get()
    assert response.url == created.get_absolute_url()
    assert _kinds(created) == [
        ("MCSS", PARTICIPANT, False, "", D("60.00")),
        ("MOH", PARTICIPANT, False, "", D("40.00")),
        ("OTF", FUNDER, False, "", D("0.00")),
        ("RUA", STAKEHOLDER, False, "inform", D("0.00")),
    ]


def test_a_partnership_needs_two_participants_whatever_else_takes_part(
    client_for, coordinator, ministry, foundation, public
):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    data = _new_rows(
        {"ministry": ministry.pk, "role": "lead", "gain_share": 100, "risk_share": 100},
        {"ministry": foundation.pk, "kind": FUNDER, "gain_share": 0, "risk_share": 0},
        {"ministry": public.pk, "kind": STAKEHOLDER, "engagement": "consult", "gain_share": 0, "risk_share": 0},
    )

    response = client.post(reverse("partnerships:create", args=["partners"]), data)

    assert response.context["form"].non_form_errors() == [
        "A partnership needs at least two participants. Add another organisation as a participant."
    ]


def test_the_database_refuses_shares_or_the_lead_for_a_stakeholder(partnership, public):
    for fields in ({"gain_share": D(5)}, {"role": "lead"}, {"signs_charter": True}):
        values = {"kind": STAKEHOLDER, "engagement": "inform", **fields}
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.create(partnership=partnership, ministry=public, **values)


# "Share equally"


def test_share_equally_fills_the_participants_shares_the_lead_taking_the_rounding(
    client_for, coordinator, ministry, other_ministry, foundation, public
):
    third = MinistryFactory(short_name="EDU")
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    data = _new_rows(
        {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 10, "risk_share": 10},
        {"ministry": ministry.pk, "role": "lead", "gain_share": "", "risk_share": "abc"},
        {"ministry": third.pk, "role": "supporting"},
        {"ministry": foundation.pk, "kind": FUNDER, "gain_share": 7},
        {"ministry": public.pk, "kind": STAKEHOLDER, "engagement": "inform", "DELETE": "on", "gain_share": 3},
        {"ministry": "", "kind": PARTICIPANT, "role": "supporting", "gain_share": 0, "risk_share": 0},  # as shown
    )
    data["share_equally"] = "1"

    response = client.post(reverse("partnerships:create", args=["partners"]), data)

    formset = response.context["form"]
    shares = [(f.data[f.add_prefix("gain_share")], f.data[f.add_prefix("risk_share")]) for f in formset.forms[:4]]
    assert shares == [("33.33", "33.33"), ("33.34", "33.34"), ("33.33", "33.33"), ("0", "0")]
    # Shown again to be checked: nothing is stored before "Next".
    assert "partners" not in client.session["new_partnership"]
    assert formset.is_valid() is True


def test_share_equally_without_participants_leaves_every_share_at_zero(foundation):
    data = _new_rows({"ministry": foundation.pk, "kind": FUNDER, "gain_share": 7, "risk_share": 7})

    assert share_equally(data, "partners")["partners-0-gain_share"] == "0"


def test_share_equally_on_the_participants_page_proposes_nothing(with_others, coordinator, client_for):
    data = _form(with_others, {"MCSS": (PARTICIPANT, 90, "")})
    data["share_equally"] = "1"

    response = client_for(coordinator).post(reverse("partnerships:participations", args=[with_others.pk]), data)

    assert response.status_code == 200
    formset = response.context["formset"]
    assert [f.data[f.add_prefix("gain_share")] for f in formset.forms] == ["50.00", "50.00", "0", "0"]
    assert not StructureProposal.objects.filter(partnership=with_others).open().exists()


# Withdrawing


def test_a_stakeholder_withdraws_without_a_new_charter(with_others, ministry, other_ministry, public):
    signers = [(person(ministry, Role.EXECUTIVE), ministry), (person(other_ministry, Role.EXECUTIVE), other_ministry)]
    version = sign_charter(with_others, signers)
    stakeholder = Participation.objects.get(partnership=with_others, ministry=public)

    notices = participation_withdraw(participation=stakeholder, by=person(public, Role.COORDINATOR), reason="Done.")

    assert notices == []
    assert list(with_others.charter_versions.values_list("pk", "status")) == [(version.pk, "signed")]
    assert sorted(with_others.participations.values_list("ministry__short_name", flat=True)) == ["MCSS", "MOH", "OTF"]


# Co-leads: the lead and the co-leads the partners agreed to lead together


def test_a_co_lead_agreed_by_the_partners_leads_with_the_lead(partnership, ministry, other_ministry, coordinator):
    other_coordinator = person(other_ministry, Role.COORDINATOR)
    assert (can_change_party_details(other_coordinator, partnership), approving_ministry_ids(partnership)) == (
        False,
        {ministry.pk},
    )

    restructure(partnership, coordinator, [_row(ministry, "lead", 50), _row(other_ministry, "co_lead", 50)])

    partnership = Partnership.objects.with_participants().get(pk=partnership.pk)
    assert partnership.lead.ministry == ministry
    assert approving_ministry_ids(partnership) == {ministry.pk, other_ministry.pk}
    assert can_change_party_details(other_coordinator, partnership) is True
    assert can_decide_pilot(person(other_ministry, Role.EXECUTIVE), partnership) is True


def test_a_partnership_with_co_leads_still_names_exactly_one_lead(
    client_for, coordinator, ministry, other_ministry, foundation
):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    third = MinistryFactory(short_name="EDU")
    rows = [
        {"ministry": ministry.pk, "role": "co_lead", "gain_share": 50, "risk_share": 50},
        {"ministry": other_ministry.pk, "role": "co_lead", "gain_share": 30, "risk_share": 30},
        {"ministry": third.pk, "role": "supporting", "gain_share": 20, "risk_share": 20},
        {"ministry": foundation.pk, "kind": FUNDER, "role": "co_lead", "gain_share": 0, "risk_share": 0},
    ]

    response = client.post(reverse("partnerships:create", args=["partners"]), _new_rows(*rows))

    formset = response.context["form"]
    assert formset.forms[3].errors["role"] == [
        "Only a participant can lead. Choose another role, or make it a participant."
    ]
    rows[3]["role"] = "supporting"
    response = client.post(reverse("partnerships:create", args=["partners"]), _new_rows(*rows))
    assert response.context["form"].non_form_errors() == ["Choose exactly one lead organisation (you chose 0)."]
    rows[0]["role"] = "lead"
    response = client.post(reverse("partnerships:create", args=["partners"]), _new_rows(*rows))
    assert response.status_code == 302


def test_a_stakeholders_people_get_no_tasks_and_report_nothing(with_others, public, client_for):
    stakeholder_coordinator = person(public, Role.COORDINATOR)
    stakeholder_officer = person(public, Role.FIELD_STAFF)

    tasks = client_for(stakeholder_coordinator).get(reverse("dashboards:home")).context["tasks"]

    assert list(tasks) == []
    assert reporting_places(stakeholder_officer, with_others) == []
    assert list(partnerships_for_reporting(stakeholder_officer)) == []

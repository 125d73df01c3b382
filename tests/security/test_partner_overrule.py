"""A supporting ministry's coordinator cannot overrule the other partners alone.

Only the lead ministry's coordinators change who takes part, who leads, the shares, the operating
mechanism (which decides who approves gates) and the status; nobody closes a partnership through
the edit form. Another partner's coordinator edits the descriptive fields and may withdraw their
own ministry, with a reason.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from ministries.models import Role
from partnerships.history import entries_for
from partnerships.models import Participation, Partnership
from partnerships.permissions import can_change_parties, can_change_structure
from tests.builders import make_partnership
from tests.factories import MinistryFactory, person


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


def _parties(partnership):
    return sorted(
        Participation.objects.filter(partnership=partnership).values_list(
            "ministry__short_name", "role", "gain_share", "risk_share"
        )
    )


def _takeover(partnership, other_ministry):
    """The participants form as a supporting coordinator would forge it: MCSS and EDU removed, MOH lead."""
    rows = {p.ministry_id: p for p in partnership.participants}
    data = {"partners-TOTAL_FORMS": 3, "partners-INITIAL_FORMS": 3}
    for index, participation in enumerate(rows.values()):
        is_moh = participation.ministry_id == other_ministry.pk
        data.update(
            {
                f"partners-{index}-id": participation.pk,
                f"partners-{index}-ministry": participation.ministry_id,
                f"partners-{index}-role": "lead" if is_moh else "supporting",
                f"partners-{index}-gain_share": 100 if is_moh else 0,
                f"partners-{index}-risk_share": 100 if is_moh else 0,
                f"partners-{index}-DELETE": "" if is_moh else "on",
            }
        )
    return data


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


def test_permissions_only_the_lead_changes_parties_and_structure(coordinator, supporting_coordinator, partnership):
    assert [can_change_parties(u, partnership) for u in (coordinator, supporting_coordinator)] == [True, False]
    assert [can_change_structure(u, partnership) for u in (coordinator, supporting_coordinator)] == [True, False]


def test_participants_form_from_a_supporting_coordinator_is_refused(
    client_for, supporting_coordinator, partnership, other_ministry
):
    before = _parties(partnership)
    client = client_for(supporting_coordinator)
    url = reverse("partnerships:participations", args=[partnership.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, _takeover(partnership, other_ministry)).status_code == 403
    assert _parties(partnership) == before


def test_participants_form_from_the_lead_coordinator_still_works(
    client_for, coordinator, partnership, other_ministry, third_ministry
):
    data = _takeover(partnership, other_ministry)
    # The lead keeps MCSS in (its own ministry must take part), hands the lead to MOH and removes EDU.
    mcss = next(i for i in range(3) if data[f"partners-{i}-ministry"] not in (other_ministry.pk, third_ministry.pk))
    moh = next(i for i in range(3) if data[f"partners-{i}-ministry"] == other_ministry.pk)
    data.update({f"partners-{mcss}-DELETE": "", f"partners-{mcss}-gain_share": 50, f"partners-{mcss}-risk_share": 50})
    data.update({f"partners-{moh}-gain_share": 50, f"partners-{moh}-risk_share": 50})

    response = client_for(coordinator).post(reverse("partnerships:participations", args=[partnership.pk]), data)

    assert response.status_code == 302
    assert _parties(partnership) == [("MCSS", "supporting", 50, 50), ("MOH", "lead", 50, 50)]


def test_overview_offers_the_participants_form_to_the_lead_only(
    client_for, coordinator, supporting_coordinator, partnership
):
    url = reverse("partnerships:participations", args=[partnership.pk])
    detail = reverse("partnerships:detail", args=[partnership.pk])

    assert f'href="{url}"' in client_for(coordinator).get(detail).content.decode()
    assert f'href="{url}"' not in client_for(supporting_coordinator).get(detail).content.decode()


@pytest.mark.parametrize(
    "changes",
    [{"status": "closed"}, {"status": "on_hold"}, {"operating_mechanism": "one_ministry_pools"}],
)
def test_edit_form_from_a_supporting_coordinator_keeps_status_and_mechanism(
    client_for, supporting_coordinator, partnership, changes
):
    response = client_for(supporting_coordinator).post(
        reverse("partnerships:edit", args=[partnership.pk]), _edit_data(partnership, title="Ours now", **changes)
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    # The descriptive field is theirs to change; the status and the mechanism are not.
    assert (partnership.title, partnership.status, partnership.operating_mechanism) == ("Ours now", "active", "")


def test_edit_form_from_the_lead_coordinator_changes_status_and_mechanism(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("partnerships:edit", args=[partnership.pk]),
        _edit_data(partnership, status="on_hold", operating_mechanism="steering_committee"),
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.status, partnership.operating_mechanism) == ("on_hold", "steering_committee")


def test_edit_form_never_closes_a_partnership(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("partnerships:edit", args=[partnership.pk]), _edit_data(partnership, status="closed")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "status": ["Select a valid choice. closed is not one of the available choices."]
    }
    assert Partnership.objects.get(pk=partnership.pk).status == "active"


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
    assert entries_for(partnership)[0].what == "Ministry of Health withdrew from the partnership: Our mandate changed."


def test_supporting_coordinator_cannot_withdraw_another_ministry(
    client_for, supporting_coordinator, partnership, ministry, third_ministry
):
    before = _parties(partnership)
    client = client_for(supporting_coordinator)

    for other in (ministry, third_ministry):
        participation = partnership.participations.get(ministry=other)
        url = reverse("partnerships:participation_withdraw", args=[partnership.pk, participation.pk])
        assert client.post(url, {"reason": "Go away."}).status_code == 403
    assert _parties(partnership) == before


def test_withdrawal_without_a_reason_changes_nothing(client_for, supporting_coordinator, partnership, other_ministry):
    before = _parties(partnership)
    moh = partnership.participations.get(ministry=other_ministry)

    response = client_for(supporting_coordinator).post(
        reverse("partnerships:participation_withdraw", args=[partnership.pk, moh.pk]), {"reason": ""}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Say in a few words why your organisation withdraws."]
    assert _parties(partnership) == before


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
        "Without your organisation fewer than two government organisations would remain. Ask the lead to close it."
    ]
    assert _parties(partnership) == [("MCSS", "lead", 50, 50), ("MOH", "supporting", 50, 50)]

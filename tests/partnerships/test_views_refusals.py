"""The partnership pages when what was filled in earlier no longer holds, and what the parties' change tells."""

from django.contrib.messages import get_messages
from django.urls import reverse

from charters.models import CharterVersion
from partnerships.models import Partnership
from tests.builders import need_step, partners_step, send_charter_for_signature
from tests.factories import RegionFactory


def test_creation_whose_region_was_removed_meanwhile_goes_back_to_the_need_step(
    client_for, coordinator, ministry, other_ministry
):
    region = RegionFactory()
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), {**need_step(), "regions": [region.pk]})
    client.post(
        reverse("partnerships:create", args=["partners"]),
        partners_step(
            {"ministry": ministry.pk, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": other_ministry.pk, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ),
    )
    region.delete()

    response = client.post(
        reverse("partnerships:create", args=["setup"]),
        {"start_date": "2026-04-01", "end_date": "2029-03-31", "review_cadence": 3, "health_check_cadence": 6},
    )

    assert response.status_code == 302
    assert response.url == reverse("partnerships:create", args=["need"])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Please check this step again."]
    assert not Partnership.objects.filter(title="Children first").exists()
    assert client.session["new_partnership"]["setup"]["start_date"] == ["2026-04-01"]


def test_participations_edit_adding_a_ministry_to_a_charter_out_for_signature_warns_of_the_new_draft(
    client_for, coordinator, executive, other_executive, partnership, ministry, other_ministry, third_ministry
):
    send_charter_for_signature(partnership)
    rows = [(p.pk, p.ministry_id, p.role) for p in partnership.participations.order_by("pk")]
    rows.append(("", third_ministry.pk, "supporting"))
    data = {"partners-TOTAL_FORMS": 3, "partners-INITIAL_FORMS": 2}
    for i, ((pk, ministry_pk, role), share) in enumerate(zip(rows, [34, 33, 33], strict=True)):
        data.update(
            {
                f"partners-{i}-id": pk,
                f"partners-{i}-ministry": ministry_pk,
                f"partners-{i}-role": role,
                f"partners-{i}-gain_share": share,
                f"partners-{i}-risk_share": share,
            }
        )

    data["reason"] = "EDU brings the schools."
    client_for(coordinator).post(reverse("partnerships:participations", args=[partnership.pk]), data)
    proposal = partnership.structure_proposals.get()
    answer = reverse("partnerships:proposal_answer", args=[partnership.pk, proposal.pk])
    client_for(executive).post(answer, {"ministry": ministry.pk, "answer": "agree"})

    response = client_for(other_executive).post(answer, {"ministry": other_ministry.pk, "answer": "agree"})

    assert response.url == proposal.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)][-2:] == [
        "Every partner agreed: the change is in effect.",
        "The organisations changed, so every organisation must sign the charter again. Version 2 is a new draft.",
    ]
    assert [p.ministry for p in partnership.participations.order_by("pk")] == [
        ministry,
        other_ministry,
        third_ministry,
    ]
    assert list(partnership.charter_versions.order_by("number").values_list("number", "status")) == [
        (1, CharterVersion.Status.SUPERSEDED),
        (2, CharterVersion.Status.DRAFT),
    ]

"""Point 3 (who holds interests, knowledge, authority) and the gate request's note: rules out of the views."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments import services
from assessments.models import GateRequest, PointAnswer, ValueAssessment
from partnerships.models import Participation, Partnership
from partnerships.services import participations_set_holdings, partnership_create


@pytest.fixture
def partnership(ministry, other_ministry, coordinator):
    return partnership_create(
        created_by=coordinator,
        fields={"title": "Integrated services", "problem": "Families wait.", "public_value": "One door."},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": Decimal(50), "risk_share": Decimal(50)},
            {"ministry": other_ministry, "role": "supporting", "gain_share": Decimal(50), "risk_share": Decimal(50)},
        ],
    )


def participations(partnership):
    return {
        p.ministry.short_name: p for p in Partnership.objects.with_participants().get(pk=partnership.pk).participants
    }


def held(partnership):
    return {
        name: {holding for holding in Participation.HOLDINGS if getattr(p, holding)}
        for name, p in participations(partnership).items()
    }


# Point 3: the minimal systematic whole


def test_holdings_missing_lists_what_nobody_holds(partnership):
    both = participations(partnership)
    participations_set_holdings(
        partnership=partnership,
        holdings={both["MCSS"].pk: {"holds_interests"}, both["MOH"].pk: {"holds_interests", "holds_knowledge"}},
    )

    assert Partnership.objects.with_participants().get(pk=partnership.pk).holdings_missing == ["holds_authority"]


def test_holdings_missing_of_a_new_partnership_is_every_holding(partnership):
    assert partnership.holdings_missing == ["holds_interests", "holds_knowledge", "holds_authority"]


def test_participations_set_holdings_clears_what_is_left_out(partnership):
    both = participations(partnership)
    participations_set_holdings(
        partnership=partnership, holdings={both["MCSS"].pk: set(Participation.HOLDINGS), both["MOH"].pk: set()}
    )

    participations_set_holdings(partnership=partnership, holdings={both["MOH"].pk: {"holds_authority"}})

    assert held(partnership) == {"MCSS": set(), "MOH": {"holds_authority"}}


def test_participations_set_holdings_ignores_another_partnerships_rows(partnership, ministry, other_ministry):
    other = partnership_create(
        created_by=None,
        fields={"title": "Other", "problem": "P.", "public_value": "V."},
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": Decimal(50), "risk_share": Decimal(50)},
            {"ministry": other_ministry, "role": "supporting", "gain_share": Decimal(50), "risk_share": Decimal(50)},
        ],
    )
    foreign = participations(other)["MCSS"]

    participations_set_holdings(partnership=partnership, holdings={foreign.pk: {"holds_authority"}})

    assert held(other) == {"MCSS": set(), "MOH": set()}


def test_partners_worksheet_saves_the_boxes_and_warns_of_what_is_missing(partnership, coordinator, client_for):
    both = participations(partnership)
    client = client_for(coordinator)
    url = reverse("assessments:worksheet_partners", args=[partnership.pk])

    response = client.post(
        url,
        {
            f"{both['MCSS'].pk}-holds_interests": "on",
            f"{both['MOH'].pk}-holds_interests": "on",
            f"{both['MOH'].pk}-holds_knowledge": "on",
        },
    )
    page = client.get(url)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The worksheet is saved."]
    assert held(partnership) == {"MCSS": {"holds_interests"}, "MOH": {"holds_interests", "holds_knowledge"}}
    assert page.context["missing"] == ["Authority"]
    assert "Nobody in the partnership holds: Authority." in page.content.decode()


def test_partners_worksheet_by_someone_who_may_not_edit_changes_nothing(partnership, field_officer, client_for):
    both = participations(partnership)

    response = client_for(field_officer).post(
        reverse("assessments:worksheet_partners", args=[partnership.pk]), {f"{both['MCSS'].pk}-holds_authority": "on"}
    )

    assert response.status_code == 403
    assert held(partnership) == {"MCSS": set(), "MOH": set()}


# Asking for a gate decision


def settle_initiation_points(partnership):
    services.answers_for(partnership)
    PointAnswer.objects.filter(partnership=partnership, point__number__in=[1, 2, 3]).update(
        status=PointAnswer.Status.ADDRESSED, answer="<p>Agreed.</p>"
    )


def test_gate_request_with_a_note_too_long_shows_the_error_and_asks_nothing(partnership, coordinator, client_for):
    settle_initiation_points(partnership)

    response = client_for(coordinator).post(
        reverse("assessments:gate_request", args=[partnership.pk]), {"note": "x" * 2001}
    )

    assert response.status_code == 400
    assert response.context["request_form"].errors == {
        "note": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }
    assert "Ensure this value has at most 2000 characters (it has 2001)." in response.content.decode()
    assert not GateRequest.objects.exists()


def test_gate_request_keeps_the_note(partnership, coordinator, client_for):
    settle_initiation_points(partnership)

    response = client_for(coordinator).post(
        reverse("assessments:gate_request", args=[partnership.pk]), {"note": "Ready to plan."}
    )

    assert response.status_code == 302
    assert list(GateRequest.objects.values_list("note", "status")) == [("Ready to plan.", "pending")]


# Point 2: value against cost


def test_value_worksheet_saves_one_side_with_who_saved_it(partnership, ministry, coordinator, client_for):
    data = {
        "ministry": ministry.pk,
        f"m{ministry.pk}-expected_value": "Fewer repeat visits.",
        f"m{ministry.pk}-value_level": "4",
        f"m{ministry.pk}-time_and_cost": "Two staff days a week.",
        f"m{ministry.pk}-cost_level": "2",
    }

    response = client_for(coordinator).post(reverse("assessments:worksheet_value", args=[partnership.pk]), data)

    assert response.status_code == 302
    assert list(
        ValueAssessment.objects.values_list("ministry__short_name", "value_level", "cost_level", "updated_by")
    ) == [("MCSS", 4, 2, coordinator.pk)]


def test_value_worksheet_takes_not_known_yet_and_a_blank_other_side(partnership, ministry, coordinator, client_for):
    data = {"ministry": ministry.pk, f"m{ministry.pk}-expected_value": "Fewer repeat visits."}

    response = client_for(coordinator).post(reverse("assessments:worksheet_value", args=[partnership.pk]), data)

    assert response.status_code == 302
    assert list(ValueAssessment.objects.values_list("ministry__short_name", "value_level", "cost_level")) == [
        ("MCSS", None, None)
    ]
    page = client_for(coordinator).get(reverse("assessments:worksheet_value", args=[partnership.pk]))
    assert [a.costs_more_than_it_gives for _m, a, _f in page.context["rows"]] == [False, False]
    assert "Not known yet" in page.content.decode()


def test_value_worksheet_offers_its_own_side_only(partnership, ministry, coordinator, client_for):
    response = client_for(coordinator).get(reverse("assessments:worksheet_value", args=[partnership.pk]))

    assert [(m.short_name, form is not None) for m, _a, form in response.context["rows"]] == [
        ("MCSS", True),
        ("MOH", False),
    ]


def test_value_worksheet_refuses_filling_in_another_partys_side(partnership, other_ministry, coordinator, client_for):
    data = {"ministry": other_ministry.pk, f"m{other_ministry.pk}-value_level": "1"}

    response = client_for(coordinator).post(reverse("assessments:worksheet_value", args=[partnership.pk]), data)

    assert response.status_code == 403
    assert not ValueAssessment.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "²", "99999999999999999999999"])
def test_value_worksheet_for_an_organisation_not_taking_part_is_not_found(partnership, coordinator, client_for, value):
    response = client_for(coordinator).post(
        reverse("assessments:worksheet_value", args=[partnership.pk]), {"ministry": value}
    )

    assert response.status_code == 404
    assert not ValueAssessment.objects.exists()


def test_value_worksheet_with_a_bad_level_saves_nothing_and_says_why(partnership, ministry, coordinator, client_for):
    data = {"ministry": ministry.pk, f"m{ministry.pk}-value_level": "9", f"m{ministry.pk}-cost_level": "2"}

    response = client_for(coordinator).post(reverse("assessments:worksheet_value", args=[partnership.pk]), data)

    assert response.status_code == 400
    assert [form.errors for _m, _i, form in response.context["rows"] if form] == [
        {"value_level": ["Select a valid choice. 9 is not one of the available choices."]},
    ]
    assert not ValueAssessment.objects.exists()

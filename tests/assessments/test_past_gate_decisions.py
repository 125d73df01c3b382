"""The approving level records the decisions taken at earlier gates of a partnership recorded after it
began, on the day they were taken; the phase stays where the partnership is."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessments.models import GateDecision, GateRequest
from partnerships.models import Partnership, Phase
from tests.builders import make_partnership

TODAY = timezone.localdate()
BEGAN = TODAY - timedelta(days=730)


@pytest.fixture
def under_way(ministry, other_ministry):
    return make_partnership([ministry, other_ministry], start_date=BEGAN, phase=Phase.APPLICATION)


def url(partnership):
    return reverse("assessments:gate_record_past", args=[partnership.pk])


def decision(**changes):
    return {
        "from_phase": Phase.INITIATION,
        "outcome": "go",
        "decided_on": (BEGAN + timedelta(days=40)).isoformat(),
        "reason": "Points 1 to 3 were addressed at the first meeting.",
        **changes,
    }


def test_the_approving_level_records_a_past_decision_on_the_day_it_was_taken(client_for, executive, under_way):
    client = client_for(executive)
    assert client.get(url(under_way)).status_code == 200

    response = client.post(url(under_way), decision())

    recorded = GateDecision.objects.select_related("request").get()
    assert response.url == reverse("assessments:gate", args=[under_way.pk])
    assert (recorded.request.from_phase, recorded.request.status, recorded.outcome, recorded.decided_on) == (
        Phase.INITIATION,
        GateRequest.Status.DECIDED,
        GateDecision.Outcome.GO,
        BEGAN + timedelta(days=40),
    )
    assert Partnership.objects.get(pk=under_way.pk).phase == Phase.APPLICATION
    page = client.get(reverse("assessments:gate", args=[under_way.pk])).content.decode()
    assert "recorded" in page
    assert "Points 1 to 3 were addressed" in page


def test_the_gate_page_offers_only_the_gates_without_a_decision(client_for, executive, under_way):
    client = client_for(executive)
    client.post(url(under_way), decision())

    form = client.get(url(under_way)).context["form"]

    assert [value for value, _label in form.fields["from_phase"].choices] == [Phase.PLANNING]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decided_on": (TODAY + timedelta(days=2)).isoformat()}, "decided_on", "This date is in the future."),
        ({"decided_on": (BEGAN - timedelta(days=1)).isoformat()}, "decided_on", "The partnership began on"),
        ({"decided_on": "last spring"}, "decided_on", "Enter a date such as 2025-01-31."),
        ({"decided_on": "²"}, "decided_on", "Enter a date such as 2025-01-31."),
        ({"decided_on": ""}, "decided_on", "Give the day the decision was taken."),
        ({"from_phase": Phase.APPLICATION}, "from_phase", "Select a valid choice."),
        ({"outcome": "stop"}, "outcome", "Select a valid choice."),
        ({"reason": "  "}, "reason", "This field is required."),
    ],
)
def test_a_past_decision_with_a_wrong_day_or_gate_is_refused_next_to_the_field(
    client_for, executive, under_way, changes, field, message
):
    response = client_for(executive).post(url(under_way), decision(**changes))

    assert response.status_code == 400
    assert response.context["form"].errors[field][0].startswith(message)
    assert not GateDecision.objects.exists()


def test_a_gate_recorded_meanwhile_is_refused_next_to_the_gate(client_for, executive, under_way):
    client = client_for(executive)
    form_page = client.get(url(under_way))
    assert form_page.status_code == 200
    client.post(url(under_way), decision())

    response = client.post(url(under_way), decision(reason="Recorded twice from two tabs."))

    assert response.status_code == 400
    assert response.context["form"].errors["from_phase"][0].startswith("Select a valid choice.")
    assert GateDecision.objects.count() == 1


def test_the_service_refuses_a_gate_that_already_has_its_decision(executive, under_way):
    from django.core.exceptions import ValidationError

    from assessments.services import gate_decision_record_past

    gate_decision_record_past(
        partnership=under_way, by=executive, from_phase=Phase.INITIATION, outcome="go", reason="Yes.", decided_on=BEGAN
    )
    with pytest.raises(ValidationError) as error:
        gate_decision_record_past(
            partnership=under_way,
            by=executive,
            from_phase=Phase.INITIATION,
            outcome="go",
            reason="Again.",
            decided_on=BEGAN,
        )

    assert list(error.value.message_dict) == ["from_phase"]


def test_a_partner_coordinator_cannot_record_a_decision_alone(client_for, partner_coordinator, coordinator, under_way):
    for person in (partner_coordinator, coordinator):
        response = client_for(person).post(url(under_way), decision())
        assert response.status_code == 403
    assert not GateDecision.objects.exists()


def test_an_outsider_gets_404(client_for, outsider, under_way):
    assert client_for(outsider).post(url(under_way), decision()).status_code == 404


def test_under_a_steering_committee_no_single_member_records_the_committees_decision(client_for, executive, under_way):
    Partnership.objects.filter(pk=under_way.pk).update(operating_mechanism="steering_committee")

    response = client_for(executive).post(url(under_way), decision())

    assert response.url == reverse("assessments:gate", args=[under_way.pk])
    assert next(str(m) for m in get_messages(response.wsgi_request)).startswith(
        "Under a steering committee every member decides together"
    )
    assert not GateDecision.objects.exists()


def test_a_partnership_in_its_first_phase_has_no_past_gate(client_for, executive, ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])

    response = client_for(executive).get(url(partnership))

    assert response.url == reverse("assessments:gate", args=[partnership.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Every gate the partnership has passed already has its decision."
    ]

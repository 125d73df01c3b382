"""The findings on votes and committees: one coordinator recorded every ministry's vote with any weight
typed from 0 to 100, and under a steering committee a supporting ministry's executive passed a gate alone.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import GateDecision
from meetings.models import Decision, Vote
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import make_partnership, settle_points
from tests.factories import person


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry):
    """MCSS leads; MOH and EDU support. Risk shares: the builder's defaults."""
    return make_partnership([ministry, other_ministry, third_ministry])


def test_one_coordinator_cannot_record_the_others_votes_nor_type_their_weights(
    client_for, partnership, ministry, other_ministry, third_ministry, coordinator
):
    response = client_for(coordinator).post(
        reverse("meetings:decision_new", args=[partnership.pk]),
        {
            "title": "Move the shared desk to our office",
            "decided_on": timezone.localdate().isoformat(),
            "mechanism": "weighted_vote",
            f"vote_{ministry.pk}": "for",
            f"vote_{other_ministry.pk}": "against",
            f"vote_{third_ministry.pk}": "against",
            f"weight_{ministry.pk}": "100",
            f"weight_{other_ministry.pk}": "0",
            f"weight_{third_ministry.pk}": "0",
        },
    )

    decision = Decision.objects.get()
    shares = {p.ministry_id: p.risk_share for p in Partnership.objects.get(pk=partnership.pk).participations.all()}
    assert (response.status_code, decision.outcome) == (302, "waiting")
    assert {v.ministry_id: v.weight for v in Vote.objects.all()} == shares
    assert Vote.objects.filter(confirmed_at__isnull=False).count() == 0


def test_a_supporting_executive_alone_cannot_pass_a_steering_committee_gate(
    client_for, partnership, coordinator, other_ministry
):
    Partnership.objects.filter(pk=partnership.pk).update(operating_mechanism="steering_committee")
    settle_points(partnership, [1, 2, 3])
    assessment_services.gate_request(partnership=partnership, by=coordinator)

    client_for(person(other_ministry, Role.EXECUTIVE)).post(
        reverse("assessments:gate_decide", args=[partnership.pk]),
        {"outcome": "go", "reason": "Ready.", "conditions-TOTAL_FORMS": 0, "conditions-INITIAL_FORMS": 0},
    )

    assert Partnership.objects.get(pk=partnership.pk).phase == "initiation"
    assert not GateDecision.objects.exists()

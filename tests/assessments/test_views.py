import pytest
from django.urls import reverse

from assessments import services
from assessments.models import GateRequest, PointAnswer, PointEvidence
from tests.factories import GateRequestFactory


def test_coordinator_removes_evidence_from_a_point(client_for, partnership, coordinator):
    services.answers_for(partnership)
    answer = PointAnswer.objects.get(partnership=partnership, point__number=3)
    evidence = PointEvidence.objects.create(answer=answer, label="Minutes of the first meeting")

    response = client_for(coordinator).post(reverse("assessments:evidence_remove", args=[partnership.pk, evidence.pk]))

    assert response.url == reverse("assessments:points", args=[partnership.pk]) + "#point-3"
    assert PointEvidence.objects.count() == 0


def test_field_officer_cannot_remove_evidence(client_for, partnership, field_officer):
    services.answers_for(partnership)
    answer = PointAnswer.objects.get(partnership=partnership, point__number=3)
    evidence = PointEvidence.objects.create(answer=answer, label="Minutes of the first meeting")
    url = reverse("assessments:evidence_remove", args=[partnership.pk, evidence.pk])

    response = client_for(field_officer).post(url)

    assert (response.status_code, PointEvidence.objects.count()) == (403, 1)


def test_coordinator_withdraws_a_pending_gate_request(client_for, partnership, coordinator):
    pending = GateRequestFactory(partnership=partnership, from_phase=partnership.phase, requested_by=coordinator)

    response = client_for(coordinator).post(reverse("assessments:gate_withdraw", args=[partnership.pk]))

    pending.refresh_from_db()
    assert response.url == reverse("assessments:gate", args=[partnership.pk])
    assert pending.status == GateRequest.Status.WITHDRAWN


def test_an_invalid_position_posted_from_the_card_comes_back_with_its_error(client_for, partnership, coordinator):
    url = reverse("assessments:point_position", args=[partnership.pk, 3])

    response = client_for(coordinator).post(url, {"p3-stance": "nonsense"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "assessments/_point_card.html"
    assert sorted(response.context["answer"].position_form.errors) == ["ministry", "stance"]


def test_evidence_without_a_file_has_nothing_to_download(client_for, partnership, coordinator):
    services.answers_for(partnership)
    answer = PointAnswer.objects.get(partnership=partnership, point__number=3)
    evidence = PointEvidence.objects.create(answer=answer, label="Minutes of the first meeting")

    response = client_for(coordinator).get(reverse("assessments:evidence_file", args=[partnership.pk, evidence.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("assessments:worksheet_value", []),
        ("assessments:worksheet_partners", []),
        ("assessments:worksheet_conflict", []),
        ("assessments:point_position", [3]),
    ],
)
def test_field_officer_cannot_post_the_worksheets_or_a_position(client_for, partnership, field_officer, name, args):
    # For its own organisation's side: the worksheet answers 404 for an organisation that is not a party.
    own = {"ministry": field_officer.memberships.get().ministry_id}
    response = client_for(field_officer).post(reverse(name, args=[partnership.pk, *args]), own)

    assert response.status_code == 403

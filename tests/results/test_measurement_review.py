"""Approving or returning a measurement with a comment that cannot be kept does neither."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from partnerships.services import partnership_create
from results import services as results_services
from results.models import Indicator, Measurement


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


@pytest.fixture
def measurement(partnership, ministry, coordinator):
    indicator = results_services.indicator_create(
        partnership=partnership,
        by=None,
        fields={
            "name": "Families served",
            "definition": "Families with a shared case plan.",
            "unit": Indicator.Unit.NUMBER,
            "baseline": Decimal("0"),
            "target": Decimal("100"),
            "owner_ministry": ministry,
        },
    )
    return results_services.measurement_save(
        indicator=indicator,
        by=coordinator,
        ministry=ministry,
        field_unit=None,
        day=date(2026, 7, 15),
        value=Decimal("4"),
        submit=True,
    )


def review(client, partnership, measurement, data):
    return client.post(reverse("results:measurement_review", args=[partnership.pk, measurement.pk]), data)


@pytest.mark.parametrize("action", ["approve", "return"])
@pytest.mark.parametrize(
    ("comment", "error"),
    [
        ("x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("Which\x00 month?", "Null characters are not allowed."),
    ],
)
def test_measurement_review_with_a_bad_comment_shows_why_and_changes_nothing(
    action, comment, error, partnership, measurement, executive, client_for
):
    response = review(client_for(executive), partnership, measurement, {"action": action, "comment": comment})

    assert response.status_code == 302
    assert response["Location"] == reverse("results:indicator", args=[partnership.pk, measurement.indicator_id])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [error]
    measurement.refresh_from_db()
    assert (measurement.status, measurement.review_comment, measurement.reviewed_by) == ("submitted", "", None)


def test_measurement_review_approves_with_the_comment(partnership, measurement, executive, client_for):
    response = review(
        client_for(executive), partnership, measurement, {"action": "approve", "comment": "Good.", "next": "results"}
    )

    assert response["Location"] == reverse("results:results", args=[partnership.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Approved: it now counts toward the results."]
    measurement.refresh_from_db()
    assert (measurement.status, measurement.review_comment, measurement.reviewed_by) == (
        Measurement.Status.APPROVED,
        "Good.",
        executive,
    )

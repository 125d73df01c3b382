"""A milestone done late in the evening on its due date is on time, whatever day it is in UTC."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from partnerships.services import partnership_create
from results.models import Milestone
from results.services import milestone_create

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture(autouse=True)
def _toronto(settings):
    settings.TIME_ZONE = "America/Toronto"


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


def done_at(partnership, coordinator, client_for, when):
    """Mark a milestone due on 10 March 2026 done through its page, then set the moment it was done."""
    milestone = milestone_create(
        partnership=partnership, by=coordinator, fields={"title": "First office open", "due_date": date(2026, 3, 10)}
    )
    response = client_for(coordinator).post(
        reverse("results:milestone_done", args=[partnership.pk, milestone.pk]), {"note": "Thunder Bay is open."}
    )
    assert response.status_code == 302
    Milestone.objects.filter(pk=milestone.pk).update(done_at=when)
    return Milestone.objects.get(pk=milestone.pk)


@pytest.mark.parametrize(
    ("when", "done_on", "late"),
    [
        (datetime(2026, 3, 10, 22, 0, tzinfo=TORONTO), date(2026, 3, 10), False),  # 03:00 on the 11th in UTC
        (datetime(2026, 3, 10, 23, 59, tzinfo=TORONTO), date(2026, 3, 10), False),
        (datetime(2026, 3, 11, 0, 30, tzinfo=TORONTO), date(2026, 3, 11), True),
        (datetime(2026, 3, 9, 9, 0, tzinfo=TORONTO), date(2026, 3, 9), False),
    ],
)
def test_milestone_done_on_is_the_local_day(when, done_on, late, partnership, coordinator, client_for):
    milestone = done_at(partnership, coordinator, client_for, when)

    assert (milestone.done_on, milestone.done_late) == (done_on, late)


def test_milestone_still_open_is_not_done_late(partnership, coordinator):
    milestone = milestone_create(
        partnership=partnership, by=coordinator, fields={"title": "Survey", "due_date": date(2020, 1, 1)}
    )

    assert (milestone.done_on, milestone.done_late) == (None, False)


def test_progress_tab_shows_a_milestone_done_at_22_in_toronto_on_its_due_date_on_time(
    partnership, coordinator, client_for
):
    done_at(partnership, coordinator, client_for, datetime(2026, 3, 10, 22, 0, tzinfo=TORONTO))

    page = client_for(coordinator).get(reverse("results:progress", args=[partnership.pk])).content.decode()

    assert "· on time" in " ".join(page.split())
    assert "planned for" not in page


def test_progress_tab_shows_a_milestone_done_the_day_after_as_planned_for_its_date(
    partnership, coordinator, client_for
):
    done_at(partnership, coordinator, client_for, datetime(2026, 3, 11, 0, 30, tzinfo=TORONTO))

    page = " ".join(
        client_for(coordinator).get(reverse("results:progress", args=[partnership.pk])).content.decode().split()
    )

    assert "planned for March 10, 2026" in page
    assert "on time" not in page

"""A conflict carries the day it was raised and the day it reached each rung, apart from when it was
recorded: never after today, never before the partnership began."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.bidi import isolate
from meetings.models import Conflict
from partnerships import history
from partnerships.models import Partnership

TODAY = timezone.localdate()
BEGAN = TODAY - timedelta(days=400)


@pytest.fixture
def under_way(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(start_date=BEGAN)
    partnership.refresh_from_db()
    return partnership


def raise_post(ministry, **changes):
    return {
        "kind": "conflict",
        "title": "Who pays for the shared office",
        "description": "Both ministries expected the other to pay the lease.",
        "ministry": ministry.pk,
        **changes,
    }


def test_a_conflict_raised_before_it_was_recorded_carries_its_day(client_for, field_officer, ministry, under_way):
    raised = BEGAN + timedelta(days=100)

    response = client_for(field_officer).post(
        reverse("meetings:conflict_new", args=[under_way.pk]), raise_post(ministry, raised_on=raised.isoformat())
    )

    conflict = Conflict.objects.get()
    assert response.url == reverse("meetings:conflict", args=[under_way.pk, conflict.pk])
    assert list(conflict.escalations.values_list("level", "reached_on")) == [(1, raised)]
    page = client_for(field_officer).get(response.url).content.decode()
    assert f"on {raised.strftime('%b')}" in page
    entry = next(e for e in history.entries_for(under_way) if "Who pays" in e.what)
    assert (entry.what, entry.happened_on, entry.recorded_later) == (
        f"Raised “{isolate('Who pays for the shared office')}” with the working group",
        raised,
        True,
    )


def test_a_conflict_raised_without_a_day_is_raised_today(client_for, field_officer, ministry, under_way):
    client_for(field_officer).post(reverse("meetings:conflict_new", args=[under_way.pk]), raise_post(ministry))

    assert list(Conflict.objects.get().escalations.values_list("reached_on", flat=True)) == [TODAY]


@pytest.mark.parametrize(
    ("raised_on", "message"),
    [
        ((TODAY + timedelta(days=1)).isoformat(), "This date is in the future."),
        ((BEGAN - timedelta(days=1)).isoformat(), "The partnership began on"),
        ("²", "Enter a date such as 2025-01-31."),
        ("yesterday", "Enter a date such as 2025-01-31."),
    ],
)
def test_a_conflict_raised_in_the_future_or_before_the_start_is_refused_next_to_the_field(
    client_for, field_officer, ministry, under_way, raised_on, message
):
    response = client_for(field_officer).post(
        reverse("meetings:conflict_new", args=[under_way.pk]), raise_post(ministry, raised_on=raised_on)
    )

    assert response.context["form"].errors["raised_on"][0].startswith(message)
    assert not Conflict.objects.exists()


def test_an_escalation_before_the_partnership_began_is_refused(client_for, coordinator, ministry, under_way):
    client_for(coordinator).post(
        reverse("meetings:conflict_new", args=[under_way.pk]),
        raise_post(ministry, raised_on=BEGAN.isoformat()),
    )
    conflict = Conflict.objects.get()
    # Raised on the first day; an escalation dated before it began is refused.
    Partnership.objects.filter(pk=under_way.pk).update(start_date=BEGAN + timedelta(days=10))
    escalate = reverse("meetings:conflict_escalate", args=[under_way.pk, conflict.pk])

    client_for(coordinator).post(escalate, {"reached_on": (BEGAN + timedelta(days=5)).isoformat(), "note": "Stuck"})

    assert list(conflict.escalations.values_list("level", flat=True)) == [1]


def test_an_escalation_is_in_the_history_on_its_day(client_for, coordinator, ministry, under_way):
    client_for(coordinator).post(reverse("meetings:conflict_new", args=[under_way.pk]), raise_post(ministry))
    conflict = Conflict.objects.get()
    escalate = reverse("meetings:conflict_escalate", args=[under_way.pk, conflict.pk])

    client_for(coordinator).post(escalate, {"reached_on": TODAY.isoformat(), "note": "Stuck"})

    whats = [e.what for e in history.entries_for(under_way) if "Who pays" in e.what]
    title = isolate("Who pays for the shared office")
    assert whats == [
        f"“{title}” went up a rung, to: Steering committee. Why: {isolate('Stuck')}",
        f"Raised “{title}” with the working group",
    ]


def test_a_hebrew_history_line_keeps_a_latin_title_and_its_date_together(client_for, coordinator, ministry, under_way):
    # Unisolated, "Pilot 2026 review" would lend its direction to the Hebrew words around it, and
    # "03-01" in the reason would drift to the start of the right-to-left line.
    client_for(coordinator).post(
        reverse("meetings:conflict_new", args=[under_way.pk]), raise_post(ministry, title="Pilot 2026 review")
    )
    conflict = Conflict.objects.get()
    client_for(coordinator).post(
        reverse("meetings:conflict_escalate", args=[under_way.pk, conflict.pk]),
        {"reached_on": TODAY.isoformat(), "note": "Due 2026-03-01"},
    )
    coordinator.preferred_language = "he"
    coordinator.save(update_fields=["preferred_language"])

    page = client_for(coordinator).get(reverse("partnerships:history", args=[under_way.pk])).content.decode()

    assert "העלה/תה את „\u2068Pilot 2026 review\u2069” בפני צוות העבודה" in page
    assert "„\u2068Pilot 2026 review\u2069” עלה דרגה, אל: " in page
    assert "\u2068Due 2026-03-01\u2069" in page
    assert page.count("Pilot 2026 review") == page.count("\u2068Pilot 2026 review\u2069")

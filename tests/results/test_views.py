from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from results import services
from results.models import Indicator, Measurement, Milestone
from tests.builders import indicator_for
from tests.factories import MilestoneFactory


def test_field_officer_submits_their_draft_measurement(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry)
    draft = services.measurement_save(
        indicator=indicator,
        by=field_officer,
        ministry=ministry,
        field_unit=None,
        day=date(2026, 2, 15),
        value=Decimal("12"),
        value_text="",
        submit=False,
    )

    response = client_for(field_officer).post(reverse("results:measurement_submit", args=[partnership.pk, draft.pk]))

    draft.refresh_from_db()
    assert response.url == reverse("results:indicator", args=[partnership.pk, indicator.pk])
    assert draft.status == Measurement.Status.SUBMITTED


def test_coordinator_reopens_a_milestone_marked_done_by_mistake(client_for, partnership, coordinator):
    milestone = MilestoneFactory(
        partnership=partnership, status=Milestone.Status.DONE, done_at=timezone.now(), done_by=coordinator
    )

    response = client_for(coordinator).post(reverse("results:milestone_reopen", args=[partnership.pk, milestone.pk]))

    milestone.refresh_from_db()
    assert response.url == reverse("results:progress", args=[partnership.pk])
    assert (milestone.status, milestone.done_at, milestone.done_by) == (Milestone.Status.OPEN, None, None)


def test_approving_from_the_results_page_goes_back_to_it(client_for, partnership, ministry, field_officer, executive):
    indicator = indicator_for(partnership, ministry)
    submitted = services.measurement_save(
        indicator=indicator,
        by=field_officer,
        ministry=ministry,
        field_unit=None,
        day=date(2026, 2, 15),
        value=Decimal("12"),
        value_text="",
        submit=True,
    )
    url = reverse("results:measurement_review", args=[partnership.pk, submitted.pk])

    response = client_for(executive).post(url, {"action": "approve", "next": "results"})

    submitted.refresh_from_db()
    assert response.url == reverse("results:results", args=[partnership.pk])
    assert submitted.status == Measurement.Status.APPROVED


def test_editing_a_yes_no_measurement_shows_its_answer(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry, unit=Indicator.Unit.YES_NO, baseline=None, target=Decimal("1"))
    draft = services.measurement_save(
        indicator=indicator,
        by=field_officer,
        ministry=ministry,
        field_unit=None,
        day=date(2026, 2, 15),
        value=Decimal("1"),
        value_text="",
        submit=False,
    )

    response = client_for(field_officer).get(reverse("results:measurement_edit", args=[partnership.pk, draft.pk]))

    assert response.context["form"]["value"].value() == "1"


def test_another_ministry_cannot_submit_a_draft_measurement(
    client_for, partnership, ministry, field_officer, partner_coordinator
):
    indicator = indicator_for(partnership, ministry)
    draft = services.measurement_save(
        indicator=indicator,
        by=field_officer,
        ministry=ministry,
        field_unit=None,
        day=date(2026, 2, 15),
        value=Decimal("12"),
        value_text="",
        submit=False,
    )

    response = client_for(partner_coordinator).post(
        reverse("results:measurement_submit", args=[partnership.pk, draft.pk])
    )

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (403, Measurement.Status.DRAFT)


def test_field_officer_cannot_reopen_a_milestone(client_for, partnership, coordinator, field_officer):
    milestone = MilestoneFactory(
        partnership=partnership, status=Milestone.Status.DONE, done_at=timezone.now(), done_by=coordinator
    )

    response = client_for(field_officer).post(reverse("results:milestone_reopen", args=[partnership.pk, milestone.pk]))

    milestone.refresh_from_db()
    assert (response.status_code, milestone.status) == (403, Milestone.Status.DONE)

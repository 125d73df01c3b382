from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ministries.models import Role
from results import services as results_services
from results.forms import period_choices
from results.models import Indicator, Measurement, MeasurementStep
from results.reporting import measurements_due_for, partnership_has_indicator_with_target
from tests.builders import approved, indicator_for, quarter
from tests.factories import FieldUnitFactory, person

# Progress for every kind of indicator


def test_progress_number_not_cumulative_takes_the_latest_period(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry, baseline=Decimal("20"), target=Decimal("120"))
    approved(indicator, coordinator, executive, quarter(1), 50)
    approved(indicator, coordinator, executive, quarter(2), 70)

    progress = Indicator.objects.with_results().get(pk=indicator.pk).progress()

    assert (progress.current, progress.percent, progress.latest_period_end) == (
        Decimal("70"),
        Decimal("50"),
        date(2026, 6, 30),
    )


def test_progress_number_cumulative_adds_reports_to_the_baseline(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry, baseline=Decimal("20"), target=Decimal("120"), cumulative=True)
    approved(indicator, coordinator, executive, quarter(1), 30)
    approved(indicator, coordinator, executive, quarter(2), 45)

    progress = indicator.progress()

    assert (progress.current, progress.percent) == (Decimal("95"), Decimal("75"))


def test_progress_decrease_not_cumulative(partnership, ministry, coordinator, executive):
    indicator = indicator_for(
        partnership, ministry, baseline=Decimal("300"), target=Decimal("100"), direction=Indicator.Direction.DECREASE
    )
    approved(indicator, coordinator, executive, quarter(1), 250)
    approved(indicator, coordinator, executive, quarter(2), 200)

    assert (indicator.progress().current, indicator.progress().percent) == (Decimal("200"), Decimal("50"))


def test_progress_decrease_cumulative_takes_reports_off_the_baseline(partnership, ministry, coordinator, executive):
    indicator = indicator_for(
        partnership,
        ministry,
        baseline=Decimal("300"),
        target=Decimal("100"),
        direction=Indicator.Direction.DECREASE,
        cumulative=True,
    )
    approved(indicator, coordinator, executive, quarter(1), 40)
    approved(indicator, coordinator, executive, quarter(2), 110)

    progress = indicator.progress()

    assert (progress.current, progress.percent, progress.achieved) == (Decimal("150"), Decimal("75"), False)


def test_progress_moving_the_wrong_way_is_negative_and_the_bar_stays_at_zero(
    partnership, ministry, coordinator, executive
):
    indicator = indicator_for(
        partnership, ministry, baseline=Decimal("300"), target=Decimal("100"), direction=Indicator.Direction.DECREASE
    )
    approved(indicator, coordinator, executive, quarter(1), 350)

    progress = indicator.progress()

    assert (progress.percent, progress.bar) == (Decimal("-25"), 0)


def test_progress_past_the_target_is_over_100_and_achieved(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry)
    approved(indicator, coordinator, executive, quarter(1), 130)

    progress = indicator.progress()

    assert (progress.percent, progress.bar, progress.achieved) == (Decimal("130"), 100, True)


def test_progress_percentage_averages_the_units_of_a_period(partnership, ministry, coordinator, executive, unit):
    indicator = indicator_for(
        partnership, ministry, unit=Indicator.Unit.PERCENTAGE, baseline=Decimal("40"), target=Decimal("80")
    )
    other_unit = FieldUnitFactory(ministry=ministry, name="Sudbury Office")
    approved(indicator, coordinator, executive, quarter(1), 50, unit=unit)
    approved(indicator, coordinator, executive, quarter(1), 70, unit=other_unit)

    progress = indicator.progress()

    assert (progress.current, progress.percent) == (Decimal("60"), Decimal("50"))


def test_progress_numbers_add_up_over_units_of_a_period(partnership, ministry, coordinator, executive, unit):
    indicator = indicator_for(partnership, ministry, target=Decimal("200"))
    approved(indicator, coordinator, executive, quarter(1), 60, unit=unit)
    approved(indicator, coordinator, executive, quarter(1), 40)

    assert indicator.progress().current == Decimal("100")


def test_progress_yes_no_is_reached_only_when_every_unit_says_yes(partnership, ministry, coordinator, executive, unit):
    indicator = indicator_for(
        partnership, ministry, unit=Indicator.Unit.YES_NO, baseline=Decimal("0"), target=Decimal("1")
    )
    approved(indicator, coordinator, executive, quarter(1), 1, unit=unit)
    approved(indicator, coordinator, executive, quarter(1), 0)
    before = indicator.progress()
    approved(indicator, coordinator, executive, quarter(2), 1)

    after = indicator.progress()

    assert (before.percent, after.percent, after.achieved) == (Decimal("0"), Decimal("100"), True)
    assert indicator.display_value(after.current) == "yes"


def test_progress_qualitative_shows_the_latest_approved_description(partnership, ministry, coordinator, executive):
    indicator = indicator_for(
        partnership,
        ministry,
        unit=Indicator.Unit.QUALITATIVE,
        baseline=None,
        target=None,
        target_description="Families say the intake is simple.",
    )
    approved(indicator, coordinator, executive, quarter(1), value_text="Mixed views.")
    approved(indicator, coordinator, executive, quarter(2), value_text="Most families find it simple.")

    progress = indicator.progress()

    assert (progress.text, progress.percent, progress.measured) == ("Most families find it simple.", None, True)


def test_progress_counts_only_approved_measurements(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry)
    approved(indicator, coordinator, executive, quarter(1), 10)
    results_services.measurement_save(
        indicator=indicator, by=coordinator, ministry=ministry, field_unit=None, day=quarter(2), value=Decimal("90")
    )

    assert indicator.progress().current == Decimal("10")


def test_progress_without_target_has_a_value_but_no_percentage(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry, target=None)
    approved(indicator, coordinator, executive, quarter(1), 10)

    progress = indicator.progress()

    assert (progress.current, progress.percent) == (Decimal("10"), None)


def test_progress_without_measurements_is_not_measured(partnership, ministry):
    progress = indicator_for(partnership, ministry).progress()

    assert (progress.measured, progress.percent, progress.bar) == (False, None, 0)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"baseline": Decimal("50"), "target": Decimal("40")}, "target"),
        ({"direction": "decrease", "baseline": Decimal("10"), "target": Decimal("40")}, "target"),
        ({"unit": "percentage", "target": Decimal("140")}, "target"),
        ({"unit": "yes_no", "target": Decimal("2")}, "target"),
        ({"unit": "percentage", "cumulative": True}, "cumulative"),
        ({"unit": "qualitative", "target_description": "Simple"}, "target"),
        ({"cumulative": True, "direction": "decrease", "baseline": None, "target": Decimal("-5")}, "baseline"),
    ],
)
def test_indicator_refuses_inconsistent_definitions(partnership, ministry, fields, field):
    with pytest.raises(ValidationError) as error:
        indicator_for(partnership, ministry, **fields)

    assert field in error.value.message_dict


def test_indicator_owner_must_take_part(partnership, outsider_ministry):
    with pytest.raises(ValidationError) as error:
        indicator_for(partnership, outsider_ministry)

    assert "owner_ministry" in error.value.message_dict


def test_indicator_unit_cannot_change_once_reported(partnership, ministry, coordinator):
    indicator = indicator_for(partnership, ministry)
    results_services.measurement_save(
        indicator=indicator, by=coordinator, ministry=ministry, field_unit=None, day=quarter(1), value=Decimal("3")
    )

    with pytest.raises(ValidationError) as error:
        results_services.indicator_update(indicator=indicator, by=coordinator, fields={"unit": "percentage"})

    assert "unit" in error.value.message_dict


@pytest.mark.parametrize(
    ("frequency", "day", "period"),
    [
        (Indicator.Frequency.MONTHLY, date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
        (Indicator.Frequency.QUARTERLY, date(2026, 11, 23), (date(2026, 10, 1), date(2026, 12, 31))),
        (Indicator.Frequency.SEMI_ANNUAL, date(2026, 7, 1), (date(2026, 4, 1), date(2026, 9, 30))),
        (Indicator.Frequency.SEMI_ANNUAL, date(2026, 2, 1), (date(2025, 10, 1), date(2026, 3, 31))),
        (Indicator.Frequency.ANNUAL, date(2026, 3, 3), (date(2025, 4, 1), date(2026, 3, 31))),
        (Indicator.Frequency.ANNUAL, date(2026, 4, 1), (date(2026, 4, 1), date(2027, 3, 31))),
    ],
)
def test_reporting_periods_follow_the_fiscal_year_when_it_starts_in_april(settings, frequency, day, period):
    settings.INTERLOCK_FISCAL_YEAR_START_MONTH = 4
    assert Indicator(frequency=frequency).period_containing(day) == period


def test_reporting_periods_follow_the_calendar_year_when_the_fiscal_year_does(settings):
    settings.INTERLOCK_FISCAL_YEAR_START_MONTH = 1
    annual = Indicator(frequency=Indicator.Frequency.ANNUAL).period_containing(date(2026, 3, 3))
    half = Indicator(frequency=Indicator.Frequency.SEMI_ANNUAL).period_containing(date(2026, 7, 1))
    assert (annual, half) == ((date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 7, 1), date(2026, 12, 31)))


def test_period_choices_start_with_the_partnership(partnership, ministry):
    partnership.start_date = date(2026, 5, 10)
    partnership.save()
    indicator = indicator_for(partnership, ministry)

    choices = period_choices(indicator, today=date(2026, 12, 3))

    assert [start for start, _label in choices] == ["2026-10-01", "2026-07-01", "2026-04-01"]


def test_a_measurement_before_the_partnership_began_is_refused(partnership, ministry, unit, unit_officer):
    partnership.start_date = date(2026, 5, 10)
    partnership.save()
    indicator = indicator_for(partnership, ministry)

    with pytest.raises(ValidationError) as error:
        results_services.measurement_save(
            indicator=indicator,
            by=unit_officer,
            ministry=ministry,
            field_unit=unit,
            day=date(2026, 3, 1),
            value=Decimal("3"),
        )

    assert list(error.value.message_dict) == ["day"]
    assert not Measurement.objects.exists()


def test_gate_helper_needs_an_indicator_with_a_target(partnership, ministry):
    indicator_for(partnership, ministry, name="Without", target=None)
    before = partnership_has_indicator_with_target(partnership)
    indicator_for(partnership, ministry, name="With", target=Decimal("5"))

    assert (before, partnership_has_indicator_with_target(partnership)) == (False, True)


def test_gate_helper_counts_a_qualitative_target_in_words(partnership, ministry):
    indicator_for(
        partnership,
        ministry,
        unit=Indicator.Unit.QUALITATIVE,
        baseline=None,
        target=None,
        target_description="Families find the intake simple.",
    )

    assert partnership_has_indicator_with_target(partnership) is True


# The approval workflow


def test_measurement_goes_from_draft_to_returned_to_approved_with_every_step_kept(
    partnership, ministry, unit, unit_officer, executive
):
    indicator = indicator_for(partnership, ministry)
    measurement = results_services.measurement_save(
        indicator=indicator, by=unit_officer, ministry=ministry, field_unit=unit, day=quarter(1), value=Decimal("12")
    )
    assert measurement.status == Measurement.Status.DRAFT
    results_services.measurement_submit(measurement=measurement, by=unit_officer)
    results_services.measurement_return(measurement=measurement, by=executive, comment="Count families, not visits.")
    measurement = results_services.measurement_update(
        measurement=measurement, by=unit_officer, value=Decimal("9"), submit=True
    )
    measurement = results_services.measurement_approve(measurement=measurement, by=executive)

    assert (measurement.status, measurement.value, measurement.reviewed_by) == ("approved", Decimal("9"), executive)
    assert [(s.action, s.by, s.comment) for s in MeasurementStep.objects.filter(measurement=measurement)] == [
        ("submitted", unit_officer, ""),
        ("returned", executive, "Count families, not visits."),
        ("submitted", unit_officer, ""),
        ("approved", executive, ""),
    ]


def test_returning_needs_a_comment(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry)
    measurement = results_services.measurement_save(
        indicator=indicator,
        by=coordinator,
        ministry=ministry,
        field_unit=None,
        day=quarter(1),
        value=Decimal("1"),
        submit=True,
    )

    with pytest.raises(ValidationError) as error:
        results_services.measurement_return(measurement=measurement, by=executive, comment="  ")

    assert "comment" in error.value.message_dict


def test_nobody_approves_what_they_reported_themselves(partnership, ministry, coordinator):
    indicator = indicator_for(partnership, ministry)
    measurement = results_services.measurement_save(
        indicator=indicator,
        by=coordinator,
        ministry=ministry,
        field_unit=None,
        day=quarter(1),
        value=Decimal("1"),
        submit=True,
    )

    with pytest.raises(ValidationError):
        results_services.measurement_approve(measurement=measurement, by=coordinator)


def test_a_draft_cannot_be_approved(partnership, ministry, coordinator, executive):
    indicator = indicator_for(partnership, ministry)
    measurement = results_services.measurement_save(
        indicator=indicator, by=coordinator, ministry=ministry, field_unit=None, day=quarter(1), value=Decimal("1")
    )

    with pytest.raises(ValidationError):
        results_services.measurement_approve(measurement=measurement, by=executive)


def test_one_measurement_per_unit_and_period_once_submitted(partnership, ministry, unit, unit_officer):
    indicator = indicator_for(partnership, ministry)
    results_services.measurement_save(
        indicator=indicator,
        by=unit_officer,
        ministry=ministry,
        field_unit=unit,
        day=quarter(1),
        value=Decimal("1"),
        submit=True,
    )

    with pytest.raises(ValidationError) as error:
        results_services.measurement_save(
            indicator=indicator, by=unit_officer, ministry=ministry, field_unit=unit, day=quarter(1), value=Decimal("2")
        )

    assert "day" in error.value.message_dict


def test_a_locked_period_takes_no_more_measurements(partnership, ministry, unit, unit_officer, coordinator, executive):
    indicator = indicator_for(partnership, ministry)
    measurement = approved(indicator, coordinator, executive, quarter(1), 5)
    results_services.reporting_period_lock(period=measurement.period, by=executive)

    with pytest.raises(ValidationError):
        results_services.measurement_save(
            indicator=indicator, by=unit_officer, ministry=ministry, field_unit=unit, day=quarter(1), value=Decimal("2")
        )


def test_a_period_locks_only_when_everything_in_it_is_approved(partnership, ministry, unit, unit_officer, executive):
    indicator = indicator_for(partnership, ministry)
    measurement = results_services.measurement_save(
        indicator=indicator,
        by=unit_officer,
        ministry=ministry,
        field_unit=unit,
        day=quarter(1),
        value=Decimal("1"),
        submit=True,
    )

    with pytest.raises(ValidationError):
        results_services.reporting_period_lock(period=measurement.period, by=executive)
    results_services.measurement_approve(measurement=measurement, by=executive)
    period = results_services.reporting_period_lock(period=measurement.period, by=executive)

    assert (period.is_locked, period.locked_by) == (True, executive)


# Who may do each step, through the pages


def report_url(partnership, indicator):
    return reverse("results:measurement_new", args=[partnership.pk, indicator.pk])


def test_field_officer_reports_for_their_own_unit(client_for, partnership, ministry, unit, unit_officer):
    indicator = indicator_for(partnership, ministry)

    response = client_for(unit_officer).post(
        report_url(partnership, indicator), {"period": "2026-07-01", "value": "14", "submit": "1"}
    )

    measurement = Measurement.objects.get()
    assert response.status_code == 302
    assert (measurement.field_unit, measurement.status, measurement.value) == (unit, "submitted", Decimal("14"))


def test_send_for_approval_says_it_went_for_approval_not_that_it_is_a_draft(
    client_for, partnership, ministry, field_officer
):
    indicator = indicator_for(partnership, ministry)

    response = client_for(field_officer).post(
        report_url(partnership, indicator), {"period": "2026-07-01", "value": "14", "submit": "1"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Sent to Ministry of Community and Social Services for approval."
    ]
    assert Measurement.objects.get().status == "submitted"


def test_save_as_a_draft_says_so(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry)

    response = client_for(field_officer).post(
        report_url(partnership, indicator), {"period": "2026-07-01", "value": "14", "draft": "1"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Saved as a draft. Send it for approval when it is ready."
    ]


def test_field_officer_without_a_unit_reports_for_their_ministry(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry)

    client_for(field_officer).post(report_url(partnership, indicator), {"period": "2026-07-01", "value": "3"})

    assert Measurement.objects.values_list("ministry", "field_unit", "status").get() == (ministry.pk, None, "draft")


def test_a_number_indicator_refuses_text_and_keeps_the_note(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry)

    response = client_for(field_officer).post(
        report_url(partnership, indicator), {"period": "2026-07-01", "value": "N/A", "note": "Office closed a week."}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["value"] == [
        "Enter a number, such as 12 or 12.5, without letters or symbols."
    ]
    assert "Office closed a week." in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_percentage_over_100_is_refused(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry, unit=Indicator.Unit.PERCENTAGE, target=Decimal("90"))

    response = client_for(field_officer).post(
        report_url(partnership, indicator), {"period": "2026-07-01", "value": "120"}
    )

    assert "value" in response.context["form"].errors


def test_field_staff_of_another_ministry_cannot_report(client_for, partnership, ministry, outsider_ministry):
    indicator = indicator_for(partnership, ministry)
    stranger = person(outsider_ministry, Role.FIELD_STAFF, user__username="stranger")

    response = client_for(stranger).post(report_url(partnership, indicator), {"period": "2026-07-01", "value": "3"})

    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_evaluator_cannot_report(client_for, partnership, ministry, evaluator):
    indicator = indicator_for(partnership, ministry)

    response = client_for(evaluator).get(report_url(partnership, indicator))

    assert response.status_code == 403


def submitted(indicator, reporter, unit=None):
    return results_services.measurement_save(
        indicator=indicator,
        by=reporter,
        ministry=indicator.owner_ministry,
        field_unit=unit,
        day=quarter(3),
        value=Decimal("4"),
        submit=True,
    )


def review(client, partnership, measurement, action, comment=""):
    return client.post(
        reverse("results:measurement_review", args=[partnership.pk, measurement.pk]),
        {"action": action, "comment": comment},
    )


def test_owner_ministry_executive_approves_and_the_page_shows_who_and_when(
    client_for, partnership, ministry, unit, unit_officer, executive
):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, unit_officer, unit)
    client = client_for(executive)

    review(client, partnership, measurement, "approve")
    page = client.get(reverse("results:indicator", args=[partnership.pk, indicator.pk])).content.decode()

    measurement.refresh_from_db()
    assert (measurement.status, measurement.reviewed_by) == ("approved", executive)
    assert f"Approved by {executive}" in page


def test_owner_ministry_coordinator_returns_with_a_comment(
    client_for, partnership, ministry, unit, unit_officer, coordinator
):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, unit_officer, unit)

    review(client_for(coordinator), partnership, measurement, "return", "Which month?")

    measurement.refresh_from_db()
    assert (measurement.status, measurement.review_comment, measurement.reviewed_by) == (
        "returned",
        "Which month?",
        coordinator,
    )


def test_a_partner_ministry_coordinator_cannot_approve(
    client_for, partnership, ministry, unit_officer, unit, partner_coordinator
):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, unit_officer, unit)

    response = review(client_for(partner_coordinator), partnership, measurement, "approve")

    measurement.refresh_from_db()
    assert (response.status_code, measurement.status) == (403, "submitted")


def test_field_officer_cannot_approve(client_for, partnership, ministry, coordinator, field_officer):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, coordinator)

    response = review(client_for(field_officer), partnership, measurement, "approve")

    assert response.status_code == 403


def test_outsider_gets_404_on_every_results_page(client_for, partnership, ministry, coordinator, outsider):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, coordinator)
    client = client_for(outsider)

    statuses = [
        client.get(reverse("results:results", args=[partnership.pk])).status_code,
        client.get(reverse("results:indicator", args=[partnership.pk, indicator.pk])).status_code,
        review(client, partnership, measurement, "approve").status_code,
    ]

    assert statuses == [404, 404, 404]


def test_only_the_unit_that_reported_edits_a_returned_measurement(
    client_for, partnership, ministry, unit, unit_officer, field_officer, executive
):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, unit_officer, unit)
    results_services.measurement_return(measurement=measurement, by=executive, comment="Check it")
    url = reverse("results:measurement_edit", args=[partnership.pk, measurement.pk])

    other = client_for(field_officer).post(url, {"value": "99"}).status_code
    own = client_for(unit_officer).post(url, {"value": "5", "submit": "1"}).status_code

    measurement.refresh_from_db()
    assert (other, own, measurement.value, measurement.status) == (403, 302, Decimal("5"), "submitted")


def test_lock_through_the_page_by_the_owner(
    client_for, partnership, ministry, coordinator, executive, partner_coordinator
):
    indicator = indicator_for(partnership, ministry)
    period = approved(indicator, coordinator, executive, quarter(1), 5).period
    url = reverse("results:period_lock", args=[partnership.pk, period.pk])

    refused = client_for(partner_coordinator).post(url).status_code
    client_for(executive).post(url)

    period.refresh_from_db()
    assert (refused, period.is_locked) == (403, True)


def test_coordinator_creates_an_indicator_and_a_field_officer_cannot(
    client_for, partnership, ministry, coordinator, field_officer
):
    data = {
        "name": "Families served",
        "definition": "Families with a case plan",
        "unit": "number",
        "baseline": "0",
        "target": "500",
        "direction": "increase",
        "frequency": "3",
        "owner_ministry": ministry.pk,
    }
    url = reverse("results:indicator_new", args=[partnership.pk])

    refused = client_for(field_officer).post(url, data).status_code
    client_for(coordinator).post(url, data)

    assert refused == 403
    assert list(Indicator.objects.values_list("name", "target")) == [("Families served", Decimal("500"))]


@pytest.mark.parametrize("count", [2, 6])
def test_results_tab_queries_do_not_grow_with_indicators(
    client_for, partnership, ministry, coordinator, executive, count, django_assert_num_queries
):
    for i in range(count):
        indicator = indicator_for(partnership, ministry, name=f"Indicator {i}")
        approved(indicator, coordinator, executive, quarter(1), 5)
        submitted(indicator, coordinator)
    client = client_for(executive)

    # session, user, memberships, partnership, participations, indicators, approved measurements, waiting list
    with django_assert_num_queries(8):
        response = client.get(reverse("results:results", args=[partnership.pk]))
    assert len(response.context["rows"]) == count
    assert len(response.context["waiting"]) == count


# Home page of a field officer


def test_measurements_due_lists_the_last_ended_period_until_it_is_submitted(partnership, ministry, unit, unit_officer):
    indicator = indicator_for(partnership, ministry)
    today = date(2026, 11, 23)

    before = measurements_due_for(unit_officer, today=today)
    results_services.measurement_save(
        indicator=indicator,
        by=unit_officer,
        ministry=ministry,
        field_unit=unit,
        day=date(2026, 8, 1),
        value=Decimal("1"),
        submit=True,
    )
    unit_officer = type(unit_officer).objects.get(pk=unit_officer.pk)

    assert [(d["indicator"], d["start"], d["end"]) for d in before] == [
        (indicator, date(2026, 7, 1), date(2026, 9, 30))
    ]
    assert measurements_due_for(unit_officer, today=today) == []


def test_home_page_has_the_one_tap_log_button_and_recent_entries(client_for, partnership, field_officer):
    response = client_for(field_officer).get(reverse("dashboards:home"))

    page = response.content.decode()
    assert reverse("results:progress_new") in page
    assert response.context["recent_entries"] == []


# Two reviewers at once


@pytest.fixture
def alice(ministry):
    return person(ministry, Role.EXECUTIVE, user__first_name="Alice", user__last_name="Martin")


def approved_by(measurement, reviewer):
    results_services.measurement_approve(measurement=measurement, by=reviewer)
    Measurement.objects.filter(pk=measurement.pk).update(reviewed_at=datetime(2026, 12, 2, 15, 4, tzinfo=UTC))


def test_the_second_of_two_approvals_is_told_who_approved_first(
    partnership, ministry, unit, unit_officer, coordinator, alice
):
    measurement = submitted(indicator_for(partnership, ministry), unit_officer, unit)
    stale = Measurement.objects.get(pk=measurement.pk)
    approved_by(measurement, alice)

    with pytest.raises(ValidationError) as error:
        results_services.measurement_approve(measurement=stale, by=coordinator, comment="Checked against the log.")

    assert error.value.messages == [
        "On Dec. 2, 2026, 10:04, Alice Martin approved this measurement. Your review was not saved."
    ]
    measurement.refresh_from_db()
    assert (measurement.reviewed_by, measurement.review_comment) == (alice, "")
    assert list(MeasurementStep.objects.filter(measurement=measurement).values_list("action", "by")) == [
        ("submitted", unit_officer.pk),
        ("approved", alice.pk),
    ]


def test_returning_what_another_approved_is_told_who_approved_it(
    partnership, ministry, unit, unit_officer, coordinator, alice
):
    measurement = submitted(indicator_for(partnership, ministry), unit_officer, unit)
    approved_by(measurement, alice)

    with pytest.raises(ValidationError) as error:
        results_services.measurement_return(measurement=measurement, by=coordinator, comment="Which month?")

    assert error.value.messages == [
        "On Dec. 2, 2026, 10:04, Alice Martin approved this measurement. Your review was not saved."
    ]


def test_the_same_approval_sent_twice_changes_nothing(partnership, ministry, unit, unit_officer, alice):
    measurement = submitted(indicator_for(partnership, ministry), unit_officer, unit)
    results_services.measurement_approve(measurement=measurement, by=alice, comment="Fine.")

    again = results_services.measurement_approve(measurement=measurement, by=alice, comment="Fine.")

    assert (again.status, again.reviewed_by, again.review_comment) == ("approved", alice, "Fine.")
    assert MeasurementStep.objects.filter(measurement=measurement, action="approved").count() == 1


def test_the_review_page_tells_the_second_reviewer_who_approved_first(
    client_for, partnership, ministry, unit, unit_officer, coordinator, alice
):
    indicator = indicator_for(partnership, ministry)
    measurement = submitted(indicator, unit_officer, unit)
    approved_by(measurement, alice)

    response = client_for(coordinator).post(
        reverse("results:measurement_review", args=[partnership.pk, measurement.pk]),
        {"action": "approve", "comment": "Checked against the log."},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("results:indicator", args=[partnership.pk, indicator.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "On Dec. 2, 2026, 10:04, Alice Martin approved this measurement. Your review was not saved."
    ]
    measurement.refresh_from_db()
    assert measurement.review_comment == ""

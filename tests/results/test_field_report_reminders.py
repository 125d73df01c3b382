"""The field is reminded of the measurements it is due to report: set-based, like the other scans."""

from datetime import date
from decimal import Decimal

import pytest

from ministries.models import Role
from notifications.models import Kind, Reminder
from partnerships.models import Partnership
from results import services
from results.models import Indicator, Measurement
from results.reminders import last_ended_periods, scan_field_reports
from tests.builders import make_partnership
from tests.factories import FieldUnitFactory, IndicatorFactory, MinistryFactory, person

TODAY = date(2026, 5, 10)  # the first quarter (January to March) has ended; April is the last month


@pytest.fixture
def partnership(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    Partnership.objects.filter(pk=partnership.pk).update(start_date=date(2025, 6, 1))
    partnership.refresh_from_db()
    return partnership


@pytest.fixture
def indicator(partnership, ministry):
    return IndicatorFactory(partnership=partnership, owner_ministry=ministry, frequency=Indicator.Frequency.QUARTERLY)


@pytest.fixture
def unit(ministry):
    return FieldUnitFactory(ministry=ministry, name="Thunder Bay office")


@pytest.fixture
def officer(ministry, unit):
    return person(ministry, Role.FIELD_STAFF, field_unit=unit)


def reminders():
    return sorted(
        (r.recipient.username, r.subject_id, r.due_date.isoformat(), r.context["start"], r.context["end"])
        for r in Reminder.objects.filter(kind=Kind.FIELD_REPORT_DUE).select_related("recipient")
    )


def test_the_last_period_that_ended_for_each_frequency():
    assert last_ended_periods(TODAY) == {
        1: (date(2026, 4, 1), date(2026, 4, 30)),
        3: (date(2026, 1, 1), date(2026, 3, 31)),
        6: (date(2025, 10, 1), date(2026, 3, 31)),
        12: (date(2025, 4, 1), date(2026, 3, 31)),
    }


def test_each_field_officer_of_a_partner_is_reminded_of_the_last_period(
    partnership, indicator, officer, other_ministry, coordinator
):
    other_officer = person(other_ministry, Role.FIELD_STAFF)
    monthly = IndicatorFactory(partnership=partnership, frequency=Indicator.Frequency.MONTHLY)

    assert scan_field_reports(today=TODAY) == 4

    assert reminders() == sorted(
        [
            (officer.username, indicator.pk, "2026-03-31", "2026-01-01", "2026-03-31"),
            (other_officer.username, indicator.pk, "2026-03-31", "2026-01-01", "2026-03-31"),
            (officer.username, monthly.pk, "2026-04-30", "2026-04-01", "2026-04-30"),
            (other_officer.username, monthly.pk, "2026-04-30", "2026-04-01", "2026-04-30"),
        ]
    )
    reminder = Reminder.objects.filter(recipient=officer, subject_id=indicator.pk).get()
    assert reminder.context["indicator"] == indicator.name
    assert reminder.context["partnership"] == partnership.title
    assert reminder.url == f"/partnerships/{partnership.pk}/results/"
    assert reminder.partnership_id == partnership.pk
    # Run again (or by a second scan at once), nothing is promised twice.
    assert scan_field_reports(today=TODAY) == 0


def test_a_place_that_submitted_is_not_reminded_but_a_draft_is(
    partnership, indicator, officer, unit, ministry, other_ministry
):
    colleague = person(ministry, Role.FIELD_STAFF, field_unit=unit)
    elsewhere = person(ministry, Role.FIELD_STAFF, field_unit=FieldUnitFactory(ministry=ministry, name="Sudbury"))
    other_officer = person(other_ministry, Role.FIELD_STAFF)
    services.measurement_save(
        indicator=indicator, by=officer, ministry=ministry, field_unit=unit, day=date(2026, 2, 1), value=Decimal(4)
    )
    services.measurement_save(
        indicator=indicator,
        by=other_officer,
        ministry=other_ministry,
        field_unit=None,
        day=date(2026, 2, 1),
        value=Decimal(5),
        submit=True,
    )

    scan_field_reports(today=TODAY)

    # The Thunder Bay office's draft is still due (to both of its officers); MOH submitted its own.
    assert {r[0] for r in reminders()} == {officer.username, colleague.username, elsewhere.username}

    Reminder.objects.all().delete()
    draft = Measurement.objects.get(ministry=ministry)
    services.measurement_submit(measurement=draft, by=officer)
    scan_field_reports(today=TODAY)
    assert {r[0] for r in reminders()} == {elsewhere.username}


def test_a_measurement_sent_back_goes_to_the_field_staff_of_its_place(
    partnership, indicator, officer, unit, ministry, coordinator
):
    elsewhere = person(ministry, Role.FIELD_STAFF, field_unit=FieldUnitFactory(ministry=ministry, name="Sudbury"))
    measurement = services.measurement_save(
        indicator=indicator,
        by=officer,
        ministry=ministry,
        field_unit=unit,
        day=date(2025, 11, 1),
        value=Decimal(4),
        submit=True,
    )
    services.measurement_return(measurement=measurement, by=coordinator, comment="Count the families, not visits.")

    scan_field_reports(today=TODAY)

    returned = [r for r in reminders() if r[2] == "2025-12-31"]
    assert returned == [(officer.username, indicator.pk, "2025-12-31", "2025-10-01", "2025-12-31")]
    assert elsewhere.username not in {r[0] for r in returned}


def test_closed_partnerships_those_begun_later_and_other_people_are_not_reminded(
    partnership, indicator, officer, ministry, coordinator
):
    outsider_officer = person(MinistryFactory(), Role.FIELD_STAFF)
    later = make_partnership([ministry, MinistryFactory()], title="Begun in April")
    Partnership.objects.filter(pk=later.pk).update(start_date=date(2026, 4, 15))
    IndicatorFactory(partnership=later, frequency=Indicator.Frequency.QUARTERLY)
    closed = make_partnership([ministry, MinistryFactory()], title="Closed")
    Partnership.objects.filter(pk=closed.pk).update(status=Partnership.Status.CLOSED)
    IndicatorFactory(partnership=closed)
    officer.is_active = False
    officer.save()
    active_officer = person(ministry, Role.FIELD_STAFF)

    scan_field_reports(today=TODAY)

    # Only the active officer, only for the partnership at work since before the period ended.
    assert [(r[0], r[1]) for r in reminders()] == [(active_officer.username, indicator.pk)]
    assert outsider_officer.username not in {r[0] for r in reminders()}
    assert coordinator.username not in {r[0] for r in reminders()}


@pytest.mark.parametrize("partnerships", [2, 8])
def test_the_scan_costs_the_same_statements_whatever_the_portfolio(ministry, partnerships, django_assert_num_queries):
    for i in range(partnerships):
        partner = MinistryFactory()
        made = make_partnership([ministry, partner], title=f"P{i}")
        IndicatorFactory(partnership=made)
        person(partner, Role.FIELD_STAFF)
    person(ministry, Role.FIELD_STAFF)

    # Two claims (the periods due, the measurements sent back), each one INSERT … SELECT.
    with django_assert_num_queries(2):
        made = scan_field_reports(today=TODAY)

    assert made == partnerships * 2

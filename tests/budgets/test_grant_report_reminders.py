"""Reminders before a funder's reporting dates: to the participants' coordinators and the funder's contacts."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from budgets.reminders import scan_grant_reports
from ministries.models import Role
from notifications import messages
from notifications.models import Kind, Notification, Reminder
from notifications.services import reminder_send
from partnerships.models import Participation, Partnership
from tests.builders import make_partnership
from tests.factories import GrantFactory, GrantReportFactory, MinistryFactory, ParticipationFactory, person

TODAY = date(2026, 9, 1)


@pytest.fixture
def foundation(db):
    return MinistryFactory(name="Trillium Foundation", short_name="OTF", kind="foundation")


@pytest.fixture
def funder(partnership, foundation):
    return ParticipationFactory(partnership=partnership, ministry=foundation, kind=Participation.Kind.FUNDER)


@pytest.fixture
def grant(funder):
    return GrantFactory(funder=funder, title="Stipends for youth workers")


def told():
    return sorted(
        (r.recipient.username, r.subject_id, r.due_date.isoformat())
        for r in Reminder.objects.filter(kind=Kind.GRANT_REPORT_DUE).select_related("recipient")
    )


def test_coordinators_and_the_funders_contacts_are_told_before_a_report_is_due(
    partnership, funder, grant, coordinator, partner_coordinator, executive, foundation, settings
):
    settings.INTERLOCK_GRANT_REPORT_NOTICE_DAYS = 21
    soon = GrantReportFactory(grant=grant, due_on=TODAY + timedelta(days=21))
    GrantReportFactory(grant=grant, due_on=TODAY + timedelta(days=22))  # not yet
    GrantReportFactory(grant=grant, due_on=TODAY - timedelta(days=1))  # passed: no longer a reminder
    funder_coordinator = person(foundation, Role.COORDINATOR)
    contact = person(foundation, Role.FIELD_STAFF)
    funder.focal_person = contact
    funder.save()
    # A stakeholder's coordinator writes no report; an executive is not told; nor is anyone who left.
    stakeholder = ParticipationFactory(partnership=partnership, kind=Participation.Kind.STAKEHOLDER)
    person(stakeholder.ministry, Role.COORDINATOR)
    person(partnership.participations.get(role="lead").ministry, Role.COORDINATOR, user__is_active=False)

    assert scan_grant_reports(today=TODAY) == 4

    due = soon.due_on.isoformat()
    assert told() == sorted(
        (user.username, soon.pk, due) for user in (coordinator, partner_coordinator, funder_coordinator, contact)
    )
    assert executive.username not in {username for username, *_ in told()}


def test_a_second_scan_sends_nothing_twice(partnership, grant, coordinator, partner_coordinator):
    GrantReportFactory(grant=grant, due_on=TODAY + timedelta(days=3))

    assert scan_grant_reports(today=TODAY) == 2
    assert scan_grant_reports(today=TODAY) == 0
    assert scan_grant_reports(today=TODAY + timedelta(days=1)) == 0
    assert len(told()) == 2


def test_a_focal_person_who_coordinates_the_funder_is_told_once(partnership, funder, grant, foundation):
    both = person(foundation, Role.COORDINATOR)
    funder.focal_person = both
    funder.save()
    GrantReportFactory(grant=grant, due_on=TODAY)

    scan_grant_reports(today=TODAY)

    assert [username for username, *_ in told()].count(both.username) == 1


def test_a_partnership_on_hold_or_closed_is_not_reminded(partnership, grant, coordinator):
    GrantReportFactory(grant=grant, due_on=TODAY + timedelta(days=3))
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.ON_HOLD)

    assert scan_grant_reports(today=TODAY) == 0


def test_the_reminder_is_written_in_the_readers_language(partnership, grant, coordinator):
    GrantReportFactory(grant=grant, due_on=date(2026, 9, 20))
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    scan_grant_reports(today=TODAY)
    reminder = Reminder.objects.get(recipient=coordinator)

    reminder_send(reminder_id=reminder.pk)

    notification = Notification.objects.get(recipient=coordinator)
    assert notification.title == "Rapport à \u2068Trillium Foundation\u2069 attendu le 20 septembre 2026"
    assert reminder.url == f"/partnerships/{partnership.pk}/budget/"
    assert "Stipends for youth workers" in mail.outbox[0].body
    with translation.override("he"):
        title, _body = messages.render(Kind.GRANT_REPORT_DUE, reminder.context)
    assert title.startswith("דוח ל")


@pytest.mark.parametrize("partnerships", [2, 6])
def test_the_scan_costs_the_same_statements_whatever_the_portfolio(ministry, partnerships, django_assert_num_queries):
    person(ministry, Role.COORDINATOR)
    for i in range(partnerships):
        partner = MinistryFactory()
        made = make_partnership([ministry, partner], title=f"P{i}")
        person(partner, Role.COORDINATOR)
        funder = ParticipationFactory(partnership=made, kind=Participation.Kind.FUNDER)
        funder.focal_person = person(funder.ministry, Role.COORDINATOR)
        funder.save()
        GrantReportFactory(grant=GrantFactory(funder=funder), due_on=TODAY + timedelta(days=5))

    # Three claims (the participants' coordinators, the funder's coordinators, its focal person).
    with django_assert_num_queries(3):
        made = scan_grant_reports(today=TODAY)

    assert made == partnerships * 3

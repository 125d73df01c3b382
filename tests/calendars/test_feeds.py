"""The calendar feeds, read the way a calendar program reads them: parsed with icalendar."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from calendars.models import CalendarFeed
from calendars.services import calendar_feed_for
from charters.models import CharterVersion
from ministries.models import Role
from tests.builders import due_in, make_partnership, send_charter_for_signature
from tests.factories import (
    ActionItemFactory,
    GateRequestFactory,
    HealthCheckFactory,
    MeetingFactory,
    MilestoneFactory,
    person,
)


def events(response):
    """(category, summary) of each event in the feed, sorted."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted((str(e["CATEGORIES"].cats[0]), str(e["SUMMARY"])) for e in calendar.walk("VEVENT"))


def feed_url(user):
    return reverse("calendars:person_feed", args=[calendar_feed_for(user).token])


@pytest.fixture
def world(partnership, ministry, other_ministry, outsider_ministry, third_ministry, coordinator, partner_coordinator):
    """The partnership (MCSS leads, MOH supports) with one dated thing of each kind, and another
    partnership of two other ministries with the same things, which nobody of ours may see."""
    today = timezone.localdate()
    elsewhere = make_partnership([outsider_ministry, third_ministry], title="Tourism and schools")
    for p in (partnership, elsewhere):
        MeetingFactory(partnership=p, title=f"Steering of {p.title}", date=today + timedelta(days=10))
        MilestoneFactory(partnership=p, title=f"Intake opens ({p.title})")
        due_in(p, 20)
        HealthCheckFactory(partnership=p)
        GateRequestFactory(partnership=p)
    ActionItemFactory(partnership=partnership, title="Mine", owner=coordinator, due_date=today + timedelta(days=3))
    ActionItemFactory(
        partnership=partnership, title="The partner's", owner=partner_coordinator, due_date=today + timedelta(days=4)
    )
    ActionItemFactory(
        partnership=partnership, title="My ministry's", owner_ministry=ministry, due_date=today + timedelta(days=5)
    )
    ActionItemFactory(partnership=partnership, title="No date", owner=coordinator)
    MeetingFactory(partnership=partnership, title="Long ago", date=today - timedelta(days=400))
    send_charter_for_signature(partnership)
    send_charter_for_signature(elsewhere)
    return elsewhere


SHARED = [
    ("health-check", "Health check open for answers (Integrated services for children)"),
    ("meeting", "Steering of Integrated services for children (Integrated services for children)"),
    ("milestone", "Milestone due: Intake opens (Integrated services for children) (Integrated services for children)"),
    ("review", "Review due (Integrated services for children)"),
]


def test_a_coordinators_feed_has_their_partnerships_dates_and_their_own_action_items(world, client, coordinator):
    assert events(client.get(feed_url(coordinator))) == sorted(
        [
            *SHARED,
            ("action-item", "Action item due: Mine (Integrated services for children)"),
            ("action-item", "Action item due: My ministry's (Integrated services for children)"),
        ]
    )


def test_an_executive_of_the_lead_also_sees_the_gate_and_the_charter_waiting_for_signature(world, client, executive):
    assert events(client.get(feed_url(executive))) == sorted(
        [
            *SHARED,
            ("charter-signature", "Charter version 1 out for signature (Integrated services for children)"),
            (
                "gate-request",
                "Gate decision asked for: leaving Initiative and creation (Integrated services for children)",
            ),
        ]
    )


def test_a_supporting_partners_executive_signs_but_does_not_decide_the_gate(world, client, other_executive):
    assert events(client.get(feed_url(other_executive))) == sorted(
        [*SHARED, ("charter-signature", "Charter version 1 out for signature (Integrated services for children)")]
    )


def test_an_outsider_sees_nothing_of_other_ministries(world, client, outsider):
    found = events(client.get(feed_url(outsider)))

    assert found
    assert all("Integrated services" not in summary for _kind, summary in found)
    assert ("meeting", "Steering of Tourism and schools (Tourism and schools)") in found


def test_the_partnership_feed_has_everything_dated_in_it(world, client, field_officer, partnership):
    token = calendar_feed_for(field_officer).token
    response = client.get(reverse("calendars:partnership_feed", args=[token, partnership.pk]))

    assert events(response) == sorted(
        [
            *SHARED,
            ("action-item", "Action item due: Mine (Integrated services for children)"),
            ("action-item", "Action item due: My ministry's (Integrated services for children)"),
            ("action-item", "Action item due: The partner's (Integrated services for children)"),
            ("charter-signature", "Charter version 1 out for signature (Integrated services for children)"),
            (
                "gate-request",
                "Gate decision asked for: leaving Initiative and creation (Integrated services for children)",
            ),
        ]
    )


def test_an_outsiders_address_does_not_open_another_ministrys_partnership(world, client, outsider, partnership):
    token = calendar_feed_for(outsider).token

    response = client.get(reverse("calendars:partnership_feed", args=[token, partnership.pk]))

    assert response.status_code == 404


def test_events_are_whole_days_with_stable_uids_and_moments_in_utc(world, client, coordinator, partnership):
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(coordinator)).content)
    meeting = partnership.meetings.get(title__startswith="Steering")
    event = next(e for e in calendar.walk("VEVENT") if e["UID"] == f"meeting-{meeting.pk}@localhost")

    assert calendar["X-WR-TIMEZONE"] == "America/Toronto"
    assert event.decoded("DTSTART") == meeting.date
    assert event.decoded("DTEND") == meeting.date + timedelta(days=1)
    stamp = event.decoded("DTSTAMP")
    assert isinstance(stamp, datetime)
    assert stamp.utcoffset() == timedelta(0)
    assert event["SEQUENCE"] == 0
    assert str(event["URL"]) == f"http://localhost:8000/partnerships/{partnership.pk}/meetings/{meeting.pk}/"


def test_the_feed_speaks_the_persons_language(world, client, coordinator):
    coordinator.preferred_language = "fr"
    coordinator.save()

    summaries = [summary for kind, summary in events(client.get(feed_url(coordinator))) if kind == "review"]

    assert summaries == ["Examen prévu (Integrated services for children)"]


def test_a_health_check_spans_the_days_it_is_open(world, client, coordinator, partnership):
    check = partnership.health_checks.get()
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(coordinator)).content)
    event = next(e for e in calendar.walk("VEVENT") if e["UID"] == f"health-check-{check.pk}@localhost")

    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (check.opens_on, check.closes_on + timedelta(days=1))


def test_an_unknown_or_replaced_address_answers_404(world, client, client_for, coordinator):
    old = feed_url(coordinator)

    response = client_for(coordinator).post(reverse("calendars:renew"))

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(feed_url(coordinator)).status_code == 200
    assert client.get(reverse("calendars:person_feed", args=["not-a-token"])).status_code == 404


def test_a_closed_account_s_address_answers_404(world, client, coordinator):
    url = feed_url(coordinator)
    coordinator.is_active = False
    coordinator.save()

    assert client.get(url).status_code == 404


def test_a_partnership_feed_stops_when_the_organisation_leaves(world, client, other_executive, partnership):
    url = reverse("calendars:partnership_feed", args=[calendar_feed_for(other_executive).token, partnership.pk])
    partnership.participations.filter(ministry__short_name="MOH").delete()

    assert client.get(url).status_code == 404


def _grow(partnership, ministry, count):
    today = timezone.localdate()
    for i in range(count):
        MeetingFactory(partnership=partnership, date=today + timedelta(days=i))
        MilestoneFactory(partnership=partnership)
        ActionItemFactory(partnership=partnership, owner_ministry=ministry, due_date=today + timedelta(days=i))
        HealthCheckFactory(partnership=partnership, due_date=today + timedelta(days=30 * i))
    GateRequestFactory(partnership=partnership)  # one waits at a time
    due_in(partnership, 20)


@pytest.mark.parametrize("count", [1, 4])
def test_the_person_feed_queries_do_not_grow(client, ministry, other_ministry, count, django_assert_num_queries):
    executive = person(ministry, Role.EXECUTIVE)
    for i in range(count):
        partnership = make_partnership([ministry, other_ministry], title=f"P{i}")
        _grow(partnership, ministry, count)
        send_charter_for_signature(partnership)
    url = feed_url(executive)
    assert CharterVersion.objects.out_for_signature().count() == count

    # The feed with its owner, their memberships, the gates with their partnerships' participations, the
    # charter versions with their signatures and participations, then one query per other kind of event (5).
    with django_assert_num_queries(12):
        response = client.get(url)

    # Each partnership: its meetings, milestones and health checks, its gate, review and charter (the
    # executive owns no action item: their organisation's unassigned ones go to its coordinators).
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == count * (count * 3 + 3)


@pytest.mark.parametrize("count", [1, 4])
def test_the_partnership_feed_queries_do_not_grow(
    client, ministry, other_ministry, coordinator, partnership, count, django_assert_num_queries
):
    _grow(partnership, ministry, count)
    url = reverse("calendars:partnership_feed", args=[calendar_feed_for(coordinator).token, partnership.pk])

    # The feed with its owner, their memberships, the partnership, then one query per kind of event (7).
    with django_assert_num_queries(10):
        response = client.get(url)

    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == count * 4 + 2


def test_feeds_before_this_year_leave_out_old_meetings(world, client, coordinator):
    assert all(
        kind != "meeting" or "Long ago" not in summary for kind, summary in events(client.get(feed_url(coordinator)))
    )


def test_a_person_gets_one_address_until_they_make_a_new_one(coordinator):
    first = calendar_feed_for(coordinator)

    assert calendar_feed_for(coordinator) == first
    assert CalendarFeed.objects.count() == 1
    assert calendar_feed_for(person(first.user.memberships.get().ministry, Role.FIELD_STAFF)).token != first.token

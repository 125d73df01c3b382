"""The calendar pages: the addresses a person subscribes to, and making new ones."""

import pytest
from django.urls import reverse

from calendars.models import CalendarFeed
from tests.builders import make_partnership


def test_my_calendar_shows_my_address_and_my_partnerships(client_for, coordinator, partnership, outsider_ministry):
    make_partnership([outsider_ministry], title="Not ours")

    response = client_for(coordinator).get(reverse("calendars:calendar"))

    token = CalendarFeed.objects.get(user=coordinator).token
    assert response.context["feed_url"] == f"http://testserver/calendar/{token}.ics"
    assert response.context["partnerships"] == [
        (partnership, f"http://testserver/calendar/{token}/partnerships/{partnership.pk}.ics")
    ]
    assert f"/calendar/{token}.ics" in response.content.decode()


def test_making_a_new_address_replaces_the_old_one(client_for, coordinator):
    client = client_for(coordinator)
    client.get(reverse("calendars:calendar"))
    old = CalendarFeed.objects.get(user=coordinator).token

    response = client.post(reverse("calendars:renew"), follow=True)

    new = CalendarFeed.objects.get(user=coordinator).token
    assert new != old
    assert response.redirect_chain == [(reverse("calendars:calendar"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your calendar addresses are new. The old ones no longer work: subscribe again with the new ones."
    ]
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def test_the_partnership_shows_its_calendar_address_to_its_participants(client_for, field_officer, partnership):
    client = client_for(field_officer)

    tab = client.get(reverse("meetings:meetings", args=[partnership.pk]))
    response = client.get(reverse("calendars:partnership_calendar", args=[partnership.pk]))

    assert reverse("calendars:partnership_calendar", args=[partnership.pk]) in tab.content.decode()
    token = CalendarFeed.objects.get(user=field_officer).token
    assert response.context["feed_url"] == f"http://testserver/calendar/{token}/partnerships/{partnership.pk}.ics"


def test_an_outsider_gets_404_for_a_partnerships_calendar(client_for, outsider, partnership):
    response = client_for(outsider).get(reverse("calendars:partnership_calendar", args=[partnership.pk]))

    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("count", [1, 5])
def test_my_calendar_queries_do_not_grow(
    client_for, coordinator, ministry, other_ministry, count, django_assert_num_queries
):
    for i in range(count):
        make_partnership([ministry, other_ministry], title=f"P{i}")
    client = client_for(coordinator)
    client.get(reverse("calendars:calendar"))

    # The session, the user, their memberships, their feed, their partnerships.
    with django_assert_num_queries(5):
        response = client.get(reverse("calendars:calendar"))

    assert len(response.context["partnerships"]) == count

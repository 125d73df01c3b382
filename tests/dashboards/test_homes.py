from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from charters import services
from charters.services import CHARTERS_SHOWN_AT_FIRST
from meetings.models import ActionItem
from ministries.models import Role
from results.models import ProgressLog
from tests.builders import indicator_for, make_partnership, send_charter_for_signature
from tests.factories import MembershipFactory, MinistryFactory, person


def _page_template(response):
    """The page's own template: the first rendered that is not a piece (pieces start with _)."""
    return next(t.name for t in response.templates if not t.name.rsplit("/", 1)[-1].startswith("_"))


@pytest.mark.parametrize(
    ("persona", "template", "sentence"),
    [
        ("coordinator", "dashboards/home_coordinator.html", "You set up partnerships"),
        ("executive", "dashboards/executive.html", "Where the portfolio needs you"),
        ("field_officer", "dashboards/home_field_staff.html", "You report progress from the field"),
        ("evaluator", "dashboards/home_evaluator.html", "You review and evaluate partnerships"),
        ("administrator", "dashboards/home_administrator.html", "You keep the organisations"),
        ("no_role_user", "dashboards/home_without_role.html", "Your account has no role yet"),
    ],
)
def test_each_role_lands_on_its_own_home(request, client_for, persona, template, sentence):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(reverse("dashboards:home"))

    assert _page_template(response) == template
    assert sentence in response.content.decode()


def test_a_person_with_several_roles_lands_on_the_executive_home(client_for, coordinator, other_ministry):
    MembershipFactory(user=coordinator, ministry=other_ministry, role=Role.EXECUTIVE)

    response = client_for(coordinator).get(reverse("dashboards:home"))

    assert _page_template(response) == "dashboards/executive.html"


def test_administrator_home_lists_people_without_a_role(client_for, administrator, no_role_user):
    response = client_for(administrator).get(reverse("dashboards:home"))

    assert list(response.context["people_without_role"]) == [no_role_user]


def test_executive_home_lists_charters_waiting_for_their_signature(client_for, executive, ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    version = send_charter_for_signature(partnership)

    before = client_for(executive).get(reverse("dashboards:home")).context["charters_to_sign"]
    client = client_for(executive)
    client.post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})
    after = client.get(reverse("dashboards:home")).context["charters_to_sign"]

    assert [(v.pk, ministries) for v, ministries in before] == [(version.pk, [ministry])]
    assert (after.items, after.count) == ([], 0)


def test_a_long_list_of_charters_to_sign_shows_the_oldest_and_the_rest_on_request(
    client_for, executive, ministry, other_ministry
):
    for index in range(CHARTERS_SHOWN_AT_FIRST + 2):
        version = send_charter_for_signature(make_partnership([ministry, other_ministry], title=f"P{index:02d}"))
    their_executive = person(other_ministry, Role.EXECUTIVE, user__username="their-executive")
    services.charter_sign(version=version, ministry=other_ministry, by=their_executive)  # still waits for ours

    first = client_for(executive).get(reverse("dashboards:home"))
    everything = client_for(executive).get(reverse("dashboards:home"), {"charters": "all"})

    shown = first.context["charters_to_sign"]
    assert (len(shown.items), shown.count) == (CHARTERS_SHOWN_AT_FIRST, CHARTERS_SHOWN_AT_FIRST + 2)
    assert [v.partnership.title for v, _m in shown][:2] == ["P00", "P01"]
    assert f"The {CHARTERS_SHOWN_AT_FIRST} oldest of {CHARTERS_SHOWN_AT_FIRST + 2} are shown." in first.content.decode()
    assert len(everything.context["charters_to_sign"].items) == CHARTERS_SHOWN_AT_FIRST + 2
    filtered = client_for(executive).get(reverse("dashboards:home"), {"phase": "initiation"})
    assert 'href="?phase=initiation&amp;charters=all"' in filtered.content.decode()  # the filters stay


def _busy_partnership(ministry, coordinator, author, index):
    """A partnership with what the homes list: an open charter, points, an indicator, an action item, a log."""
    partnership = make_partnership([ministry, MinistryFactory()], title=f"Busy {index}")
    indicator_for(partnership, ministry, name=f"Families {index}", target=Decimal("10"))
    yesterday = timezone.localdate() - timedelta(days=1)
    ActionItem.objects.create(partnership=partnership, title="Call the office", owner=coordinator, due_date=yesterday)
    ProgressLog.objects.create(
        partnership=partnership, author=author, ministry=ministry, date=timezone.localdate(), text="Visited."
    )


@pytest.mark.parametrize("persona", ["coordinator", "field_officer"])
def test_the_coordinator_and_field_homes_read_a_fixed_number_of_queries(request, client_for, ministry, persona):
    coordinator = request.getfixturevalue("coordinator")
    user = request.getfixturevalue(persona)
    client = client_for(user)

    def queries_with(partnerships, start):
        for index in range(start, start + partnerships):
            _busy_partnership(ministry, coordinator, user, index)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboards:home")).status_code == 200
        return len(captured)

    few = queries_with(2, start=0)
    many = queries_with(6, start=2)  # eight in all

    assert few == many

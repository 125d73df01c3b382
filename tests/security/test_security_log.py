"""The security log: what goes in, who reads it, and support access by stated reason."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.services import gate_decide, gate_request
from ministries.models import Membership, Role
from security.models import SecurityEvent
from security.services import security_event_record
from tests.builders import make_budget, settle_points, signed_in
from tests.factories import PASSWORD, MinistryFactory, UserFactory, person

Kind = SecurityEvent.Kind


def kinds(ministry):
    return list(SecurityEvent.objects.filter(ministry=ministry).order_by("pk").values_list("kind", "username"))


def test_a_sign_in_is_logged_for_the_persons_ministry(client, coordinator, ministry):
    client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")

    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.ministry, event.ip_address) == (
        Kind.SIGN_IN,
        coordinator,
        ministry,
        "10.0.0.7",
    )


def test_failed_sign_ins_and_the_lockout_are_logged(client, coordinator, ministry, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})

    logged = kinds(ministry)
    assert logged.count((Kind.SIGN_IN_FAILED, "coordinator")) == settings.AXES_FAILURE_LIMIT
    assert logged.count((Kind.LOCKED_OUT, "coordinator")) == 1


def test_a_failed_sign_in_with_an_unknown_name_is_kept_without_a_ministry(client, db):
    client.post(reverse("login"), {"username": "nobody-here", "password": "wrong"})

    assert list(SecurityEvent.objects.values_list("kind", "username", "ministry", "user")) == [
        (Kind.SIGN_IN_FAILED, "nobody-here", None, None)
    ]


def test_a_gate_decision_is_logged(coordinator, executive, ministry, partnership):
    settle_points(partnership, [1, 2, 3])
    request = gate_request(partnership=partnership, by=coordinator)

    gate_decide(request=request, by=executive, outcome="go", reason="Good groundwork.")

    event = SecurityEvent.objects.get(kind=Kind.GATE_DECIDED)
    assert (event.user, event.ministry, event.partnership, event.detail) == (executive, ministry, partnership, "Go")


def test_exports_are_logged(client_for, executive, coordinator, ministry, partnership):
    make_budget(partnership)
    client_for(executive).get(reverse("dashboards:export", args=["csv"]))
    client = client_for(coordinator)
    client.get(reverse("budgets:export_csv", args=[partnership.pk, "contributions"]))
    client.get(reverse("budgets:export_xlsx", args=[partnership.pk]))

    rows = SecurityEvent.objects.filter(kind=Kind.EXPORTED).order_by("pk")
    assert [(e.username, e.partnership, e.detail.split("-")[0]) for e in rows] == [
        ("executive", None, "interlock"),
        ("coordinator", partnership, "budget"),
        ("coordinator", partnership, "budget"),
    ]


def test_a_role_given_in_the_admin_is_logged_for_that_ministry(client, ministry):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    newcomer = UserFactory(username="newcomer")
    client = signed_in(client, root)

    response = client.post(
        reverse("admin:ministries_membership_add"),
        {"user": newcomer.pk, "ministry": ministry.pk, "role": Role.EXECUTIVE, "field_unit": ""},
    )
    membership = Membership.objects.get(user=newcomer)
    client.post(reverse("admin:ministries_membership_delete", args=[membership.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert [e.detail for e in SecurityEvent.objects.filter(ministry=ministry).order_by("pk")] == [
        "Added: newcomer, Executive",
        "Removed: newcomer, Executive",
    ]


# Reading the log


@pytest.fixture
def ministry_admin(ministry):
    return person(ministry, Role.ADMINISTRATOR, user__username="ministry-admin")


def test_the_administrator_reads_the_log_of_their_ministry_only(client_for, ministry_admin, ministry, other_ministry):
    security_event_record(kind=Kind.SIGN_IN, ministries=[ministry], username="mine")
    security_event_record(kind=Kind.SIGN_IN, ministries=[other_ministry], username="theirs")

    page = client_for(ministry_admin).get(reverse("security:log", args=[ministry.pk]))

    # force_login is a sign-in too: the administrator's own line comes first.
    assert [e.username for e in page.context["page"]] == ["ministry-admin", "mine"]


def test_another_ministrys_administrator_gets_404(client_for, ministry, other_ministry):
    outsider_admin = person(other_ministry, Role.ADMINISTRATOR)

    response = client_for(outsider_admin).get(reverse("security:log", args=[ministry.pk]))

    assert response.status_code == 404


def test_a_coordinator_of_the_ministry_gets_404(client_for, coordinator, ministry):
    assert client_for(coordinator).get(reverse("security:log", args=[ministry.pk])).status_code == 404


def test_the_log_filters_by_kind_person_and_dates(client_for, ministry_admin, ministry):
    security_event_record(kind=Kind.SIGN_IN, ministries=[ministry], username="claire")
    security_event_record(kind=Kind.SIGN_IN_FAILED, ministries=[ministry], username="claire")
    security_event_record(kind=Kind.SIGN_IN_FAILED, ministries=[ministry], username="bruno")
    old = security_event_record(kind=Kind.SIGN_IN_FAILED, ministries=[ministry], username="claire")[0]
    SecurityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    page = client_for(ministry_admin).get(
        reverse("security:log", args=[ministry.pk]), {"kind": Kind.SIGN_IN_FAILED, "person": "CLA", "since": since}
    )

    assert [(e.kind, e.username) for e in page.context["page"]] == [(Kind.SIGN_IN_FAILED, "claire")]


@pytest.mark.parametrize("query", [{"since": "yesterday"}, {"kind": "everything"}, {"page": "²"}, {"page": "9" * 30}])
def test_bad_filters_say_so_rather_than_fail(client_for, ministry_admin, ministry, query):
    response = client_for(ministry_admin).get(reverse("security:log", args=[ministry.pk]), query)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_the_log_costs_the_same_queries_at_any_size(
    client_for, ministry_admin, ministry, size, django_assert_num_queries
):
    for number in range(size):
        security_event_record(kind=Kind.SIGN_IN, user=ministry_admin, username=f"person-{number}")
    client = client_for(ministry_admin)

    with django_assert_num_queries(6):
        client.get(reverse("security:log", args=[ministry.pk]), {"page": "2" if size > 50 else "1"})


# Support access


@pytest.fixture
def support(db):
    return UserFactory(username="support", is_staff=True, is_superuser=True)


def test_support_sees_a_partnership_only_after_stating_a_reason(client, support, partnership, coordinator, ministry):
    client = signed_in(client, support)
    budget = reverse("budgets:budget", args=[partnership.pk])
    make_budget(partnership)
    form = reverse("partnerships:support_access", args=[partnership.pk])

    refused = client.get(budget)
    no_reason = client.post(form, {"reason": "", "next": budget})
    admitted = client.post(form, {"reason": "Ticket 4411: totals look wrong", "next": budget})
    page = client.get(budget)

    assert refused.url == f"{form}?next={budget.replace('/', '%2F')}"
    assert no_reason.status_code == 200
    assert no_reason.context["form"].errors["reason"] == ["This field is required."]
    assert admitted.url == budget
    assert page.status_code == 200
    assert list(
        SecurityEvent.objects.filter(kind=Kind.SUPPORT_ACCESS).order_by("ministry").values_list("ministry", "detail")
    ) == [(m, "Ticket 4411: totals look wrong") for m in sorted(partnership.ministry_ids)]


def test_without_a_reason_support_gets_the_form_not_the_data(client, support, partnership):
    client = signed_in(client, support)

    for name in ("partnerships:detail", "assessments:health", "budgets:budget"):
        response = client.get(reverse(name, args=[partnership.pk]))
        assert response.url.startswith(reverse("partnerships:support_access", args=[partnership.pk]))

    assert not SecurityEvent.objects.filter(kind=Kind.SUPPORT_ACCESS).exists()


def test_a_post_without_a_reason_goes_back_to_the_partnership_after_the_form(client, support, partnership):
    client = signed_in(client, support)

    response = client.post(reverse("partnerships:history", args=[partnership.pk]))

    assert response.url == (
        f"{reverse('partnerships:support_access', args=[partnership.pk])}"
        f"?next={partnership.get_absolute_url().replace('/', '%2F')}"
    )


def test_the_coordinators_see_the_reason_on_the_overview(client, client_for, support, partnership, coordinator):
    signed_in(Client(), support).post(
        reverse("partnerships:support_access", args=[partnership.pk]), {"reason": "Ticket 4411: totals look wrong"}
    )

    page = client_for(coordinator).get(partnership.get_absolute_url()).content.decode()

    assert "Support staff opened this partnership" in page
    assert "Ticket 4411: totals look wrong" in page
    assert page.count("Ticket 4411") == 1


def test_the_reason_form_is_not_for_members(client_for, coordinator, partnership):
    response = client_for(coordinator).get(reverse("partnerships:support_access", args=[partnership.pk]))

    assert response.status_code == 404


def test_an_old_reason_no_longer_opens_the_partnership(client, support, partnership, settings):
    settings.INTERLOCK_SUPPORT_ACCESS_SECONDS = -1
    client = signed_in(client, support)
    client.post(reverse("partnerships:support_access", args=[partnership.pk]), {"reason": "Ticket 4411: the totals"})

    assert client.get(partnership.get_absolute_url()).status_code == 302


def test_a_superuser_of_a_taking_part_ministry_needs_no_reason(client, partnership, ministry):
    member = person(ministry, Role.COORDINATOR, user__is_superuser=True)

    assert signed_in(client, member).get(partnership.get_absolute_url()).status_code == 200


def test_support_reason_next_must_stay_on_the_site(client, support, partnership):
    client = signed_in(client, support)

    response = client.post(
        reverse("partnerships:support_access", args=[partnership.pk]),
        {"reason": "Ticket 4411: the totals", "next": "https://elsewhere.example/"},
    )

    assert response.url == partnership.get_absolute_url()


def test_another_ministry_is_unaffected(client_for, partnership):
    outsider = person(MinistryFactory(), Role.COORDINATOR)

    assert client_for(outsider).get(partnership.get_absolute_url()).status_code == 404


def test_the_navigation_takes_an_administrator_to_their_log(client_for, ministry_admin, ministry):
    client = client_for(ministry_admin)

    home = client.get(reverse("dashboards:home")).content.decode()
    response = client.get(reverse("security:mine"))

    assert reverse("security:mine") in home
    assert response.url == reverse("security:log", args=[ministry.pk])


def test_someone_who_administers_nothing_has_no_log(client_for, coordinator):
    client = client_for(coordinator)

    assert reverse("security:mine") not in client.get(reverse("dashboards:home")).content.decode()
    assert client.get(reverse("security:mine")).status_code == 404

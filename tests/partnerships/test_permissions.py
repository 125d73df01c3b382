import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ministries.models import Role
from partnerships.models import Partnership
from partnerships.permissions import (
    can_create_partnership,
    can_edit_partnership,
    can_sign_charter,
    can_view_partnership,
    get_partnership_for_user,
)
from tests.builders import partnership_of
from tests.factories import MembershipFactory, MinistryFactory, UserFactory, person


@pytest.fixture
def partnership(ministry, other_ministry):
    return partnership_of(ministry, other_ministry, title="Children first")


@pytest.fixture
def delegate(ministry):
    """A coordinator to whom the ministry delegated signing."""
    return MembershipFactory(ministry=ministry, role=Role.COORDINATOR, can_sign=True, user__username="delegate").user


@pytest.fixture
def outside_executive(outsider_ministry):
    return person(outsider_ministry, Role.EXECUTIVE, user__username="outside-executive")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


def request_by(rf, user):
    request = rf.get("/")
    request.user = user
    return request


# Which partnerships a person sees


def test_visible_to_returns_exactly_the_partnerships_of_the_users_ministries(
    coordinator, ministry, other_ministry, outsider_ministry, partnership
):
    supporting = partnership_of(other_ministry, ministry, title="Addiction services")
    partnership_of(other_ministry, outsider_ministry, title="Hospital waits")
    partnership_of(outsider_ministry, MinistryFactory(), title="Tourism roads")

    assert list(Partnership.objects.visible_to(coordinator)) == [supporting, partnership]


def test_visible_to_a_person_of_two_ministries_returns_the_partnerships_of_both(
    ministry, other_ministry, outsider_ministry, no_role_user
):
    mine = partnership_of(ministry, MinistryFactory(), title="Children first")
    theirs = partnership_of(outsider_ministry, MinistryFactory(), title="Tourism roads")
    partnership_of(other_ministry, MinistryFactory(), title="Hospital waits")
    MembershipFactory(user=no_role_user, ministry=ministry, role=Role.FIELD_STAFF)
    MembershipFactory(user=no_role_user, ministry=outsider_ministry, role=Role.EVALUATOR)

    assert list(Partnership.objects.visible_to(no_role_user)) == [mine, theirs]


def test_visible_to_a_person_without_a_ministry_returns_nothing(no_role_user, partnership):
    assert list(Partnership.objects.visible_to(no_role_user)) == []


def test_visible_to_a_superuser_returns_every_partnership(superuser, partnership, outsider_ministry):
    other = partnership_of(outsider_ministry, MinistryFactory(), title="Tourism roads")

    assert list(Partnership.objects.visible_to(superuser)) == [partnership, other]


# The predicates


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", True),
        ("partner_coordinator", True),
        ("executive", True),
        ("field_officer", True),
        ("evaluator", True),
        ("superuser", True),
        ("outsider", False),
        ("no_role_user", False),
    ],
)
def test_can_view_partnership_only_for_participating_ministries(request, partnership, persona, expected):
    assert can_view_partnership(request.getfixturevalue(persona), partnership) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", True),
        ("partner_coordinator", True),
        ("executive", False),
        ("field_officer", False),
        ("evaluator", False),
        ("outsider", False),
    ],
)
def test_can_edit_partnership_only_for_coordinators_of_participating_ministries(
    request, partnership, persona, expected
):
    assert can_edit_partnership(request.getfixturevalue(persona), partnership) is expected


def test_can_edit_partnership_not_once_it_is_closed(coordinator, partnership):
    partnership.status = Partnership.Status.CLOSED

    assert can_edit_partnership(coordinator, partnership) is False


def test_can_edit_partnership_again_when_it_is_on_hold(coordinator, partnership):
    partnership.status = Partnership.Status.ON_HOLD

    assert can_edit_partnership(coordinator, partnership) is True


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("executive", True),
        ("delegate", True),
        ("coordinator", False),
        ("field_officer", False),
        ("outside_executive", False),
    ],
)
def test_can_sign_charter_only_for_signatories_of_participating_ministries(request, partnership, persona, expected):
    assert can_sign_charter(request.getfixturevalue(persona), partnership) is expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", True),
        ("outsider", True),
        ("executive", False),
        ("field_officer", False),
        ("evaluator", False),
        ("no_role_user", False),
    ],
)
def test_can_create_partnership_only_for_coordinators(request, persona, expected):
    assert can_create_partnership(request.getfixturevalue(persona)) is expected


# The view helper


def test_get_partnership_for_user_returns_it_with_participants_loaded(
    rf, coordinator, partnership, ministry, other_ministry, django_assert_num_queries
):
    found = get_partnership_for_user(request_by(rf, coordinator), partnership.pk, write=True)

    assert found == partnership
    with django_assert_num_queries(0):
        assert [p.ministry for p in found.participants] == [ministry, other_ministry]


def test_get_partnership_for_user_lets_a_field_officer_read(rf, field_officer, partnership):
    assert get_partnership_for_user(request_by(rf, field_officer), partnership.pk) == partnership


def test_get_partnership_for_user_hides_it_from_an_outsider(rf, outsider, partnership):
    with pytest.raises(Http404):
        get_partnership_for_user(request_by(rf, outsider), partnership.pk)


def test_get_partnership_for_user_of_a_missing_partnership_is_not_found(rf, coordinator, partnership):
    with pytest.raises(Http404):
        get_partnership_for_user(request_by(rf, coordinator), partnership.pk + 1)


def test_get_partnership_for_user_refuses_writing_by_a_field_officer(rf, field_officer, partnership):
    with pytest.raises(PermissionDenied):
        get_partnership_for_user(request_by(rf, field_officer), partnership.pk, write=True)


def test_get_partnership_for_user_refuses_writing_once_it_is_closed(rf, coordinator, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    with pytest.raises(PermissionDenied):
        get_partnership_for_user(request_by(rf, coordinator), partnership.pk, write=True)

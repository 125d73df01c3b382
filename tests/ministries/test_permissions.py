from ministries.models import Role
from ministries.permissions import (
    can_view_ministry_people,
    has_role,
    is_administrator,
    memberships,
    ministry_ids,
)
from tests.factories import MembershipFactory


def test_memberships_are_loaded_once_per_user_object(coordinator, django_assert_num_queries):
    with django_assert_num_queries(1):
        memberships(coordinator)
        memberships(coordinator)
        ministry_ids(coordinator)
        has_role(coordinator, Role.EXECUTIVE)


def test_ministry_ids_filter_by_role(coordinator, ministry, other_ministry):
    MembershipFactory(user=coordinator, ministry=other_ministry, role=Role.EXECUTIVE)

    assert ministry_ids(coordinator) == {ministry.pk, other_ministry.pk}
    assert ministry_ids(coordinator, Role.EXECUTIVE) == {other_ministry.pk}
    assert ministry_ids(coordinator, Role.FIELD_STAFF) == set()


def test_administrators_are_superusers_or_hold_the_administrator_role(administrator, coordinator, no_role_user):
    no_role_user.is_superuser = True

    assert [is_administrator(administrator), is_administrator(coordinator), is_administrator(no_role_user)] == [
        True,
        False,
        True,
    ]


def test_people_of_a_ministry_are_private_to_its_members_and_administrators(
    ministry, coordinator, field_officer, outsider, administrator, outsider_ministry
):
    assert can_view_ministry_people(coordinator, ministry)
    assert can_view_ministry_people(field_officer, ministry)
    assert not can_view_ministry_people(outsider, ministry)
    assert can_view_ministry_people(administrator, outsider_ministry)

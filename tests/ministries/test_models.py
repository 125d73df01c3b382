import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ministries.models import FieldUnit, Membership, Role
from tests.factories import FieldUnitFactory, MembershipFactory


def test_field_unit_parent_of_another_ministry_is_refused(ministry, other_ministry):
    region = FieldUnitFactory(ministry=other_ministry, name="Northern Region")
    office = FieldUnit(ministry=ministry, name="Thunder Bay Office", parent=region)

    with pytest.raises(ValidationError) as error:
        office.full_clean()

    assert error.value.message_dict == {"parent": ["Choose a unit of the same organisation."]}


def test_field_unit_cannot_sit_inside_itself(ministry):
    region = FieldUnitFactory(ministry=ministry, name="Northern Region")
    office = FieldUnitFactory(ministry=ministry, name="Sudbury Office", parent=region)
    region.parent = office

    with pytest.raises(ValidationError) as error:
        region.full_clean()

    assert error.value.message_dict == {"parent": ["A unit cannot sit inside itself. Choose another unit."]}


def test_membership_field_unit_must_belong_to_the_ministry(ministry, other_ministry, no_role_user):
    unit = FieldUnitFactory(ministry=other_ministry)
    membership = Membership(user=no_role_user, ministry=ministry, role=Role.FIELD_STAFF, field_unit=unit)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {"field_unit": ["Choose a field unit of the same organisation."]}


def test_person_may_hold_several_roles_but_each_once_per_ministry(ministry, other_ministry, no_role_user):
    MembershipFactory(user=no_role_user, ministry=ministry, role=Role.COORDINATOR)
    MembershipFactory(user=no_role_user, ministry=ministry, role=Role.EXECUTIVE)
    MembershipFactory(user=no_role_user, ministry=other_ministry, role=Role.COORDINATOR)

    with pytest.raises(IntegrityError):
        MembershipFactory(user=no_role_user, ministry=ministry, role=Role.COORDINATOR)


def test_executives_sign_for_their_ministry_and_others_only_when_delegated(ministry, no_role_user):
    executive = Membership(user=no_role_user, ministry=ministry, role=Role.EXECUTIVE)
    coordinator = Membership(user=no_role_user, ministry=ministry, role=Role.COORDINATOR)
    delegate = Membership(user=no_role_user, ministry=ministry, role=Role.COORDINATOR, can_sign=True)

    assert [executive.signs_for_ministry, coordinator.signs_for_ministry, delegate.signs_for_ministry] == [
        True,
        False,
        True,
    ]

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ministries.models import FieldUnit, Jurisdiction, Membership, Role
from tests.factories import FieldUnitFactory, JurisdictionFactory, MembershipFactory


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


def test_a_government_is_found_by_its_name_in_any_language_whatever_its_case_and_spaces(db):
    quebec = JurisdictionFactory(name="Quebec", name_fr="Québec", name_he="קוויבק")
    JurisdictionFactory(name="Ontario")

    found = [Jurisdiction.objects.named(text) for text in ("quebec", "  QUÉBEC ", "קוויבק", "Quebec City", "", None)]

    assert found == [quebec, quebec, quebec, None, None, None]

"""Importing people with their roles: new addresses are invited, people already here get the role."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ministries.models import Invitation, Membership, Role
from tests.factories import FieldUnitFactory, UserFactory, person

HEADER = "email,role,unit,may_sign\n"


def upload(client, ministry, text):
    return client.post(
        reverse("imports:new"),
        {"kind": "people", "ministry": ministry.pk, "file": SimpleUploadedFile("people.csv", text.encode())},
    ).url


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


@pytest.fixture
def admin(client_for, administrator):
    return client_for(administrator)


def test_people_are_invited_or_given_their_role_and_a_second_run_changes_nothing(
    admin, ministry, coordinator, django_capture_on_commit_callbacks
):
    FieldUnitFactory(ministry=ministry, name="Thunder Bay Office")
    text = HEADER + (
        "new.person@example.gov,field_staff,Thunder Bay Office,no\n"
        f"{coordinator.email.upper()},executive,,yes\n"
        f"{coordinator.email},coordinator,Thunder Bay Office,no\n"
    )
    url = upload(admin, ministry, text)
    assert outcomes(admin.get(url)) == [
        (2, "created", "new.person@example.gov", "to invite"),
        (3, "created", coordinator.email, "a new role"),
        (4, "changed", coordinator.email, "unit or signing"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url, {})

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.field_unit.name) == (
        "new.person@example.gov",
        Role.FIELD_STAFF,
        "Thunder Bay Office",
    )
    assert [m.to for m in mail.outbox] == [["new.person@example.gov"]]
    assert sorted(Membership.objects.filter(user=coordinator).values_list("role", "field_unit__name", "can_sign")) == [
        (Role.COORDINATOR, "Thunder Bay Office", False),
        (Role.EXECUTIVE, None, True),
    ]

    again = admin.get(upload(admin, ministry, text))
    assert [o[1] for o in outcomes(again)] == ["unchanged"] * 3


def test_people_rows_are_refused_with_how_to_fix_them(admin, ministry, outsider_ministry):
    stranger = person(outsider_ministry, Role.COORDINATOR)
    UserFactory(email="loner@example.gov")
    text = HEADER + (
        ",coordinator,,no\n"
        "not-an-address,coordinator,,no\n"
        "a@example.gov,king,,no\n"
        "b@example.gov,coordinator,Atlantis,no\n"
        "c@example.gov,coordinator,,perhaps\n"
        f"{stranger.email},coordinator,,no\n"
        "d@example.gov,coordinator,,no\n"
        "d@example.gov,coordinator,,yes\n"
    )

    preview = admin.get(upload(admin, ministry, text))

    assert outcomes(preview) == [
        (2, "refused", "", "The e-mail address is empty. Write the person's work address."),
        (3, "refused", "not-an-address", "“not-an-address” is not an e-mail address. Write it as name@example.gov."),
        (
            4,
            "refused",
            "a@example.gov",
            "“king” is not a role. Write coordinator, executive, field_staff, evaluator or administrator.",
        ),
        (
            5,
            "refused",
            "b@example.gov",
            "This organisation has no unit called “Atlantis”. Import or add the unit first.",
        ),
        (6, "refused", "c@example.gov", "Write yes or no under may_sign."),
        (
            7,
            "refused",
            stranger.email,
            "This address signs in for another organisation. Give the person a role on their page instead.",
        ),
        (9, "refused", "d@example.gov", "This person and role are already on line 8. Keep one line for each."),
        (8, "created", "d@example.gov", "to invite"),
    ]


def test_an_address_invited_with_another_role_is_refused(admin, ministry, administrator):
    Invitation.objects.create(ministry=ministry, email="e@example.gov", role=Role.EVALUATOR, invited_by=administrator)

    preview = admin.get(upload(admin, ministry, HEADER + "e@example.gov,coordinator,,no\n"))

    assert outcomes(preview) == [
        (2, "refused", "e@example.gov", "This address is already invited as Evaluator. Withdraw that invitation first.")
    ]

"""People managed in the app: invitations by e-mail, roles and units, deactivation with a handover."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments import review_services
from assessments import services as assessment_services
from assessments.models import EvaluatorAssignment, PointAnswer
from meetings.models import ActionItem
from ministries import services
from ministries.models import FieldUnit, Invitation, Membership, Region, Role
from partnerships.models import Participation, Partnership
from results.models import Milestone
from tests.builders import make_partnership
from tests.factories import FieldUnitFactory, JurisdictionFactory, MinistryFactory, RegionFactory, person

User = get_user_model()


def _link(message):
    return re.search(r"https?://\S+(/ministries/join/\S+/)", message.body).group(1)


def _invite(client, ministry, **fields):
    data = {"email": "new.person@example.gov", "role": Role.FIELD_STAFF, "field_unit": "", "message": "", **fields}
    return client.post(reverse("ministries:invite", args=[ministry.pk]), data)


def _accept_data(**fields):
    return {
        "first_name": "Nour",
        "last_name": "Haddad",
        "password1": "Quiet-river-4077",
        "password2": "Quiet-river-4077",
        **fields,
    }


# Inviting


def test_administrator_invites_someone_who_joins_with_their_role_and_unit(client_for, administrator, ministry, unit):
    response = _invite(client_for(administrator), ministry, field_unit=unit.pk, message="Welcome aboard.")

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.field_unit, invitation.needs_confirmation) == (
        "new.person@example.gov",
        Role.FIELD_STAFF,
        unit,
        False,
    )
    assert [m.to for m in mail.outbox] == [["new.person@example.gov"]]
    assert "Welcome aboard." in mail.outbox[0].body

    client_for(administrator).logout()
    visitor = Client()
    link = _link(mail.outbox[0])
    assert visitor.get(link).status_code == 200
    response = visitor.post(link, _accept_data())

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.gov")
    assert (user.username, user.get_full_name(), user.check_password("Quiet-river-4077")) == (
        "new.person@example.gov",
        "Nour Haddad",
        True,
    )
    assert list(Membership.objects.filter(user=user).values_list("ministry", "role", "field_unit")) == [
        (ministry.pk, Role.FIELD_STAFF, unit.pk)
    ]
    assert visitor.get(reverse("dashboards:home")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_a_used_link_is_refused_with_a_clear_page(client, administrator, ministry):
    services.invitation_create(ministry=ministry, email="once@example.gov", role=Role.COORDINATOR, by=administrator)
    link = _link(mail.outbox[0])
    assert client.post(link, _accept_data()).status_code == 302
    client.logout()

    response = client.get(link)

    assert response.status_code == 410
    assert "This link was already used." in response.content.decode()
    assert User.objects.filter(email="once@example.gov").count() == 1


def test_an_expired_link_is_refused(client, administrator, ministry, settings):
    invitation = services.invitation_create(
        ministry=ministry, email="late@example.gov", role=Role.COORDINATOR, by=administrator
    )
    link = _link(mail.outbox[0])
    settings.INTERLOCK_INVITATION_VALID_DAYS = 0

    response = client.post(link, _accept_data())

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("token", ["not-a-token", "WzEsMV0:1abc:forged"])
def test_a_forged_link_is_refused(client, token):
    response = client.get(reverse("ministries:invitation_accept", args=[token]))

    assert (response.status_code, "This link is not valid." in response.content.decode()) == (410, True)


def test_a_withdrawn_or_resent_link_no_longer_works(client_for, administrator, ministry, client):
    invitation = services.invitation_create(
        ministry=ministry, email="maybe@example.gov", role=Role.COORDINATOR, by=administrator
    )
    first = _link(mail.outbox[0])
    admin = client_for(administrator)
    action = "ministries:invitation_action"

    assert admin.post(reverse(action, args=[ministry.pk, invitation.pk, "resend"])).status_code == 302
    second = _link(mail.outbox[1])
    admin.logout()
    assert (client.get(first).status_code, client.get(second).status_code) == (410, 200)

    admin = client_for(administrator)
    assert admin.post(reverse(action, args=[ministry.pk, invitation.pk, "withdraw"])).status_code == 302
    admin.logout()
    response = client.get(second)
    assert (response.status_code, "This invitation was withdrawn." in response.content.decode()) == (410, True)


def test_a_weak_or_mismatched_password_is_refused_next_to_the_field(client, administrator, ministry):
    services.invitation_create(ministry=ministry, email="weak@example.gov", role=Role.COORDINATOR, by=administrator)
    link = _link(mail.outbox[0])

    weak = client.post(link, _accept_data(password1="123", password2="123"))
    differ = client.post(link, _accept_data(password2="Another-river-4077"))

    assert weak.status_code == differ.status_code == 200
    assert "password1" in weak.context["form"].errors
    assert differ.context["form"].errors["password2"] == ["The two passwords differ. Type the same password twice."]
    assert not User.objects.filter(email="weak@example.gov").exists()


def test_joining_when_the_address_got_an_account_meanwhile_is_refused(client, administrator, ministry):
    services.invitation_create(ministry=ministry, email="twice@example.gov", role=Role.COORDINATOR, by=administrator)
    link = _link(mail.outbox[0])
    User.objects.create_user(username="twice", email="twice@example.gov")

    response = client.post(link, _accept_data())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone already signs in with this address. Sign in, or ask for a new password."
    ]


def test_inviting_an_address_that_has_an_account_is_a_form_error(client_for, administrator, ministry, coordinator):
    response = _invite(client_for(administrator), ministry, email=coordinator.email)

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Someone already signs in with this address. Give them a role on their page instead."
    ]
    assert not Invitation.objects.exists()


def test_an_administrator_of_another_organisation_cannot_invite_or_manage(
    client_for, ministry, other_ministry, coordinator
):
    other_admin = person(other_ministry, Role.ADMINISTRATOR, user__username="moh.admin")
    client = client_for(other_admin)

    assert _invite(client, ministry).status_code == 404
    assert client.get(reverse("ministries:invitations", args=[ministry.pk])).status_code == 404
    assert client.get(reverse("ministries:person", args=[ministry.pk, coordinator.pk])).status_code == 404
    assert client.get(reverse("ministries:person_deactivate", args=[ministry.pk, coordinator.pk])).status_code == 404
    assert client.get(reverse("ministries:unit_new", args=[ministry.pk])).status_code == 404
    assert not Invitation.objects.exists()


# A partner's contact person


def test_a_coordinator_invites_a_partners_contact_who_waits_for_confirmation(
    client_for, coordinator, ministry, other_ministry, partnership
):
    partner_admin = person(other_ministry, Role.ADMINISTRATOR, user__username="moh.admin")

    response = _invite(client_for(coordinator), other_ministry, email="Head@MOH.example.gov", role=Role.EXECUTIVE)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.needs_confirmation, invitation.sent_at) == ("head@moh.example.gov", True, None)
    # Only the partner's administrator hears of it; the person invited gets nothing yet.
    assert [m.to for m in mail.outbox] == [[partner_admin.email]]

    admin = client_for(partner_admin)
    admin.post(reverse("ministries:invitation_action", args=[other_ministry.pk, invitation.pk, "confirm"]))

    invitation.refresh_from_db()
    assert (invitation.confirmed_by, invitation.sent_at is not None) == (partner_admin, True)
    assert mail.outbox[-1].to == ["head@moh.example.gov"]


def test_support_confirms_when_the_partner_has_no_administrator(client_for, coordinator, other_ministry, partnership):
    support = User.objects.create_superuser(username="support", email="support@example.gov", password="x")

    _invite(client_for(coordinator), other_ministry, email="head@moh.example.gov", role=Role.EXECUTIVE)

    assert [m.to for m in mail.outbox] == [["support@example.gov"]]
    invitation = Invitation.objects.get()
    # Resending an invitation nobody confirmed is refused: it was never sent.
    response = client_for(support).post(
        reverse("ministries:invitation_action", args=[other_ministry.pk, invitation.pk, "resend"]), follow=True
    )
    assert "Only an open invitation that was sent can be sent again." in response.content.decode()
    client_for(support).post(
        reverse("ministries:invitation_action", args=[other_ministry.pk, invitation.pk, "withdraw"])
    )
    invitation.refresh_from_db()
    assert (invitation.withdrawn_at is not None, len(mail.outbox)) == (True, 1)


def test_a_coordinator_may_not_invite_to_a_partner_that_has_a_signatory_or_to_a_stranger(
    client_for, coordinator, other_ministry, outsider_ministry, partnership, other_executive
):
    client = client_for(coordinator)

    assert _invite(client, other_ministry, role=Role.EXECUTIVE).status_code == 404
    assert _invite(client, outsider_ministry, role=Role.EXECUTIVE).status_code == 404
    assert not Invitation.objects.exists()


def test_a_partner_contact_may_only_be_an_executive_or_coordinator(
    client_for, coordinator, other_ministry, partnership
):
    response = _invite(client_for(coordinator), other_ministry, role=Role.ADMINISTRATOR)

    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_unknown_invitation_action_is_404(client_for, administrator, ministry):
    invitation = services.invitation_create(
        ministry=ministry, email="x@example.gov", role=Role.COORDINATOR, by=administrator
    )
    url = reverse("ministries:invitation_action", args=[ministry.pk, invitation.pk, "accept"])

    assert client_for(administrator).post(url).status_code == 404


def test_invitations_page_lists_the_open_ones(client_for, administrator, ministry):
    services.invitation_create(ministry=ministry, email="a@example.gov", role=Role.COORDINATOR, by=administrator)

    response = client_for(administrator).get(reverse("ministries:invitations", args=[ministry.pk]))

    assert [i.email for i in response.context["invitations"]] == ["a@example.gov"]


# Roles and units


def test_administrator_gives_changes_and_removes_a_role(client_for, administrator, ministry, coordinator, unit):
    client = client_for(administrator)
    url = reverse("ministries:person", args=[ministry.pk, coordinator.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.EXECUTIVE, "field_unit": unit.pk, "can_sign": ""})
    assert response.status_code == 302
    executive = Membership.objects.get(user=coordinator, role=Role.EXECUTIVE)
    assert executive.field_unit == unit

    edit = reverse("ministries:membership_edit", args=[ministry.pk, executive.pk])
    client.post(edit, {f"m{executive.pk}-field_unit": "", f"m{executive.pk}-can_sign": "on"})
    executive.refresh_from_db()
    assert (executive.field_unit, executive.can_sign) == (None, True)

    client.post(reverse("ministries:membership_remove", args=[ministry.pk, executive.pk]))
    assert list(Membership.objects.filter(user=coordinator).values_list("role", flat=True)) == [Role.COORDINATOR]


def test_a_unit_of_another_organisation_is_refused(client_for, administrator, ministry, coordinator, other_ministry):
    foreign = FieldUnitFactory(ministry=other_ministry)
    membership = Membership.objects.get(user=coordinator)
    client = client_for(administrator)

    added = client.post(
        reverse("ministries:person", args=[ministry.pk, coordinator.pk]),
        {"role": Role.FIELD_STAFF, "field_unit": foreign.pk},
    )
    edited = client.post(
        reverse("ministries:membership_edit", args=[ministry.pk, membership.pk]),
        {f"m{membership.pk}-field_unit": foreign.pk},
        follow=True,
    )

    assert "field_unit" in added.context["form"].errors
    assert "Choose one of the organisation&#x27;s units, or none." in edited.content.decode()
    membership.refresh_from_db()
    assert membership.field_unit is None


def test_giving_a_role_already_held_updates_it(administrator, ministry, coordinator, unit):
    services.membership_add(
        ministry=ministry, user=coordinator, role=Role.COORDINATOR, field_unit=unit, by=administrator
    )

    assert list(Membership.objects.filter(user=coordinator).values_list("role", "field_unit")) == [
        (Role.COORDINATOR, unit.pk)
    ]


def test_the_last_administrator_cannot_lose_the_role(client_for, administrator, ministry):
    membership = Membership.objects.get(user=administrator)

    response = client_for(administrator).post(
        reverse("ministries:membership_remove", args=[ministry.pk, membership.pk]), follow=True
    )

    assert "only administrator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


# Someone leaves


@pytest.fixture
def busy(ministry, other_ministry, coordinator, partnership):
    """The coordinator holds one of everything a person can be responsible for."""
    Participation.objects.filter(partnership=partnership, ministry=ministry).update(focal_person=coordinator)
    done_item = ActionItem.objects.create(partnership=partnership, title="Done", owner=coordinator, status="done")
    open_item = ActionItem.objects.create(partnership=partnership, title="Call MOH", owner=coordinator)
    milestone = Milestone.objects.create(
        partnership=partnership, title="Intake open", due_date=timezone.localdate(), owner=coordinator
    )
    assessment_services.answers_for(partnership)
    PointAnswer.objects.filter(partnership=partnership, point__number=1).update(owner=coordinator)
    return {"done_item": done_item, "open_item": open_item, "milestone": milestone}


def test_deactivating_hands_every_open_item_over_and_closes_the_account(
    client_for, client, administrator, ministry, coordinator, executive, busy, partnership
):
    coordinator.set_password("Quiet-river-4077")
    coordinator.save()
    Membership.objects.filter(user=coordinator).update(can_sign=True)
    url = reverse("ministries:person_deactivate", args=[ministry.pk, coordinator.pk])
    admin = client_for(administrator)

    page = admin.get(url)
    assert page.context["open_items"] == [
        "the right to sign for 1 organisation",
        "1 focal-person role",
        "1 open milestone",
        "1 open action item",
        "1 open point for thought",
    ]

    response = admin.post(url, {"successor": executive.pk}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("ministries:people", args=[ministry.pk])
    assert "can no longer sign in. Handed over to" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active is False
    assert ActionItem.objects.get(pk=busy["open_item"].pk).owner == executive
    assert ActionItem.objects.get(pk=busy["done_item"].pk).owner == coordinator  # done: stays as it was
    assert Milestone.objects.get(pk=busy["milestone"].pk).owner == executive
    assert PointAnswer.objects.get(partnership=partnership, point__number=1).owner == executive
    assert Participation.objects.get(partnership=partnership, ministry=ministry).focal_person == executive
    assert services.open_responsibilities(person=coordinator) == []

    admin.logout()
    refused = client.post(reverse("login"), {"username": "coordinator", "password": "Quiet-river-4077"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_rights_go_to_the_successor(administrator, ministry, executive, coordinator):
    services.person_deactivate(person=executive, ministry=ministry, successor=coordinator, by=administrator)

    assert Membership.objects.get(user=coordinator).can_sign is True


def test_the_successor_must_be_another_active_member(client_for, administrator, ministry, coordinator, other_executive):
    url = reverse("ministries:person_deactivate", args=[ministry.pk, coordinator.pk])
    client = client_for(administrator)

    foreign = client.post(url, {"successor": other_executive.pk})
    itself = client.post(url, {"successor": coordinator.pk})

    assert "successor" in foreign.context["form"].errors
    assert "successor" in itself.context["form"].errors
    coordinator.refresh_from_db()
    assert coordinator.is_active is True
    with pytest.raises(services.ValidationError):
        services.person_deactivate(person=coordinator, ministry=ministry, successor=None, by=administrator)
    with pytest.raises(services.ValidationError):
        services.person_deactivate(person=coordinator, ministry=ministry, successor=other_executive, by=administrator)


def test_someone_who_also_works_elsewhere_is_deactivated_by_both_administrators(
    client_for, administrator, ministry, other_ministry, coordinator, executive
):
    Membership.objects.create(user=coordinator, ministry=other_ministry, role=Role.COORDINATOR)

    response = client_for(administrator).post(
        reverse("ministries:person_deactivate", args=[ministry.pk, coordinator.pk]), {"successor": executive.pk}
    )

    assert response.status_code == 200
    assert "also works for another organisation" in str(response.context["form"].non_field_errors())
    coordinator.refresh_from_db()
    assert coordinator.is_active is True


def test_the_only_administrator_cannot_be_deactivated(ministry, coordinator):
    support = User.objects.create_superuser(username="support", email="s@example.gov", password="x")
    admin = person(ministry, Role.ADMINISTRATOR, user__username="the.admin")

    with pytest.raises(services.ValidationError, match="only administrator"):
        services.person_deactivate(person=admin, ministry=ministry, successor=coordinator, by=support)


def test_deactivating_twice_changes_nothing(client_for, administrator, ministry, coordinator, executive):
    services.person_deactivate(person=coordinator, ministry=ministry, successor=executive, by=administrator)

    response = client_for(administrator).get(
        reverse("ministries:person_deactivate", args=[ministry.pk, coordinator.pk])
    )

    assert "already deactivated" in response.content.decode()
    assert (
        services.person_deactivate(person=coordinator, ministry=ministry, successor=executive, by=administrator) == []
    )


# Units and regions


def test_administrator_adds_and_changes_a_unit(client_for, administrator, ministry, unit):
    client = client_for(administrator)

    assert client.get(reverse("ministries:unit_new", args=[ministry.pk])).status_code == 200
    client.post(
        reverse("ministries:unit_new", args=[ministry.pk]), {"name": "Kenora", "kind": "office", "parent": unit.pk}
    )
    kenora = FieldUnit.objects.get(name="Kenora")
    assert (kenora.ministry, kenora.parent) == (ministry, unit)

    client.post(
        reverse("ministries:unit_edit", args=[ministry.pk, kenora.pk]), {"name": "Kenora office", "kind": "office"}
    )
    kenora.refresh_from_db()
    assert (kenora.name, kenora.parent) == ("Kenora office", None)


def test_a_unit_and_a_region_are_named_in_each_language_and_read_in_the_readers(
    client_for, administrator, ministry, unit
):
    client = client_for(administrator)
    names = {"name": "Kenora office", "name_fr": "Bureau de Kenora", "name_he": "משרד קנורה"}

    client.post(reverse("ministries:unit_new", args=[ministry.pk]), {**names, "kind": "office", "parent": unit.pk})
    client.post(reverse("ministries:region_new"), {**names, "name": "Kenora", "jurisdiction": ministry.jurisdiction_id})

    kenora = FieldUnit.objects.get(name="Kenora office")
    assert (kenora.name_fr, kenora.name_he) == ("Bureau de Kenora", "משרד קנורה")
    assert Region.objects.filter(name="Kenora", name_fr="Bureau de Kenora", name_he="משרד קנורה").count() == 1
    administrator.preferred_language = "fr"
    administrator.save(update_fields=["preferred_language"])
    page = client_for(administrator).get(reverse("ministries:detail", args=[ministry.pk])).content.decode()
    assert "Bureau de Kenora" in page
    assert "Kenora office" not in page


def test_a_unit_name_used_twice_or_a_loop_is_a_form_error(client_for, administrator, ministry, unit):
    child = FieldUnitFactory(ministry=ministry, name="Child", parent=unit)
    client = client_for(administrator)

    twice = client.post(reverse("ministries:unit_new", args=[ministry.pk]), {"name": unit.name, "kind": "office"})
    loop = client.post(
        reverse("ministries:unit_edit", args=[ministry.pk, unit.pk]),
        {"name": unit.name, "kind": "region", "parent": child.pk},
    )

    assert twice.status_code == loop.status_code == 200
    assert twice.context["form"].errors
    assert "parent" in loop.context["form"].errors
    assert FieldUnit.objects.filter(ministry=ministry).count() == 2


def test_administrators_keep_the_regions(client_for, administrator, coordinator):
    existing = RegionFactory(name="Negev")
    ontario, israel = JurisdictionFactory(name="Ontario"), JurisdictionFactory(name="Israel")
    client = client_for(administrator)

    assert client.get(reverse("ministries:regions")).status_code == 200
    assert client.get(reverse("ministries:region_new")).status_code == 200
    nameless = client.post(reverse("ministries:region_new"), {"name": "", "jurisdiction": ontario.pk})
    assert "name" in nameless.context["form"].errors
    client.post(reverse("ministries:region_new"), {"name": "Northern Ontario", "jurisdiction": ontario.pk})
    client.post(reverse("ministries:region_edit", args=[existing.pk]), {"name": "Negev", "jurisdiction": israel.pk})

    assert list(Region.objects.order_by("name").values_list("name", "jurisdiction__name")) == [
        ("Negev", "Israel"),
        ("Northern Ontario", "Ontario"),
    ]
    assert client_for(coordinator).get(reverse("ministries:regions")).status_code == 404


def test_a_region_is_named_in_each_language_and_read_in_the_readers(client_for, administrator):
    client = client_for(administrator)
    fields = {"name": "Northern Ontario", "name_fr": "Nord de l’Ontario", "name_he": "צפון אונטריו", "jurisdiction": ""}

    client.post(reverse("ministries:region_new"), fields)
    administrator.preferred_language = "fr"
    administrator.save(update_fields=["preferred_language"])
    page = client.get(reverse("ministries:regions")).content.decode()

    region = Region.objects.get()
    assert (region.name, region.name_fr, region.name_he) == ("Northern Ontario", "Nord de l’Ontario", "צפון אונטריו")
    assert "Nord de l’Ontario" in page
    assert "Northern Ontario" not in page


def test_invitation_expiry_is_shown_from_when_it_was_sent(administrator, ministry, settings):
    invitation = services.invitation_create(
        ministry=ministry, email="when@example.gov", role=Role.COORDINATOR, by=administrator
    )

    assert invitation.expires_at == invitation.sent_at + timedelta(days=settings.INTERLOCK_INVITATION_VALID_DAYS)
    assert Invitation(ministry=MinistryFactory()).expires_at is None


def test_the_administrators_home_leads_to_their_organisations_people_pages(client_for, administrator, ministry):
    response = client_for(administrator).get(reverse("dashboards:home"))

    assert response.context["administered"] == [ministry]
    html = response.content.decode()
    for name in ("ministries:people", "ministries:invite", "ministries:invitations"):
        assert reverse(name, args=[ministry.pk]) in html
    assert reverse("ministries:regions") in html


def test_the_people_page_offers_the_administrator_invitations_and_each_persons_page(
    client_for, administrator, ministry, coordinator
):
    response = client_for(administrator).get(reverse("ministries:people", args=[ministry.pk]))

    html = response.content.decode()
    assert reverse("ministries:invite", args=[ministry.pk]) in html
    assert reverse("ministries:person", args=[ministry.pk, coordinator.pk]) in html
    assert (response.context["may_manage"], response.context["may_invite"]) == (True, True)


# List pages read the same number of rows however many there are


@pytest.mark.parametrize("size", [1, 6])
def test_people_and_invitations_pages_do_not_grow_in_queries(
    client_for, administrator, ministry, unit, size, django_assert_num_queries
):
    for i in range(size):
        person(ministry, Role.FIELD_STAFF, user__username=f"officer{i}", field_unit=unit)
        services.invitation_create(
            ministry=ministry, email=f"new{i}@example.gov", role=Role.COORDINATOR, by=administrator
        )
        RegionFactory(jurisdiction=JurisdictionFactory(name=f"Government {i}"))
    client = client_for(administrator)
    client.get(reverse("ministries:regions"))  # the session and the user are loaded once

    # The session, the user, their memberships, the organisation, then all the rows in one query.
    with django_assert_num_queries(5):
        client.get(reverse("ministries:people", args=[ministry.pk]))
    with django_assert_num_queries(5):
        client.get(reverse("ministries:invitations", args=[ministry.pk]))
    with django_assert_num_queries(4):
        client.get(reverse("ministries:regions"))
    with django_assert_num_queries(4):
        client.get(reverse("ministries:jurisdictions"))


def test_evaluations_asked_of_someone_leaving_go_to_an_evaluator_successor(
    administrator, ministry, evaluator, coordinator, outsider_ministry, other_ministry
):
    active = make_partnership([other_ministry, outsider_ministry], title="Active")
    Partnership.objects.filter(pk=active.pk).update(status=Partnership.Status.ACTIVE)
    both = make_partnership([other_ministry, outsider_ministry], title="Both assigned")
    Partnership.objects.filter(pk=both.pk).update(status=Partnership.Status.ACTIVE)
    colleague = person(ministry, Role.EVALUATOR, user__username="evaluator.two")
    for partnership in (active, both):
        review_services.evaluator_assign(partnership=partnership, evaluator=evaluator, by=None)
    review_services.evaluator_assign(partnership=both, evaluator=colleague, by=None)

    # A successor who is not an evaluator takes over nothing of this kind.
    assert services.open_responsibilities(person=evaluator) == ["2 evaluations to do"]
    assert review_services.evaluator_assignments_hand_over(person=evaluator, successor=coordinator) == []

    moved = services.person_deactivate(person=evaluator, ministry=ministry, successor=colleague, by=administrator)

    assert moved == ["2 evaluations to do"]
    assert sorted(EvaluatorAssignment.objects.values_list("partnership__title", "evaluator__username")) == [
        ("Active", "evaluator.two"),
        ("Both assigned", "evaluator.two"),
    ]

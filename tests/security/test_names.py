"""People do not rename themselves; their organisation's administrator does, and a signature keeps
the name and role the signer had when signing (issue 15, item 4)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from ministries.models import Role
from partnerships.history import entries_for
from tests.builders import make_partnership, sign_charter
from tests.factories import MembershipFactory, MinistryFactory, person


@pytest.fixture
def other_executive(other_ministry):
    return person(
        other_ministry, Role.EXECUTIVE, user__first_name="Nadia", user__last_name="Haddad", user__job_title="Deputy"
    )


@pytest.fixture
def mcss_executive(ministry):
    return person(ministry, Role.EXECUTIVE, user__first_name="Claire", user__last_name="Roy", user__job_title="")


def _profile_post(**changes):
    return {"email": "me@example.gov", "phone": "", "preferred_language": "en", "notify_by": "inbox", **changes}


def test_a_person_cannot_rename_themselves_on_the_profile(client_for, mcss_executive):
    response = client_for(mcss_executive).post(
        reverse("accounts:profile"), _profile_post(first_name="Queen", last_name="Of All", job_title="Minister")
    )

    assert response.status_code == 302
    mcss_executive.refresh_from_db()
    assert (mcss_executive.first_name, mcss_executive.last_name, mcss_executive.job_title) == ("Claire", "Roy", "")
    assert mcss_executive.email == "me@example.gov"


def test_the_administrator_renames_a_person_and_changes_their_role(client_for, ministry, administrator):
    clerk = person(ministry, Role.FIELD_STAFF, user__first_name="Sam", user__last_name="Lee")
    membership = clerk.memberships.get()

    response = client_for(administrator).post(
        reverse("ministries:person_edit", args=[ministry.pk, membership.pk]),
        {"first_name": "Samira", "last_name": "Lee-Roy", "job_title": "Analyst", "role": "coordinator"},
    )

    assert response.url == reverse("ministries:people", args=[ministry.pk])
    clerk.refresh_from_db()
    membership.refresh_from_db()
    assert (clerk.first_name, clerk.last_name, clerk.job_title) == ("Samira", "Lee-Roy", "Analyst")
    assert (membership.role, membership.can_sign) == ("coordinator", False)


def test_the_people_page_links_to_the_edit_page_for_administrators_only(
    client_for, ministry, administrator, coordinator
):
    url = reverse("ministries:person_edit", args=[ministry.pk, coordinator.memberships.get().pk])
    people = reverse("ministries:people", args=[ministry.pk])

    assert f'href="{url}"' in client_for(administrator).get(people).content.decode()
    assert f'href="{url}"' not in client_for(coordinator).get(people).content.decode()


def test_a_role_the_person_already_holds_is_refused_next_to_the_field(client_for, ministry, administrator):
    both = person(ministry, Role.COORDINATOR, user__first_name="Ana", user__last_name="Diaz")
    MembershipFactory(user=both, ministry=ministry, role=Role.EXECUTIVE)
    membership = both.memberships.get(role=Role.COORDINATOR)

    response = client_for(administrator).post(
        reverse("ministries:person_edit", args=[ministry.pk, membership.pk]),
        {"first_name": "Ana", "last_name": "Diaz", "job_title": "", "role": "executive"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": ["This person already has that role here. Choose another role."]}
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_a_missing_name_is_refused_next_to_the_field(client_for, ministry, administrator, coordinator):
    membership = coordinator.memberships.get()

    response = client_for(administrator).post(
        reverse("ministries:person_edit", args=[ministry.pk, membership.pk]),
        {"first_name": "", "last_name": "X", "role": "coordinator"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_name"]


def test_nobody_else_renames_people(client_for, ministry, other_ministry, coordinator, executive):
    membership = coordinator.memberships.get()
    url = reverse("ministries:person_edit", args=[ministry.pk, membership.pk])
    data = {"first_name": "Evil", "last_name": "Twin", "job_title": "", "role": "executive"}
    # Another ministry's administrator is not this ministry's: it may see the people, not change them.
    elsewhere = person(other_ministry, Role.ADMINISTRATOR)
    outsider = person(MinistryFactory(), Role.COORDINATOR)

    assert client_for(coordinator).post(url, data).status_code == 403
    assert client_for(executive).post(url, data).status_code == 403
    assert client_for(elsewhere).post(url, data).status_code == 403
    assert client_for(outsider).post(url, data).status_code == 404
    # A membership of another ministry is not found under this one.
    other = person(other_ministry, Role.COORDINATOR).memberships.get()
    admin = person(ministry, Role.ADMINISTRATOR)
    assert client_for(admin).get(reverse("ministries:person_edit", args=[ministry.pk, other.pk])).status_code == 404
    coordinator.refresh_from_db()
    membership.refresh_from_db()
    assert (coordinator.first_name, membership.role) != ("Evil", "executive")


def test_a_signature_keeps_the_name_and_role_of_the_signer_after_a_rename(
    client_for, ministry, other_ministry, mcss_executive, other_executive, administrator
):
    partnership = make_partnership([ministry, other_ministry])
    version = sign_charter(partnership, [(mcss_executive, ministry), (other_executive, other_ministry)])
    membership = mcss_executive.memberships.get()

    client_for(administrator).post(
        reverse("ministries:person_edit", args=[ministry.pk, membership.pk]),
        {"first_name": "Claire", "last_name": "Tremblay", "job_title": "Deputy Minister", "role": "executive"},
        follow=True,  # the "saved" message is read here, not on the pages below
    )

    signatures = {s.ministry.short_name: s.signed_as for s in version.signatures.select_related("ministry")}
    assert signatures == {"MCSS": "Claire Roy, Executive", "MOH": "Nadia Haddad, Deputy"}
    # Read by the other partner (the navigation bar shows one's own, current name).
    client = client_for(other_executive)
    charter_page = client.get(reverse("charters:charter", args=[partnership.pk])).content.decode()
    printed = client.get(reverse("charters:charter_print", args=[partnership.pk, version.number])).content.decode()
    assert "signed by Claire Roy, Executive on" in charter_page
    assert "Claire Roy, Executive" in printed
    assert "Tremblay" not in charter_page + printed
    signed = [e.who for e in entries_for(partnership) if e.what.startswith("Signed version")]
    assert sorted(signed) == ["Claire Roy, Executive", "Nadia Haddad, Deputy"]


def test_the_migration_fills_signatures_made_before_names_were_kept(ministry, other_ministry, mcss_executive):
    fill_signers = importlib.import_module("charters.migrations.0003_structure_signer_name").fill_signers
    partnership = make_partnership([ministry, other_ministry])
    version = sign_charter(partnership, [(mcss_executive, ministry)])
    version.signatures.update(signer_name="", signer_role="")

    fill_signers(apps, None)

    assert [(s.signer_name, s.signer_role) for s in version.signatures.all()] == [("Claire Roy", "")]

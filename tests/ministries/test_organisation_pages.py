"""Organisations added and changed in the app by administrators, not in the Django admin."""

import pytest
from django.urls import reverse

from ministries.models import Ministry, Role
from ministries.permissions import can_edit_ministry
from tests.builders import signed_in
from tests.factories import MinistryFactory, UserFactory, person

pytestmark = pytest.mark.django_db


def details(**changes):
    """The form's fields as the page posts them."""
    data = {
        "name": "Ontario Lottery and Gaming Corporation",
        "name_fr": "Société des loteries et des jeux de l'Ontario",
        "name_he": "",
        "short_name": "OLG",
        "kind": Ministry.Kind.CROWN_CORPORATION,
        "jurisdiction": "Ontario",
        "time_zone": "America/Toronto",
        "contact_email": "partners@olg.example",
        "description": "",
    }
    return {**data, **changes}


@pytest.fixture
def added(administrator):
    """A crown corporation the administrator added: nobody of it is in the app yet."""
    return MinistryFactory(
        name="Hamilton Parks Department",
        short_name="HPD",
        kind=Ministry.Kind.MUNICIPAL_DEPARTMENT,
        jurisdiction="City of Hamilton",
        added_by=administrator,
    )


# Adding


def test_an_administrator_adds_a_crown_corporation_that_nobody_has_brought_in(client_for, administrator):
    client = client_for(administrator)

    response = client.post(reverse("ministries:new"), details(), follow=True)

    olg = Ministry.objects.get(short_name="OLG")
    assert (olg.kind, olg.jurisdiction, olg.contact_email) == ("crown_corporation", "Ontario", "partners@olg.example")
    assert olg.added_by == administrator
    assert olg.added_at is not None
    assert not olg.memberships.exists()
    assert response.redirect_chain[-1][0] == reverse("ministries:detail", args=[olg.pk])
    page = response.content.decode()
    assert "It has nobody in Interlock yet" in page
    assert "partners@olg.example" in page


def test_a_name_left_empty_in_french_shows_the_default_one(client_for, administrator):
    client = client_for(administrator)
    client.post(reverse("ministries:new"), details(name_fr=""))
    olg = Ministry.objects.get(short_name="OLG")

    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("ministries:detail", args=[olg.pk])).content.decode()

    assert "Ontario Lottery and Gaming Corporation" in page


def test_the_same_name_in_the_same_government_is_refused_whatever_its_case(client_for, administrator, ministry):
    client = client_for(administrator)

    response = client.post(reverse("ministries:new"), details(name=ministry.name.upper(), jurisdiction="ontario"))

    assert response.status_code == 200
    assert "This organisation is already in Interlock" in response.content.decode()
    assert "name" in response.context["form"].errors
    assert not Ministry.objects.filter(short_name="OLG").exists()


def test_the_same_name_in_another_government_asks_for_what_tells_them_apart(client_for, administrator, ministry):
    client = client_for(administrator)

    response = client.post(reverse("ministries:new"), details(name=ministry.name, jurisdiction="Manitoba"))

    assert "An organisation of Ontario already has this name" in response.context["form"].errors["name"][0]
    assert not Ministry.objects.filter(short_name="OLG").exists()


def test_a_short_name_another_organisation_uses_is_refused(client_for, administrator, ministry):
    client = client_for(administrator)

    response = client.post(reverse("ministries:new"), details(short_name="mcss"))

    assert "Another organisation uses this short name" in response.context["form"].errors["short_name"][0]
    assert Ministry.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("short_name", ""), ("kind", "castle"), ("time_zone", "Mars/Olympus"), ("contact_email", "olg")],
)
def test_a_missing_or_wrong_field_is_shown_next_to_it(client_for, administrator, field, value):
    response = client_for(administrator).post(reverse("ministries:new"), details(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Ministry.objects.filter(name="Ontario Lottery and Gaming Corporation").exists()


@pytest.mark.parametrize("persona", ["coordinator", "executive", "outsider"])
def test_only_administrators_add_organisations(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("ministries:new")).status_code == 404
    assert client.post(reverse("ministries:new"), details()).status_code == 404
    assert not Ministry.objects.filter(short_name="OLG").exists()


def test_the_organisations_page_links_to_adding_one_for_administrators_only(client_for, administrator, coordinator):
    link = reverse("ministries:new")

    assert link in client_for(administrator).get(reverse("ministries:clusters")).content.decode()
    assert link not in client_for(coordinator).get(reverse("ministries:clusters")).content.decode()


# Changing


def test_its_administrator_changes_names_kind_government_and_time_zone(client_for, administrator, ministry):
    client = client_for(administrator)
    url = reverse("ministries:edit", args=[ministry.pk])
    assert url in client.get(ministry.get_absolute_url()).content.decode()

    response = client.post(
        url,
        details(
            name=ministry.name,
            name_he="משרד הקהילה",
            short_name="MCSS",
            kind=Ministry.Kind.MINISTRY,
            jurisdiction="Ontario",
            time_zone="America/Winnipeg",
        ),
    )

    assert response.status_code == 302
    ministry.refresh_from_db()
    assert (ministry.name_he, ministry.time_zone) == ("משרד הקהילה", "America/Winnipeg")
    assert ministry.added_by is None  # changing is not adding


def test_a_change_to_another_organisations_name_is_refused(client_for, administrator, ministry, other_ministry):
    response = client_for(administrator).post(
        reverse("ministries:edit", args=[ministry.pk]), details(name=other_ministry.name, short_name="MCSS")
    )

    assert "name" in response.context["form"].errors
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of Community and Social Services"


def test_the_administrator_who_added_it_changes_it_while_it_has_no_administrator(client_for, administrator, added):
    client = client_for(administrator)
    url = reverse("ministries:edit", args=[added.pk])
    assert url in client.get(added.get_absolute_url()).content.decode()

    client.post(
        url, details(name="Hamilton Parks", short_name="HPD", kind="municipal_department", jurisdiction="Hamilton")
    )

    added.refresh_from_db()
    assert (added.name, added.jurisdiction) == ("Hamilton Parks", "Hamilton")

    # Once it has an administrator of its own, they keep it: the one who added it is an outsider again.
    person(added, Role.ADMINISTRATOR)
    assert client.get(url).status_code == 404
    assert url not in client.get(added.get_absolute_url()).content.decode()


def test_another_organisations_administrator_may_not_change_one_they_did_not_add(client_for, added, other_ministry):
    stranger = person(other_ministry, Role.ADMINISTRATOR)

    assert client_for(stranger).post(reverse("ministries:edit", args=[added.pk]), details()).status_code == 404
    assert not can_edit_ministry(stranger, added)
    added.refresh_from_db()
    assert added.name == "Hamilton Parks Department"


def test_the_one_who_added_it_no_longer_an_administrator_may_not_change_it(added, administrator):
    administrator.memberships.update(role=Role.COORDINATOR)
    administrator = type(administrator).objects.get(pk=administrator.pk)

    assert not can_edit_ministry(administrator, added)


def test_support_staff_change_any_organisation(client, added):
    signed_in(client, UserFactory(username="root", is_staff=True, is_superuser=True))

    client.post(
        reverse("ministries:edit", args=[added.pk]),
        details(name=added.name, short_name="HPD", kind="municipal_department", time_zone="America/Toronto"),
    )

    added.refresh_from_db()
    assert added.jurisdiction == "Ontario"


@pytest.mark.parametrize(("persona", "status"), [("coordinator", 403), ("executive", 403), ("outsider", 404)])
def test_its_other_people_get_403_and_outsiders_404(request, client_for, ministry, persona, status):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("ministries:edit", args=[ministry.pk])

    assert client.get(url).status_code == status
    assert client.post(url, details(name="Renamed", short_name="MCSS")).status_code == status
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of Community and Social Services"
    assert url not in client.get(ministry.get_absolute_url()).content.decode()


def test_a_missing_organisation_is_404(client_for, administrator):
    assert client_for(administrator).get(reverse("ministries:edit", args=[987654])).status_code == 404


# Languages


@pytest.mark.parametrize(("language", "title"), [("fr", "Ajouter une organisation"), ("he", "הוספת ארגון")])
def test_the_page_speaks_french_and_hebrew(client_for, administrator, language, title):
    client = client_for(administrator)
    client.post(reverse("accounts:set_language"), {"language": language, "next": "/"})

    page = client.get(reverse("ministries:new")).content.decode()

    assert title in page
    if language == "he":
        assert 'dir="rtl"' in page

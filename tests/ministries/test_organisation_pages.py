"""Organisations added and changed in the app by administrators, not in the Django admin."""

import pytest
from django.urls import reverse

from ministries.models import Jurisdiction, Ministry, Role
from ministries.permissions import can_edit_ministry
from tests.builders import signed_in
from tests.factories import JurisdictionFactory, MinistryFactory, UserFactory, person

pytestmark = pytest.mark.django_db


def details(**changes):
    """The form's fields as the page posts them."""
    data = {
        "name": "Ontario Lottery and Gaming Corporation",
        "name_fr": "Société des loteries et des jeux de l'Ontario",
        "name_he": "",
        "short_name": "OLG",
        "kind": Ministry.Kind.CROWN_CORPORATION,
        "jurisdiction": JurisdictionFactory(name="Ontario").pk,
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
        jurisdiction=JurisdictionFactory(name="City of Hamilton"),
        added_by=administrator,
    )


# Adding


def test_an_administrator_adds_a_crown_corporation_that_nobody_has_brought_in(client_for, administrator):
    client = client_for(administrator)

    response = client.post(reverse("ministries:new"), details(), follow=True)

    olg = Ministry.objects.get(short_name="OLG")
    assert (olg.kind, olg.jurisdiction.name, olg.contact_email) == (
        "crown_corporation",
        "Ontario",
        "partners@olg.example",
    )
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

    response = client.post(reverse("ministries:new"), details(name=ministry.name.upper()))

    assert response.status_code == 200
    assert "This organisation is already in Interlock" in response.content.decode()
    assert "name" in response.context["form"].errors
    assert not Ministry.objects.filter(short_name="OLG").exists()


def test_the_same_name_in_another_government_asks_for_what_tells_them_apart(client_for, administrator, ministry):
    client = client_for(administrator)

    manitoba = JurisdictionFactory(name="Manitoba")

    response = client.post(reverse("ministries:new"), details(name=ministry.name, jurisdiction=manitoba.pk))

    # The government's name is isolated: a Latin name in a Hebrew message keeps its place.
    assert "An organisation of \u2068Ontario\u2069 already has this name" in response.context["form"].errors["name"][0]
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

    hamilton = JurisdictionFactory(name="Hamilton")
    client.post(
        url, details(name="Hamilton Parks", short_name="HPD", kind="municipal_department", jurisdiction=hamilton.pk)
    )

    added.refresh_from_db()
    assert (added.name, added.jurisdiction) == ("Hamilton Parks", hamilton)

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
    assert added.jurisdiction.name == "Ontario"


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


# Governments


def test_a_government_given_as_letters_or_one_not_in_the_list_is_refused_next_to_the_field(client_for, administrator):
    client = client_for(administrator)

    for value in ("Ontario", "999999999999999999999", "²"):
        response = client.post(reverse("ministries:new"), details(jurisdiction=value))
        assert response.status_code == 200
        assert response.context["form"].errors["jurisdiction"][0].startswith("Select a valid choice.")
    assert not Ministry.objects.filter(short_name="OLG").exists()


def test_an_organisation_may_have_no_government(client_for, administrator):
    client_for(administrator).post(reverse("ministries:new"), details(jurisdiction=""))

    assert Ministry.objects.get(short_name="OLG").jurisdiction is None


@pytest.mark.parametrize(("language", "names"), [("fr", ["Israël", "Ontario"]), ("he", ["אונטריו", "ישראל"])])
def test_a_french_or_hebrew_administrator_picks_the_government_by_its_name_in_their_language(
    client_for, administrator, language, names
):
    # Ontario is there already, as the personas' government: it gets its names.
    Jurisdiction.objects.filter(name="Ontario").update(name_fr="Ontario", name_he="אונטריו")
    israel = JurisdictionFactory(name="Israel", name_fr="Israël", name_he="ישראל")
    administrator.preferred_language = language
    administrator.save(update_fields=["preferred_language"])
    client = client_for(administrator)

    form = client.get(reverse("ministries:new")).context["form"]
    response = client.post(reverse("ministries:new"), details(jurisdiction=israel.pk), follow=True)

    assert [label for _pk, label in form.fields["jurisdiction"].choices][1:] == names
    assert f"<bdi>{names[-1] if language == 'he' else names[0]}</bdi>" in response.content.decode()
    assert Ministry.objects.get(short_name="OLG").jurisdiction == israel


def test_only_administrators_are_offered_to_add_a_government_from_the_organisation_form(
    client_for, administrator, coordinator
):
    add = reverse("ministries:jurisdiction_new")

    assert add in client_for(administrator).get(reverse("ministries:new")).content.decode()
    assert add not in client_for(coordinator).get(reverse("ministries:new")).content.decode()


def test_an_administrator_adds_and_renames_a_government_in_three_languages(client_for, administrator):
    client = client_for(administrator)
    names = {"name": "Quebec", "name_fr": "Québec", "name_he": "קוויבק"}

    response = client.post(reverse("ministries:jurisdiction_new"), names, follow=True)

    quebec = Jurisdiction.objects.get(name="Quebec")
    assert (quebec.name_fr, quebec.name_he) == ("Québec", "קוויבק")
    assert response.redirect_chain[-1][0] == reverse("ministries:jurisdictions")
    assert "The government is saved." in response.content.decode()
    client.post(reverse("ministries:jurisdiction_edit", args=[quebec.pk]), {**names, "name": "Province of Quebec"})
    quebec.refresh_from_db()
    assert quebec.name == "Province of Quebec"
    assert "Province of Quebec" in client.get(reverse("ministries:jurisdictions")).content.decode()


def test_a_government_already_there_whatever_its_case_or_an_empty_name_is_refused(client_for, administrator):
    JurisdictionFactory(name="Ontario")
    client = client_for(administrator)

    same = client.post(reverse("ministries:jurisdiction_new"), {"name": "ONTARIO", "name_fr": "", "name_he": ""})
    empty = client.post(reverse("ministries:jurisdiction_new"), {"name": "", "name_fr": "", "name_he": ""})

    assert same.context["form"].errors["name"] == ["This government is already in Interlock. Choose it from the list."]
    assert "name" in empty.context["form"].errors
    assert list(Jurisdiction.objects.values_list("name", flat=True)) == ["Ontario"]


@pytest.mark.parametrize("persona", ["coordinator", "executive", "outsider"])
def test_only_administrators_keep_the_governments(request, client_for, persona):
    ontario = JurisdictionFactory(name="Ontario")
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("ministries:jurisdictions")).status_code == 404
    response = client.post(reverse("ministries:jurisdiction_edit", args=[ontario.pk]), {"name": "Elsewhere"})
    assert response.status_code == 404
    assert client.post(reverse("ministries:jurisdiction_new"), {"name": "Elsewhere"}).status_code == 404
    assert list(Jurisdiction.objects.values_list("name", flat=True)) == ["Ontario"]

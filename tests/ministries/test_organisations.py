"""Organisations of every kind, names in the reader's language, pickers grouped by government, joint sites."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ministries.forms import OrganisationChoiceField
from ministries.models import FieldUnit, JointSite, Jurisdiction, Ministry, Region, Role
from ministries.services import joint_site_save
from tests.factories import (
    ClusterFactory,
    FieldUnitFactory,
    JointSiteFactory,
    JurisdictionFactory,
    MinistryFactory,
    RegionFactory,
    person,
)

# Kinds and names


def test_only_public_bodies_count_as_government():
    kinds = Ministry.Kind
    public = {kinds.MINISTRY, kinds.MUNICIPAL_DEPARTMENT, kinds.POLICE, kinds.CROWN_CORPORATION}
    private = {kinds.FOUNDATION, kinds.NON_PROFIT, kinds.BUSINESS, kinds.UNIVERSITY, kinds.COMMUNITY_GROUP}

    assert {k for k in public | private if Ministry(kind=k).is_government} == public


def test_government_queryset_leaves_out_a_foundation(ministry):
    foundation = MinistryFactory(name="Maple Foundation", short_name="MAPLE", kind=Ministry.Kind.FOUNDATION)

    assert list(Ministry.objects.government()) == [ministry]
    assert foundation not in Ministry.objects.government()


def test_an_organisation_is_named_by_its_kind_unless_it_is_a_ministry(ministry):
    parks = Ministry(name="City of Toronto Parks", kind=Ministry.Kind.MUNICIPAL_DEPARTMENT)

    assert parks.named_by_kind == "City of Toronto Parks (municipal department)"
    assert ministry.named_by_kind == "Ministry of Community and Social Services"


def test_names_follow_the_reader_language_with_a_fallback():
    ministry = Ministry(name="Ministry of Health", name_fr="Ministère de la Santé", name_he="משרד הבריאות")
    region = Region(name="Negev", name_he="הנגב")

    with translation.override("fr"):
        assert (str(ministry), str(region)) == ("Ministère de la Santé", "Negev")
    with translation.override("he"):
        assert (str(ministry), str(region)) == ("משרד הבריאות", "הנגב")
    with translation.override("en"):
        assert (str(ministry), str(region)) == ("Ministry of Health", "Negev")


def test_a_unit_is_named_with_its_organisation(ministry):
    unit = FieldUnit(ministry=ministry, name="Thunder Bay District Office", name_fr="Bureau de Thunder Bay")

    with translation.override("fr"):
        assert unit.named_with_organisation == "Bureau de Thunder Bay (Ministry of Community and Social Services)"


def test_a_hebrew_page_shows_the_hebrew_names(client_for, coordinator, ministry):
    Ministry.objects.filter(pk=ministry.pk).update(name_he="משרד הקהילה והשירותים החברתיים")
    FieldUnitFactory(ministry=ministry, name="Negev Office", name_he="משרד הנגב")
    client = client_for(coordinator)
    client.post(reverse("accounts:set_language"), {"language": "he", "next": "/"})

    page = client.get(reverse("ministries:detail", args=[ministry.pk]), HTTP_ACCEPT_LANGUAGE="he").content.decode()

    assert "משרד הקהילה והשירותים החברתיים" in page
    assert "משרד הנגב" in page
    assert "Negev Office" not in page


# Pickers


def test_pickers_group_organisations_by_government(db):
    MinistryFactory(name="Ministry of Health", short_name="MOH")
    MinistryFactory(name="Ministry of Welfare", short_name="MOW", jurisdiction=JurisdictionFactory(name="Israel"))
    MinistryFactory(name="Parks", short_name="PARKS", jurisdiction=JurisdictionFactory(name="City of Toronto"))
    MinistryFactory(name="Maple Foundation", short_name="MAPLE", jurisdiction=None)
    field = OrganisationChoiceField(queryset=Ministry.objects.all())

    groups = [(group, [label for _pk, label in options]) for group, options in list(field.choices)[1:]]

    assert groups == [
        ("City of Toronto", ["Parks"]),
        ("Israel", ["Ministry of Welfare"]),
        ("Ontario", ["Ministry of Health"]),
        ("No government given", ["Maple Foundation"]),
    ]
    assert '<optgroup label="Israel">' in field.widget.render("ministry", None)


def test_the_partners_step_offers_organisations_in_optgroups(client_for, coordinator, other_ministry):
    MinistryFactory(name="Ministry of Welfare", short_name="MOW", jurisdiction=JurisdictionFactory(name="Israel"))
    client = client_for(coordinator)
    client.post(
        reverse("partnerships:create", args=["need"]),
        {"title": "Children first", "problem": "Families fall between programs.", "public_value": "One door."},
    )

    page = client.get(reverse("partnerships:create", args=["partners"])).content.decode()

    assert '<optgroup label="Israel">' in page
    assert '<optgroup label="Ontario">' in page


@pytest.mark.parametrize(
    ("language", "groups"),
    [
        ("fr", ["Israël", "Ontario", "Québec"]),
        ("he", ["אונטריו", "ישראל", "קוויבק"]),
    ],
)
def test_a_french_or_hebrew_reader_sees_the_governments_in_their_language_on_the_partners_step(
    client_for, coordinator, other_ministry, language, groups
):
    # Ontario is there already, as the personas' government: it gets its names.
    Jurisdiction.objects.filter(name="Ontario").update(name_fr="Ontario", name_he="אונטריו")
    israel = JurisdictionFactory(name="Israel", name_fr="Israël", name_he="ישראל")
    quebec = JurisdictionFactory(name="Quebec", name_fr="Québec", name_he="קוויבק")
    MinistryFactory(name="Ministry of Welfare", short_name="MOW", jurisdiction=israel)
    MinistryFactory(name="Ministry of Families", short_name="MFQ", jurisdiction=quebec)
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    client = client_for(coordinator)
    client.post(
        reverse("partnerships:create", args=["need"]),
        {"title": "Children first", "problem": "Families fall between programs.", "public_value": "One door."},
    )

    page = client.get(reverse("partnerships:create", args=["partners"])).content.decode()

    # Each group once, in the reader's alphabetical order of the names they read.
    labels = re.findall(r'<optgroup label="([^"]*)">', page)
    assert labels[: len(groups)] == groups
    assert '<optgroup label="Israel">' not in page


def test_a_french_or_hebrew_reader_sees_the_clusters_and_government_in_their_language(client_for, coordinator):
    israel = JurisdictionFactory(name="Israel", name_fr="Israël", name_he="ישראל")
    welfare = MinistryFactory(name="Ministry of Welfare", short_name="MOW", jurisdiction=israel)
    welfare.clusters.add(
        ClusterFactory(name="Human Services", name_fr="Services à la personne", name_he="שירותים חברתיים")
    )
    coordinator.preferred_language = "he"
    coordinator.save(update_fields=["preferred_language"])
    client = client_for(coordinator)

    detail = client.get(welfare.get_absolute_url()).content.decode()
    clusters = client.get(reverse("ministries:clusters")).content.decode()

    assert "<bdi>ישראל</bdi>" in detail
    assert "שירותים חברתיים" in detail
    assert "שירותים חברתיים" in clusters
    assert "Human Services" not in detail + clusters
    coordinator.preferred_language = "fr"
    coordinator.save(update_fields=["preferred_language"])
    assert "<bdi>Israël</bdi>" in client.get(welfare.get_absolute_url()).content.decode()


# Joint sites


def _site_post(*operators, **changes):
    data = {
        "name": "Thunder Bay hub",
        "name_fr": "Carrefour de Thunder Bay",
        "name_he": "",
        "operators": [o.pk for o in operators],
        "sponsor": "",
        "manager": "",
        "address": "1 Main Street",
        "region": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_sets_up_a_joint_site_with_sponsor_manager_and_committee(
    client_for, coordinator, field_officer, ministry, other_ministry
):
    sponsor = MinistryFactory(name="Rotary Club", short_name="ROTARY", kind=Ministry.Kind.COMMUNITY_GROUP)
    region = RegionFactory(name="Northern Ontario")
    data = _site_post(
        ministry,
        other_ministry,
        sponsor=sponsor.pk,
        manager=field_officer.pk,
        committee=[coordinator.pk, field_officer.pk],
        region=region.pk,
    )

    response = client_for(coordinator).post(reverse("ministries:site_new"), data)

    assert response.status_code == 302
    site = JointSite.objects.get()
    assert (site.name, site.name_fr, site.sponsor, site.manager, site.region) == (
        "Thunder Bay hub",
        "Carrefour de Thunder Bay",
        sponsor,
        field_officer,
        region,
    )
    assert set(site.operators.all()) == {ministry, other_ministry}
    assert set(site.committee.all()) == {coordinator, field_officer}
    listing = client_for(coordinator).get(reverse("ministries:sites")).content.decode()
    assert "Rotary Club (community group)" in listing


def test_a_joint_site_needs_two_organisations(client_for, coordinator, ministry):
    response = client_for(coordinator).post(reverse("ministries:site_new"), _site_post(ministry))

    assert response.status_code == 200
    assert response.context["form"].errors["operators"] == [
        "A joint site is run by at least two organisations. Choose another one."
    ]
    assert not JointSite.objects.exists()


def test_a_site_manager_must_work_in_an_organisation_that_runs_it(
    client_for, coordinator, ministry, other_ministry, third_ministry
):
    stranger = person(third_ministry, Role.FIELD_STAFF)
    admin = person(ministry, Role.ADMINISTRATOR)

    response = client_for(admin).post(
        reverse("ministries:site_new"),
        _site_post(ministry, other_ministry, manager=stranger.pk, committee=[stranger.pk]),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["manager"] == ["Choose a manager who works in one of the organisations that run the site."]
    assert errors["committee"] == [f"{stranger} work in none of the organisations that run the site. Untick them."]
    assert not JointSite.objects.exists()


def test_a_coordinator_cannot_name_a_site_for_other_organisations_alone(
    client_for, coordinator, other_ministry, third_ministry
):
    response = client_for(coordinator).post(reverse("ministries:site_new"), _site_post(other_ministry, third_ministry))

    assert response.status_code == 200
    assert response.context["form"].errors["operators"] == [
        "Your own organisation must be one of those that run the site."
    ]
    assert not JointSite.objects.exists()


def test_field_staff_cannot_set_up_a_joint_site(client_for, field_officer):
    assert client_for(field_officer).get(reverse("ministries:site_new")).status_code == 403


def test_a_coordinator_of_an_operator_changes_the_site(client_for, coordinator, ministry, other_ministry):
    site = JointSiteFactory(name="Old name", operators=[ministry, other_ministry])

    response = client_for(coordinator).post(
        reverse("ministries:site_edit", args=[site.pk]), _site_post(ministry, other_ministry, name="New name")
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "New name"


def test_an_outsider_cannot_open_or_change_a_site(client_for, outsider, ministry, other_ministry):
    site = JointSiteFactory(name="Old name", operators=[ministry, other_ministry])
    client = client_for(outsider)

    assert client.get(reverse("ministries:site_edit", args=[site.pk])).status_code == 404
    assert client.post(reverse("ministries:site_edit", args=[site.pk]), _site_post(ministry)).status_code == 404
    site.refresh_from_db()
    assert site.name == "Old name"


def test_the_site_service_refuses_a_site_without_the_coordinators_organisation(
    coordinator, other_ministry, third_ministry
):
    with pytest.raises(ValidationError) as error:
        joint_site_save(
            by=coordinator,
            fields={"name": "Hub"},
            operators=[other_ministry, third_ministry],
            committee=[],
        )

    assert error.value.message_dict == {"operators": ["Your own organisation must be one of those that run the site."]}

"""Importing partnerships with their parties: new ones through the creation page's rules, existing ones left
to the partners' proposals."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from ministries.models import Role
from partnerships.models import Participation, Partnership
from tests.builders import make_partnership
from tests.factories import MembershipFactory

HEADER = (
    "partnership,problem,public_value,start_date,end_date,organisation,party,role,gain_share,risk_share,engagement\n"
)


def upload(client, ministry, text, kind="partnerships"):
    return client.post(
        reverse("imports:new"),
        {"kind": kind, "ministry": ministry.pk, "file": SimpleUploadedFile("partnerships.csv", text.encode())},
    )


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


@pytest.fixture
def coordinating(client_for, coordinator):
    return client_for(coordinator)


GOOD = HEADER + (
    "Safe Roads,Crashes on roads.,Fewer deaths.,2024-04-01,2027-03-31,MCSS,participant,lead,60,50,\n"
    "Safe Roads,,,,,MOH,participant,supporting,40,50,\n"
    "Safe Roads,,,,,MTOUR,stakeholder,,0,0,consult\n"
)


def test_a_partnership_is_created_with_its_parties_and_a_second_run_changes_nothing(
    coordinating, coordinator, ministry, other_ministry, outsider_ministry
):
    url = upload(coordinating, ministry, GOOD).url
    assert outcomes(coordinating.get(url)) == [
        (2, "created", "Safe Roads: MCSS", ""),
        (3, "created", "Safe Roads: MOH", ""),
        (4, "created", "Safe Roads: MTOUR", ""),
    ]
    assert not Partnership.objects.exists()  # the preview saves nothing

    coordinating.post(url, {})

    partnership = Partnership.objects.get()
    assert (partnership.title, partnership.problem, str(partnership.start_date), partnership.created_by) == (
        "Safe Roads",
        "Crashes on roads.",
        "2024-04-01",
        coordinator,
    )
    assert list(
        Participation.objects.filter(partnership=partnership)
        .order_by("ministry__short_name")
        .values_list("ministry__short_name", "kind", "role", "gain_share", "risk_share", "engagement")
    ) == [
        ("MCSS", "participant", "lead", Decimal("60"), Decimal("50"), ""),
        ("MOH", "participant", "supporting", Decimal("40"), Decimal("50"), ""),
        ("MTOUR", "stakeholder", "supporting", Decimal("0"), Decimal("0"), "consult"),
    ]
    assert partnership.charter_versions.count() == 1  # the creation service's own followers ran

    again = coordinating.get(upload(coordinating, ministry, GOOD).url)
    assert [o[1] for o in outcomes(again)] == ["unchanged"] * 3


def test_shares_that_do_not_add_up_are_refused_with_the_web_pages_words(coordinating, ministry, other_ministry):
    text = HEADER + (
        "Safe Roads,Crashes.,Fewer deaths.,,,MCSS,participant,lead,60,50,\n"
        "Safe Roads,,,,,MOH,participant,supporting,30,50,\n"
    )

    response = coordinating.get(upload(coordinating, ministry, text).url)

    reason = "The participants’ shares of gains must add up to 100% (now 90%). “Share equally” fills them in."
    assert outcomes(response) == [
        (2, "refused", "Safe Roads: MCSS", reason),
        (3, "refused", "Safe Roads: MOH", reason),
    ]
    response = coordinating.post(response.request["PATH_INFO"], {"good_rows_only": "on"})
    assert not Partnership.objects.exists()


def test_rows_are_refused_with_how_to_fix_them(coordinating, ministry, other_ministry, third_ministry):
    text = HEADER + (
        "Roads,Crashes.,Fewer deaths.,,,MCSS,participant,lead,50,50,\n"
        "Roads,,,,,ATLANTIS,participant,supporting,50,50,\n"
        ",Crashes.,Fewer deaths.,,,MCSS,participant,lead,50,50,\n"
        "Bridges,Crashes.,Fewer deaths.,2025-01-01,2024-01-01,MCSS,participant,lead,50,50,\n"
        "Bridges,,,,,MOH,participant,supporting,50,50,\n"
        "Tunnels,Dark.,Light.,,,MCSS,participant,lead,50,50,\n"
        "Tunnels,Other.,,,,MOH,participant,supporting,50,50,\n"
        "Ferries,Waves.,Calm.,,,MOH,participant,lead,50,50,\n"
        "Ferries,,,,,EDU,participant,supporting,50,50,\n"
        "Trains,Slow.,Fast.,,,MCSS,participant,lead,abc,50,\n"
        "Trains,,,,,MOH,funder,,²,0,\n"
    )

    response = coordinating.get(upload(coordinating, ministry, text).url)

    other = "Another line of this partnership is refused. Correct it first."
    assert outcomes(response) == [
        (2, "refused", "Roads: MCSS", other),
        (
            3,
            "refused",
            "Roads: ATLANTIS",
            "No organisation has the short name “ATLANTIS”. Write the short name shown on its page, "
            "or import the organisation first.",
        ),
        (4, "refused", ": MCSS", "The partnership's name is empty. Write it on every line of the partnership."),
        (5, "refused", "Bridges: MCSS", "end_date: The end date must come after the start date."),
        (6, "refused", "Bridges: MOH", "end_date: The end date must come after the start date."),
        (7, "refused", "Tunnels: MCSS", other),
        (
            8,
            "refused",
            "Tunnels: MOH",
            "“problem” differs from the partnership's first line (line 7). "
            "Write it once, on the first line, or the same on every line.",
        ),
        (
            9,
            "refused",
            "Ferries: MOH",
            "Your own organisation must take part as a participant, or you could not run the partnership.",
        ),
        (
            10,
            "refused",
            "Ferries: EDU",
            "Your own organisation must take part as a participant, or you could not run the partnership.",
        ),
        (11, "refused", "Trains: MCSS", "gain_share: Enter a number."),
        (12, "refused", "Trains: MOH", "gain_share: Enter a number."),
    ]


def test_an_existing_partnership_is_never_changed_by_one_partners_file(
    client_for, partner_coordinator, ministry, other_ministry, partnership
):
    # The partnership is led by MCSS with MOH, shares 50/50; MOH's coordinator gives MOH the lead and 90 %.
    text = HEADER + (
        f"{partnership.title},,,,,MOH,participant,lead,90,90,\n"
        f"{partnership.title},,,,,MCSS,participant,supporting,10,10,\n"
    )
    client = client_for(partner_coordinator)

    response = client.get(upload(client, other_ministry, text).url)

    reason = (
        "This partnership already exists with other parties or shares. Partners change these together: "
        "propose the change on the partnership's page."
    )
    assert [o[1:] for o in outcomes(response)] == [
        ("refused", f"{partnership.title}: MOH", reason),
        ("refused", f"{partnership.title}: MCSS", reason),
    ]
    client.post(response.request["PATH_INFO"], {"good_rows_only": "on"})
    assert sorted(partnership.participations.values_list("role", "gain_share")) == [
        ("lead", Decimal("50")),
        ("supporting", Decimal("50")),
    ]


def test_a_partnership_of_other_organisations_with_the_same_name_is_another_one(
    coordinating, ministry, other_ministry, outsider_ministry, third_ministry
):
    theirs = make_partnership([outsider_ministry, third_ministry], title="Safe Roads")

    coordinating.post(upload(coordinating, ministry, GOOD).url, {})

    assert Partnership.objects.filter(title="Safe Roads").count() == 2
    assert sorted(theirs.participations.values_list("ministry__short_name", flat=True)) == ["EDU", "MTOUR"]


def test_only_coordinators_import_partnerships_and_only_their_own(
    client_for, administrator, coordinator, partner_coordinator, ministry, other_ministry, third_ministry
):
    admin = client_for(administrator)
    page = admin.get(reverse("imports:new")).content.decode()
    assert "Partnerships with their parties" not in page
    assert admin.get(reverse("imports:template", args=["partnerships", "csv"])).status_code == 404
    refused = upload(admin, ministry, GOOD)
    assert "kind" in refused.context["form"].errors

    # The coordinator is also an administrator elsewhere: units there, partnerships here, not the other way round.
    MembershipFactory(user=coordinator, ministry=third_ministry, role=Role.ADMINISTRATOR)
    coordinating = client_for(coordinator)
    response = upload(coordinating, other_ministry, GOOD)
    assert "ministry" in response.context["form"].errors
    assert "kind" in upload(coordinating, third_ministry, GOOD).context["form"].errors
    response = upload(coordinating, ministry, "name,kind,part_of,name_fr,name_he\nNorth,region,,,\n", kind="units")
    assert response.context["form"].errors["kind"] == [
        "Only the administrators of Ministry of Community and Social Services import its units and people. "
        "Choose your own organisation."
    ]
    assert not ImportRun.objects.exists()

    url = upload(coordinating, ministry, GOOD).url
    # Another coordinator, even of a partner, never sees it.
    assert client_for(partner_coordinator).get(url).status_code == 404
    assert client_for(administrator).get(url).status_code == 404


def test_the_partnerships_template_downloads_for_a_coordinator(coordinating):
    response = coordinating.get(reverse("imports:template", args=["partnerships", "csv"]))

    assert response.content.decode("utf-8-sig").splitlines()[0] == HEADER.strip()

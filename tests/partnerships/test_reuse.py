"""Starting a new partnership from an existing one: the steps come filled in, and the charter text,
the indicators and the answers' text are copied; people, dates, signatures and results are not."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Point, PointAnswer
from charters.models import CharterVersion
from charters.services import charter_save, charter_send_for_signature, charter_sign
from ministries.models import Role
from partnerships.models import Partnership, StandingTeam
from partnerships.services import partnership_create
from results.models import Indicator
from results.services import indicator_create, measurement_save
from tests.factories import person

CHARTER = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "procedural_lead": "Amina Haddad",
    "head_figure": "Daniel Okafor",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
}


@pytest.fixture
def source(ministry, other_ministry, coordinator, executive):
    """A partnership at work: a signed charter, an indicator with a figure, an answered point."""
    focal = person(other_ministry, Role.COORDINATOR)
    partnership = partnership_create(
        created_by=coordinator,
        fields={
            "title": "Integrated services",
            "problem": "Families fall between programs.",
            "public_value": "One door for families.",
            "structure_type": "creative",
            "start_date": date(2025, 1, 1),
            "end_date": date(2027, 12, 31),
        },
        regions=[],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": 60, "risk_share": 70, "focal_person": coordinator},
            {
                "ministry": other_ministry,
                "role": "supporting",
                "gain_share": 40,
                "risk_share": 30,
                "focal_person": focal,
                "holds_knowledge": True,
                "contributes": "Nurses",
            },
        ],
    )
    draft = partnership.charter_versions.get()
    charter_save(version=draft, by=coordinator, expected_revision=1, fields=CHARTER, assignments=[], milestones=[])
    charter_send_for_signature(version=draft, by=coordinator)
    charter_sign(version=draft, ministry=ministry, by=executive)
    charter_sign(version=draft, ministry=other_ministry, by=person(other_ministry, Role.EXECUTIVE))
    indicator = indicator_create(
        partnership=partnership,
        by=coordinator,
        fields={
            "name": "Families served",
            "definition": "Families with a shared case plan.",
            "unit": Indicator.Unit.NUMBER,
            "baseline": Decimal("10"),
            "target": Decimal("100"),
            "target_date": date(2027, 6, 30),
            "frequency": Indicator.Frequency.MONTHLY,
            "owner_ministry": other_ministry,
        },
    )
    measurement_save(
        indicator=indicator,
        by=coordinator,
        ministry=other_ministry,
        field_unit=None,
        day=date(2026, 1, 15),
        value=Decimal("5"),
    )
    PointAnswer.objects.filter(partnership=partnership, point=Point.objects.get(number=1)).update(
        answer="Families wait months between programs.",
        status=PointAnswer.Status.ADDRESSED,
        owner=coordinator,
    )
    return partnership


def walk_the_steps(client, title):
    """Go through the three steps as the pages post them, changing only the title."""
    for step in ("need", "partners", "setup"):
        url = reverse("partnerships:create", args=[step])
        data = client.get(url).context["form"].data.copy()
        if step == "need":
            data["title"] = title
        response = client.post(url, data)
    return response


def test_partnership_reuse_opens_the_steps_filled_in_from_the_source(client_for, coordinator, source):
    client = client_for(coordinator)

    response = client.post(reverse("partnerships:reuse", args=[source.pk]))

    assert response.status_code == 302
    assert response.url == reverse("partnerships:create", args=["need"])
    need = client.get(response.url)
    assert need.context["form"]["title"].value() == "Integrated services"
    assert "You start from “Integrated services”" in need.content.decode()
    partners = client.get(reverse("partnerships:create", args=["partners"])).context["form"]
    assert [
        (f["ministry"].value(), f["role"].value(), f["gain_share"].value(), f["focal_person"].value())
        for f in partners.forms
    ] == [
        (str(source.lead.ministry.pk), "lead", "60.00", ""),
        (str(source.participants[1].ministry.pk), "supporting", "40.00", ""),
    ]
    setup = client.get(reverse("partnerships:create", args=["setup"])).context["form"]
    assert (setup["structure_type"].value(), setup["start_date"].value(), setup["end_date"].value()) == (
        "creative",
        None,
        None,
    )


def test_partnership_reuse_through_the_steps_copies_charter_text_and_indicators_but_no_people(
    client_for, coordinator, source, ministry, other_ministry
):
    client = client_for(coordinator)
    client.post(reverse("partnerships:reuse", args=[source.pk]))

    response = walk_the_steps(client, "Integrated services, north")

    copy = Partnership.objects.get(title="Integrated services, north")
    assert response.url == copy.get_absolute_url()
    assert copy.copied_from == source
    assert (copy.start_date, copy.end_date) == (None, None)
    assert [
        (p.ministry, p.role, p.gain_share, p.holds_knowledge, p.contributes, p.focal_person) for p in copy.participants
    ] == [
        (ministry, "lead", Decimal("60.00"), False, "", None),
        (other_ministry, "supporting", Decimal("40.00"), True, "Nurses", None),
    ]
    charter = copy.charter_versions.get()
    assert (charter.status, charter.shared_vision, charter.goals, charter.decision_protocol) == (
        CharterVersion.Status.DRAFT,
        "One door for families.",
        "A single intake in four offices.",
        "Consensus.",
    )
    assert (charter.procedural_lead, charter.head_figure) == ("", "")
    assert not charter.signatures.exists()
    assert list(
        copy.indicators.values_list("name", "unit", "baseline", "target", "target_date", "frequency", "owner_ministry")
    ) == [("Families served", "number", Decimal("10.00"), Decimal("100.00"), None, 1, other_ministry.pk)]
    assert not copy.indicators.get().measurements.exists()
    answers = list(copy.point_answers.exclude(answer="").values_list("point__number", "answer", "status", "owner"))
    assert answers == [(1, "Families wait months between programs.", "not_started", None)]
    assert copy.point_answers.count() == 15


def test_partnership_reuse_count_shows_on_the_source(client_for, coordinator, source):
    client = client_for(coordinator)
    client.post(reverse("partnerships:reuse", args=[source.pk]))
    walk_the_steps(client, "Integrated services, north")
    copy = Partnership.objects.get(title="Integrated services, north")

    source_page = client.get(source.get_absolute_url())
    copy_page = client.get(copy.get_absolute_url()).content.decode()

    assert source_page.context["reused_count"] == 1
    assert "Reused 1 time" in source_page.content.decode()
    assert "Started from" in copy_page
    assert source.get_absolute_url() in copy_page


def test_partnership_reuse_by_someone_who_cannot_see_the_source_is_404(client_for, outsider, source):
    response = client_for(outsider).post(reverse("partnerships:reuse", args=[source.pk]))

    assert response.status_code == 404
    assert "new_partnership" not in client_for(outsider).session


def test_partnership_reuse_by_someone_who_may_not_create_partnerships_is_forbidden(client_for, field_officer, source):
    page = client_for(field_officer).get(source.get_absolute_url()).content.decode()
    response = client_for(field_officer).post(reverse("partnerships:reuse", args=[source.pk]))

    assert "Start a new partnership from this one" not in page
    assert response.status_code == 403


def test_partnership_started_from_scratch_records_no_source(client_for, coordinator, source):
    client = client_for(coordinator)
    client.post(reverse("partnerships:reuse", args=[source.pk]))
    session = client.session
    session["new_partnership"].pop("source")
    session.save()

    walk_the_steps(client, "Something else")

    assert Partnership.objects.get(title="Something else").copied_from is None
    assert Indicator.objects.filter(partnership__title="Something else").count() == 0


def test_partnership_copy_does_not_name_a_source_the_person_cannot_see(
    client_for, other_ministry, outsider_ministry, source
):
    copy = partnership_create(
        created_by=None,
        fields={"title": "Elsewhere", "problem": "P", "public_value": "V"},
        regions=[],
        participations=[
            {"ministry": other_ministry, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": outsider_ministry, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
        source=source,
    )

    response = client_for(person(outsider_ministry, Role.COORDINATOR)).get(copy.get_absolute_url())

    assert response.context["copied_from"] is None
    assert "Started from" not in response.content.decode()
    assert source.get_absolute_url() not in response.content.decode()


def test_partnership_reuse_copies_the_teams_without_members_or_terms_and_the_kind_for_gates(
    client_for, coordinator, source, ministry, other_ministry
):
    team = StandingTeam.objects.create(
        partnership=source,
        kind=StandingTeam.Kind.STEERING_COMMITTEE,
        name="Intake committee",
        remit="Agrees the shared intake.",
        starts_on=date(2025, 1, 1),
    )
    team.organisations.set([ministry, other_ministry])
    team.members.set([coordinator])
    Partnership.objects.filter(pk=source.pk).update(has_no_money=True)
    client = client_for(coordinator)
    client.post(reverse("partnerships:reuse", args=[source.pk]))

    walk_the_steps(client, "Integrated services, east")

    copy = Partnership.objects.get(title="Integrated services, east")
    copied = copy.teams.get()
    assert (copied.kind, copied.name, copied.remit, copied.starts_on) == (
        "steering_committee",
        "Intake committee",
        "Agrees the shared intake.",
        None,
    )
    assert set(copied.organisations.all()) == {ministry, other_ministry}
    assert not copied.members.exists()
    assert copy.has_no_money is True

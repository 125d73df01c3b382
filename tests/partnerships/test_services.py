from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from charters.models import CharterRevision, CharterVersion
from ministries.models import Region
from partnerships.models import Partnership
from partnerships.services import partnership_create
from tests.builders import make_partnership

# Creating a partnership


def test_partnership_create_saves_participations_and_a_first_draft_charter(
    coordinator, ministry, other_ministry, third_ministry
):
    north = Region.objects.create(name="Northern Ontario", jurisdiction=ministry.jurisdiction)

    partnership = partnership_create(
        created_by=coordinator,
        fields={"title": "Children first", "problem": "Families wait.", "public_value": "One door."},
        regions=[north],
        participations=[
            {"ministry": ministry, "role": "lead", "gain_share": Decimal("50"), "risk_share": Decimal("40")},
            {"ministry": other_ministry, "role": "supporting", "gain_share": Decimal("25"), "risk_share": 30},
            {"ministry": third_ministry, "role": "supporting", "gain_share": Decimal("25"), "risk_share": 30},
        ],
    )

    partnership.refresh_from_db()
    assert (partnership.title, partnership.created_by, list(partnership.regions.all())) == (
        "Children first",
        coordinator,
        [north],
    )
    assert list(partnership.participations.values_list("ministry__short_name", "role", "gain_share", "risk_share")) == [
        ("MCSS", "lead", Decimal("50"), Decimal("40")),
        ("EDU", "supporting", Decimal("25"), Decimal("30")),
        ("MOH", "supporting", Decimal("25"), Decimal("30")),
    ]
    version = partnership.charter_versions.get()
    assert (version.number, version.status, version.revision, version.shared_vision, version.created_by) == (
        1,
        CharterVersion.Status.DRAFT,
        1,
        "One door.",
        coordinator,
    )
    revision = CharterRevision.objects.get(version__partnership=partnership)
    assert (revision.version, revision.revision, revision.saved_by) == (version, 1, coordinator)
    assert revision.content == version.snapshot()


def test_partnership_create_with_an_end_before_the_start_saves_nothing(ministry, other_ministry):
    with pytest.raises(ValidationError) as error:
        make_partnership(
            [ministry, other_ministry],
            title="Integrated services",
            public_value="One door for families.",
            start_date=date(2025, 6, 1),
            end_date=date(2025, 1, 1),
        )

    assert error.value.message_dict == {"end_date": ["The end date must come after the start date."]}
    assert Partnership.objects.count() == 0

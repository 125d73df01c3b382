from datetime import date
from decimal import Decimal

import pytest

from budgets import services
from budgets.models import Budget
from ministries.models import Role
from partnerships import services as partnership_services
from tests.factories import FieldUnitFactory, MembershipFactory, person


def make_partnership(ministries, title="Integrated services for children", **fields):
    """Led by the first ministry; gains and risks shared equally, the lead taking the rounding."""
    share = (Decimal("100") / len(ministries)).quantize(Decimal("0.01"))
    shares = [Decimal("100") - share * (len(ministries) - 1)] + [share] * (len(ministries) - 1)
    return partnership_services.partnership_create(
        created_by=None,
        fields={"title": title, "problem": "Families fall between programs.", "public_value": "One door.", **fields},
        regions=[],
        participations=[
            {"ministry": m, "role": "lead" if i == 0 else "supporting", "gain_share": s, "risk_share": s}
            for i, (m, s) in enumerate(zip(ministries, shares, strict=True))
        ],
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partnership(ministry, other_ministry):
    """Led by MCSS with MOH, from 1 April 2026 to 31 March 2029: fiscal years 2026–27 to 2028–29."""
    return make_partnership([ministry, other_ministry], start_date=date(2026, 4, 1), end_date=date(2029, 3, 31))


def budget_fields(**changes):
    return {
        "currency": "CAD",
        "fiscal_year_start_month": 4,
        "first_year": 2026,
        "last_year": 2028,
        "managed_by": Budget.ManagedBy.LEAD,
        "field_units_may_record": False,
        **changes,
    }


def make_budget(partnership, *, committee=(), **changes):
    from budgets.permissions import load_budget
    from partnerships.models import Partnership

    services.budget_create(partnership=partnership, by=None, fields=budget_fields(**changes), committee=committee)
    fresh = Partnership.objects.with_participants().get(pk=partnership.pk)
    return load_budget(fresh)


@pytest.fixture
def budget(partnership):
    return make_budget(partnership)


@pytest.fixture
def committee_budget(partnership, ministry, other_ministry):
    return make_budget(partnership, managed_by=Budget.ManagedBy.COMMITTEE, committee=[ministry, other_ministry])


@pytest.fixture
def other_coordinator(other_ministry):
    return person(other_ministry, Role.COORDINATOR, user__username="other.coordinator")


@pytest.fixture
def other_executive(other_ministry):
    return person(other_ministry, Role.EXECUTIVE, user__username="other.executive")


@pytest.fixture
def unit(ministry):
    return FieldUnitFactory(ministry=ministry, name="Thunder Bay Office")


@pytest.fixture
def unit_officer(ministry, unit):
    """Field staff of the lead ministry, posted to the Thunder Bay office."""
    return MembershipFactory(
        ministry=ministry, role=Role.FIELD_STAFF, field_unit=unit, user__username="thunder.bay"
    ).user


def pledge(budget, ministry, year, pledged, committed=None):
    services.contributions_save(
        budget=budget,
        by=None,
        amounts={(ministry.pk, year): (Decimal(pledged), Decimal(pledged if committed is None else committed))},
    )


def spend(budget, ministry, amount, day=date(2026, 6, 1), **kwargs):
    return services.expenditure_record(
        budget=budget,
        by=kwargs.pop("by", None),
        date=day,
        category="services",
        amount=Decimal(amount),
        ministry=ministry,
        description=kwargs.pop("description", "Consultants"),
        **kwargs,
    )

from datetime import date

import pytest

from budgets.models import Budget
from tests.builders import make_budget, make_partnership


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partnership(ministry, other_ministry):
    """Led by MCSS with MOH, from 1 April 2026 to 31 March 2029: fiscal years 2026–27 to 2028–29."""
    return make_partnership([ministry, other_ministry], start_date=date(2026, 4, 1), end_date=date(2029, 3, 31))


@pytest.fixture
def budget(partnership):
    return make_budget(partnership)


@pytest.fixture
def committee_budget(partnership, ministry, other_ministry):
    return make_budget(partnership, managed_by=Budget.ManagedBy.COMMITTEE, committee=[ministry, other_ministry])

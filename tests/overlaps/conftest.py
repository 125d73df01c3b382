import pytest

from tests.builders import make_partnership
from tests.factories import IndicatorFactory, RegionFactory

NORTH_CHILDREN = {
    "problem": "Young children in the north wait months for a mental health assessment.",
    "public_value": "One intake for early childhood mental health, close to home.",
    "target_audience": "Families with young children in Northern Ontario",
}
# The same service, in other words, run by other ministries.
NORTH_CHILDREN_AGAIN = {
    "problem": "Young children in northern towns wait many months for a mental health assessment.",
    "public_value": "A single intake for childhood mental health, close to home.",
    "target_audience": "Families with young children in Northern Ontario",
}
ROAD_SALT = {
    "problem": "Winter road salt damages rivers and drinking water wells.",
    "public_value": "Cleaner rivers with safe roads.",
    "target_audience": "Municipal road crews",
}


@pytest.fixture
def regions(db):
    return [RegionFactory(name="Northern Ontario"), RegionFactory(name="Kenora"), RegionFactory(name="Toronto")]


def alike(ministries, title, fields, regions, indicator="Families assessed within 30 days"):
    partnership = make_partnership(ministries, title=title, **fields)
    partnership.regions.set(regions)
    if indicator:
        IndicatorFactory(partnership=partnership, name=indicator, owner_ministry=ministries[0])
    return partnership


@pytest.fixture
def ours(ministry, other_ministry, regions):
    """Seen by the personas' ministry (MCSS, with MOH)."""
    return alike([ministry, other_ministry], "Early minds north", NORTH_CHILDREN, regions[:2])


@pytest.fixture
def theirs(outsider_ministry, third_ministry, regions):
    """The same service run by MTOUR and EDU: the personas of MCSS do not see it."""
    return alike([outsider_ministry, third_ministry], "Child mental health north", NORTH_CHILDREN_AGAIN, regions)


@pytest.fixture
def salt(ministry, third_ministry, regions):
    """Seen by MCSS, nothing like the others."""
    return alike([ministry, third_ministry], "Road salt", ROAD_SALT, regions[:1], indicator="Tonnes of salt")

import pytest

from tests.builders import NORTH_CHILDREN, NORTH_CHILDREN_AGAIN, ROAD_SALT, make_alike_partnership
from tests.factories import RegionFactory


@pytest.fixture
def regions(db):
    return [RegionFactory(name="Northern Ontario"), RegionFactory(name="Kenora"), RegionFactory(name="Toronto")]


@pytest.fixture
def ours(ministry, other_ministry, regions):
    """Seen by the personas' ministry (MCSS, with MOH)."""
    return make_alike_partnership([ministry, other_ministry], "Early minds north", NORTH_CHILDREN, regions[:2])


@pytest.fixture
def theirs(outsider_ministry, third_ministry, regions):
    """The same service run by MTOUR and EDU: the personas of MCSS do not see it."""
    return make_alike_partnership(
        [outsider_ministry, third_ministry], "Child mental health north", NORTH_CHILDREN_AGAIN, regions
    )


@pytest.fixture
def salt(ministry, third_ministry, regions):
    """Seen by MCSS, nothing like the others."""
    return make_alike_partnership(
        [ministry, third_ministry], "Road salt", ROAD_SALT, regions[:1], indicator="Tonnes of salt"
    )

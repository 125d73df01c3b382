import pytest

from tests.partnerships.test_views import make_partnership


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])

import pytest

from config.celery import app
from ministries.models import Role
from tests.factories import person
from tests.partnerships.test_views import make_partnership


@pytest.fixture
def eager_celery():
    """Run tasks in the test's own thread when they are enqueued (the worker tests use a real worker)."""
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def partner_coordinator(other_ministry):
    """A coordinator of the other participating ministry."""
    return person(other_ministry, Role.COORDINATOR, user__username="partner")

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from config.celery import app
from ministries.models import Role
from tests.builders import make_partnership, signed_in
from tests.factories import FieldUnitFactory, MembershipFactory, MinistryFactory, UserFactory, person


@pytest.fixture
def ministry(db):
    return MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")


@pytest.fixture
def other_ministry(db):
    return MinistryFactory(name="Ministry of Health", short_name="MOH")


@pytest.fixture
def outsider_ministry(db):
    return MinistryFactory(name="Ministry of Tourism", short_name="MTOUR")


@pytest.fixture
def third_ministry(db):
    return MinistryFactory(name="Ministry of Education", short_name="EDU")


@pytest.fixture
def unit(ministry):
    return FieldUnitFactory(ministry=ministry, name="Thunder Bay Office")


@pytest.fixture
def coordinator(ministry):
    return person(ministry, Role.COORDINATOR, user__username="coordinator")


@pytest.fixture
def executive(ministry):
    return person(ministry, Role.EXECUTIVE, user__username="executive")


@pytest.fixture
def field_officer(ministry):
    return person(ministry, Role.FIELD_STAFF, user__username="field")


@pytest.fixture
def evaluator(ministry):
    return person(ministry, Role.EVALUATOR, user__username="evaluator")


@pytest.fixture
def administrator(ministry):
    return person(ministry, Role.ADMINISTRATOR, user__username="admin", user__is_staff=True)


@pytest.fixture
def outsider(outsider_ministry):
    """Someone from a ministry that takes part in nothing the tests look at."""
    return person(outsider_ministry, Role.COORDINATOR, user__username="outsider")


@pytest.fixture
def partner_coordinator(other_ministry):
    """A coordinator of the other participating ministry."""
    return person(other_ministry, Role.COORDINATOR, user__username="partner")


@pytest.fixture
def other_coordinator(other_ministry):
    return person(other_ministry, Role.COORDINATOR, user__username="other.coordinator")


@pytest.fixture
def other_executive(other_ministry):
    return person(other_ministry, Role.EXECUTIVE, user__username="other.executive")


@pytest.fixture
def unit_officer(ministry, unit):
    """Field staff of the lead ministry, posted to the Thunder Bay office."""
    return MembershipFactory(
        ministry=ministry, role=Role.FIELD_STAFF, field_unit=unit, user__username="thunder.bay"
    ).user


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="newcomer")


@pytest.fixture
def partnership(ministry, other_ministry):
    """Led by MCSS with MOH, shares equal, a first charter draft; modules that need another one define their own."""
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a scan, then what it enqueued "after commit", as a real commit would (each test runs in a transaction)."""

    def run_scan(scan, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return scan(**kwargs)

    return run_scan


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns the test client signed in as that user."""

    def sign_in(user):
        return signed_in(client, user)

    return sign_in


@pytest.fixture
def eager_celery():
    """Run tasks in the test's own thread when they are enqueued (the worker tests use a real worker)."""
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.2 s a password; tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_to_start_with():
    # A request as a French or Hebrew reader leaves that language active in the test's thread
    # (the middleware activates it per request and nothing resets it): start every test in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached page fragments (the filter fields) must not carry over from one test to the next.
    cache.clear()

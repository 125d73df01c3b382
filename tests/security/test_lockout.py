"""The sign-in lockout cannot be turned against a victim: it pauses a username from one address only.

Behind a reverse proxy every request comes from the proxy's address: a lockout by username and
that address was a lockout by username, and anyone could lock any named executive out for an hour.
"""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from accounts.lockout import pause_for
from common.addresses import client_address
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"
STRANGER = "198.51.100.7"
VICTIM = "203.0.113.9"


@pytest.fixture
def executive_x(db):
    return UserFactory(username="xavier")


def sign_in(client, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "xavier", "password": password}, **extra)


def fail_until_paused(client, settings, **where):
    for _ in range(settings.INTERLOCK_LOGIN_FAILURES):
        sign_in(client, "a-wrong-guess", **where)


def test_failures_through_the_proxy_from_one_client_do_not_lock_out_another(client, settings, executive_x):
    settings.INTERLOCK_TRUSTED_PROXIES = [PROXY]
    fail_until_paused(client, settings, remote=PROXY, forwarded=STRANGER)

    stranger = sign_in(client, PASSWORD, remote=PROXY, forwarded=STRANGER)
    victim = sign_in(client, PASSWORD, remote=PROXY, forwarded=VICTIM)

    assert stranger.status_code == 429
    assert "Try again in 1 minute." in stranger.content.decode()
    assert (victim.status_code, victim["Location"]) == (302, reverse("dashboards:home"))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]


def test_a_proxy_chain_is_read_from_our_side(client, settings, executive_x):
    # The stranger writes the victim's address into the header; our proxy appends the stranger's own.
    settings.INTERLOCK_TRUSTED_PROXIES = ["10.0.0.0/24"]
    fail_until_paused(client, settings, remote=PROXY, forwarded=f"{VICTIM}, {STRANGER}, 10.0.0.9")

    victim = sign_in(client, PASSWORD, remote=PROXY, forwarded=VICTIM)

    assert victim.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]


def test_a_forwarded_header_is_ignored_without_a_trusted_proxy(client, settings, executive_x):
    # Each try names a different client; without a trusted proxy the header is not believed,
    # so the tries all count against the stranger's own address and cannot reach the victim's.
    settings.INTERLOCK_TRUSTED_PROXIES = []
    for number in range(settings.INTERLOCK_LOGIN_FAILURES):
        sign_in(client, "a-wrong-guess", remote=STRANGER, forwarded=f"192.0.2.{number}")

    stranger = sign_in(client, PASSWORD, remote=STRANGER, forwarded="192.0.2.99")
    victim = sign_in(client, PASSWORD, remote=VICTIM, forwarded=STRANGER)

    assert stranger.status_code == 429
    assert victim.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [(STRANGER, 5)]


def _age_attempts(seconds):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_the_pause_is_short_and_doubles_with_each_further_failure(client, settings, executive_x):
    fail_until_paused(client, settings, remote=STRANGER)
    assert sign_in(client, PASSWORD, remote=STRANGER).status_code == 429

    _age_attempts(61)
    # The pause is over: a failure is counted again, and pauses for twice as long.
    assert sign_in(client, "a-wrong-guess", remote=STRANGER).status_code == 429
    _age_attempts(61)
    assert sign_in(client, PASSWORD, remote=STRANGER).status_code == 429
    _age_attempts(60)
    response = sign_in(client, PASSWORD, remote=STRANGER)

    assert response.status_code == 302
    # Signing in forgets the failures of that username from that address.
    assert AccessAttempt.objects.count() == 0


def test_tries_made_while_paused_do_not_lengthen_the_pause(client, settings, executive_x):
    fail_until_paused(client, settings, remote=STRANGER)
    for _ in range(5):
        sign_in(client, "a-wrong-guess", remote=STRANGER)

    assert list(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == [5]
    _age_attempts(61)
    assert sign_in(client, PASSWORD, remote=STRANGER).status_code == 302


def test_failures_are_forgotten_after_a_quiet_day(client, settings, executive_x):
    for _ in range(settings.INTERLOCK_LOGIN_FAILURES - 1):
        sign_in(client, "a-wrong-guess", remote=STRANGER)
    _age_attempts(24 * 3600)

    assert sign_in(client, "a-wrong-guess", remote=STRANGER).status_code == 200
    assert list(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == [1]


def test_the_pause_is_capped(settings):
    settings.INTERLOCK_LOGIN_FAILURES = 5
    settings.INTERLOCK_LOGIN_COOLOFF_SECONDS = 60
    settings.INTERLOCK_LOGIN_COOLOFF_MAX_SECONDS = 900

    assert [pause_for(n).total_seconds() for n in (4, 5, 6, 7, 8, 9, 10_000)] == [0, 60, 120, 240, 480, 900, 900]


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        (STRANGER, VICTIM, [], STRANGER),
        (PROXY, VICTIM, [], PROXY),
        (PROXY, f"{VICTIM}, {STRANGER}", [PROXY], STRANGER),
        (PROXY, f"{STRANGER}, 10.0.0.7", ["10.0.0.0/8"], STRANGER),
        (PROXY, "10.0.0.8, 10.0.0.7", ["10.0.0.0/8"], "10.0.0.8"),
        (PROXY, f"not-an-address, {STRANGER}", [PROXY], STRANGER),
        (PROXY, "not-an-address", [PROXY], PROXY),
        (PROXY, "", [PROXY], PROXY),
        ("2001:db8::1", "2001:db8:ffff::9", ["2001:db8::/64"], "2001:db8:ffff::9"),
        ("", "", [], None),
    ],
)
def test_client_address(settings, remote, forwarded, trusted, expected):
    settings.INTERLOCK_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "TRUSTED_PROXIES": "10.0.0.1,the-proxy"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 1
    assert "TRUSTED_PROXIES: 'the-proxy' is not an address or a network." in result.stderr

"""A second beat started by mistake sends nothing: only the holder of the beat lease starts the scans."""

import json
import os
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from notifications.beat import LEASE, lease_release, lease_take
from notifications.models import SchedulerLease

ROOT = Path(__file__).resolve().parents[2]


def test_the_lease_has_one_holder_at_a_time(db):
    assert lease_take(name=LEASE, holder="a", seconds=60) is True
    assert lease_take(name=LEASE, holder="b", seconds=60) is False
    # Renewing is taking it again.
    assert lease_take(name=LEASE, holder="a", seconds=60) is True
    assert list(SchedulerLease.objects.values_list("holder", flat=True)) == ["a"]


def test_a_lapsed_lease_goes_to_the_next_beat(db):
    lease_take(name=LEASE, holder="a", seconds=60)
    SchedulerLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert lease_take(name=LEASE, holder="b", seconds=60) is True
    assert lease_take(name=LEASE, holder="a", seconds=60) is False


def test_a_lease_given_back_goes_to_the_next_beat_at_once(db):
    lease_take(name=LEASE, holder="a", seconds=60)
    lease_release(name=LEASE, holder="b")  # not b's to give
    assert lease_take(name=LEASE, holder="b", seconds=60) is False

    lease_release(name=LEASE, holder="a")

    assert lease_take(name=LEASE, holder="b", seconds=60) is True


def start_beat(tmp_path, name):
    """A real `celery beat` on the test database, sending to a broker in files under tmp_path."""
    database = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        CELERY_BROKER_URL="filesystem://",
        INTERLOCK_VAR_DIR=str(tmp_path / "var"),
        SCAN_EVERY_SECONDS="1",
        BEAT_LEASE_SECONDS="6",
    )
    output = (tmp_path / f"{name}.log").open("w")
    schedule = str(tmp_path / f"{name}-schedule")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "celery"), "-A", "config", "beat", "--loglevel", "INFO", "--schedule", schedule],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = tmp_path / f"{name}.log"
    return process


def wait_for_log(process, text, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = process.log.read_text()
        if text in log:
            return log
        assert process.poll() is None, log
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in {process.log.read_text()}")


def senders(tmp_path):
    """The process ids that sent each message now waiting in the file broker."""
    found = []
    for path in (tmp_path / "var" / "broker" / "out").glob("*.msg"):
        origin = json.loads(path.read_text())["headers"]["origin"]  # "gen<pid>@<host>"
        found.append(int(origin.split("@")[0].removeprefix("gen")))
    return found


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.django_db(transaction=True)  # the beats' own connections must see the table and each other
def test_a_second_beat_stands_by_and_takes_over_when_the_first_stops(tmp_path):
    first = start_beat(tmp_path, "first")
    second = None
    try:
        wait_for_log(first, "holds the beat lease")
        second = start_beat(tmp_path, "second")
        wait_for_log(second, "is standing by: another beat holds the lease")
        time.sleep(3)  # three more rounds of every-second scans
        before = senders(tmp_path)

        stop(first)  # it gives the lease back as it stops
        wait_for_log(second, "holds the beat lease", seconds=30)
        time.sleep(2)
        after = senders(tmp_path)
    finally:
        stop(first)
        if second is not None:
            stop(second)

    assert before
    assert set(before) == {first.pid}
    assert set(after) - set(before) == {second.pid}
    # The second gives it back as it stops too; under a heavy load its stop may be cut short, and then
    # the lease only lapses (BEAT_LEASE_SECONDS): either way no one else holds it.
    assert all(f":{second.pid}:" in holder for holder in SchedulerLease.objects.values_list("holder", flat=True))

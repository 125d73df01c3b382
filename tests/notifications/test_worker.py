"""A real Celery worker against the test Redis: reminders are delivered exactly once.

The worker runs in a thread of this process, so it sees these tests' settings; it needs
committed rows, hence transactional_db.
"""

import logging
import os
import smtplib
import socket
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from assessments import reminders as assessments_reminders
from config.celery import app
from notifications import services
from notifications.models import Notification, Reminder
from notifications.tasks import send_reminder
from partnerships.models import Partnership

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
        reason="needs the Redis broker that bin/test starts",
    ),
]


@contextmanager
def running_worker():
    from django.db import connections

    # Celery closes a task's connection after it runs only when it is obsolete: make it so, or the
    # worker threads' connections outlive the test and block dropping the test database.
    database = connections.settings["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = 0
    try:
        with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        database["CONN_MAX_AGE"] = max_age


@pytest.fixture
def worker(settings):
    settings.INTERLOCK_REMINDER_RETRY_SECONDS = 0
    with running_worker():
        yield


@contextmanager
def broker_away():
    """The Redis broker unreachable: the app publishes to a local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    # The write URL, because CELERY_BROKER_URL in the environment wins over the app's broker_url.
    drop_producer_connections()
    app.conf.broker_write_url = f"redis://127.0.0.1:{closed_port}/0"
    try:
        yield
    finally:
        drop_producer_connections()
        app.conf.broker_write_url = None


def drop_producer_connections():
    """Make the next publish connect to the broker URL in force now.

    Celery keeps the producer pool it made on first use; it lets go of it the same way in a forked
    child (Celery._after_fork). The next publish asks kombu's registry of pools for the pool of
    the URL in force: a new one for the closed port, the first one again for the real broker.
    """
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def all_sent():
    return not Reminder.objects.unsent().exists()


class FlakyBackend(EmailBackend):
    """An SMTP server that drops the first two connections, then accepts."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_scan_run_twice_delivers_each_reminder_once(worker, partnership, coordinator, partner_coordinator):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=5))

    assessments_reminders.scan_reviews()
    assessments_reminders.scan_reviews()
    assert wait_for(lambda: Reminder.objects.count() == 2 and all_sent())
    time.sleep(1)  # anything sent twice would show up by now

    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["coordinator", "partner"]
    assert sorted(m.to[0] for m in mail.outbox) == [coordinator.email, partner_coordinator.email]


def test_the_same_send_delivered_twice_sends_once(worker, partnership, coordinator):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=5))
    assessments_reminders.scan_reviews()
    reminder = Reminder.objects.get()

    # A redelivered message (a worker died before acknowledging it) and a sweep at the same time.
    for _ in range(3):
        send_reminder.delay(reminder.pk)
    assert wait_for(all_sent)
    time.sleep(1)

    assert Notification.objects.filter(reminder=reminder).count() == 1
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_and_then_delivered_once(worker, settings, partnership, coordinator):
    settings.EMAIL_BACKEND = "tests.notifications.test_worker.FlakyBackend"
    FlakyBackend.failures_left = 2
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=5))

    assessments_reminders.scan_reviews()
    assert wait_for(all_sent)

    reminder = Reminder.objects.get()
    assert reminder.attempts == 2
    assert reminder.last_error == ""
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_scan_with_the_broker_away_keeps_every_reminder_and_the_sweep_sends_them_later(
    settings, partnership, coordinator, partner_coordinator, caplog
):
    settings.INTERLOCK_REMINDER_RETRY_SECONDS = 0
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=5))

    with broker_away(), caplog.at_level(logging.ERROR, logger="django.db.backends"):
        assert assessments_reminders.scan_reviews() == 2

    # Both reminders are committed, and each failed enqueue was logged without stopping the others.
    reminders = list(Reminder.objects.order_by("pk"))
    assert [r.recipient_id for r in reminders] == sorted([coordinator.pk, partner_coordinator.pk])
    assert [r.getMessage().split(" in on_commit()")[0] for r in caplog.records] == [
        f"Error calling send_reminders.delay(2 reminders from {reminders[0].pk})"
    ]
    assert Notification.objects.count() == 0

    with running_worker():
        assert services.reminders_enqueue_unsent(now=timezone.now() + timedelta(minutes=16)) == 2
        assert wait_for(all_sent)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, partner_coordinator.email])

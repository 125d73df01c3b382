"""The tasks under faults: a send that fails is retried, swept or given up; a scan that meets a
database or broker error runs again. Tasks run eagerly with `apply()` (a retry then runs at once).

The faults come from outside our code: an SMTP server that fails (a mail backend that raises) and
a database that fails a statement, as PostgreSQL does while it restarts (a wrapper around the
database driver's execute, Django's documented hook for it).
"""

import smtplib
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from assessments import reminders as assessments_reminders
from assessments import tasks as assessments_tasks
from notifications import services
from notifications.models import Notification, Reminder
from notifications.tasks import send_reminder, send_reminders, send_unsent_reminders
from partnerships.models import Partnership
from tests.builders import make_partnership


class DatabaseGoneOnceBackend(EmailBackend):
    """The database connection drops while the e-mail goes out (PostgreSQL restarted), once."""

    failures_left = 0

    def send_messages(self, messages):
        if DatabaseGoneOnceBackend.failures_left > 0:
            DatabaseGoneOnceBackend.failures_left -= 1
            raise OperationalError("terminating connection due to administrator command")
        return super().send_messages(messages)


class DownBackend:
    """An SMTP server that never answers."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@contextmanager
def database_fails(*, after=0, times=1, statement='INSERT INTO "notifications_reminder"', error=None):
    """The database fails `times` statements that start with `statement`, after `after` of them went through."""
    error = error or OperationalError("server closed the connection unexpectedly")
    seen = 0

    def execute(run, sql, params, many, context):
        nonlocal seen
        if sql.startswith(statement):
            seen += 1
            if after < seen <= after + times:
                raise error
        return run(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield


def review_due(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=5))


@pytest.fixture
def reminder(partnership, coordinator, django_capture_on_commit_callbacks):
    review_due(partnership)
    with django_capture_on_commit_callbacks():  # the send is what each test runs itself
        assessments_reminders.scan_reviews()
    return Reminder.objects.get(recipient=coordinator)


# Sending


def test_send_retries_a_database_error_and_then_sends(reminder, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DatabaseGoneOnceBackend"
    DatabaseGoneOnceBackend.failures_left = 1

    assert send_reminder.apply(args=[reminder.pk]).get() is True

    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (1, "")
    assert reminder.sent_at is not None
    assert Notification.objects.filter(reminder=reminder).count() == 1
    assert len(mail.outbox) == 1


def test_a_send_that_raised_a_database_error_once_is_sent_by_the_next_sweep(
    reminder, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DatabaseGoneOnceBackend"
    DatabaseGoneOnceBackend.failures_left = 1

    # Called directly, the task re-raises instead of retrying: as if its retry were lost with a worker.
    with pytest.raises(OperationalError):
        send_reminder(reminder.pk)
    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.sent_at) == (1, None)
    assert reminder.last_error == "OperationalError: terminating connection due to administrator command"

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_enqueue_unsent(now=reminder.next_attempt_at + timedelta(minutes=15)) == 1

    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert [m.to for m in mail.outbox] == [[reminder.recipient.email]]


def test_a_send_whose_failure_meets_a_closed_connection_is_retried(reminder, settings):
    # PostgreSQL restarted: the e-mail fails on the database, then so does recording that failure, on a
    # connection already closed (InterfaceError, which is no DatabaseError). The task retries all the same.
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DatabaseGoneOnceBackend"
    DatabaseGoneOnceBackend.failures_left = 1
    closed = InterfaceError("connection already closed")

    with database_fails(after=1, statement='SELECT "notifications_reminder"."id"', error=closed):
        assert send_reminder.apply(args=[reminder.pk]).get() is True

    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert Notification.objects.filter(reminder=reminder).count() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_runs_again_when_the_database_is_away(reminder):
    Reminder.objects.filter(pk=reminder.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))

    with database_fails(statement='UPDATE "notifications_reminder"'):
        assert send_unsent_reminders.apply().get() == 1

    reminder.refresh_from_db()
    assert reminder.next_attempt_at > timezone.now() - timedelta(minutes=1)


def test_a_scans_batch_sends_each_reminder_and_retries_a_failed_one_on_its_own(
    partnership, coordinator, partner_coordinator, settings, eager_celery, django_capture_on_commit_callbacks
):
    review_due(partnership)
    with django_capture_on_commit_callbacks() as callbacks:
        assessments_reminders.scan_reviews()
    assert len(callbacks) == 1  # both reminders in one task
    first, second = Reminder.objects.order_by("pk")
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DatabaseGoneOnceBackend"
    DatabaseGoneOnceBackend.failures_left = 1

    # The first fails once: written on it and sent again by its own task (here at once); the second is sent.
    assert send_reminders.apply(args=[[first.pk, second.pk]]).get() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0)
    assert first.sent_at is not None
    assert second.sent_at is not None
    assert len(mail.outbox) == 2
    # Run again (a worker died before acknowledging it), the batch sends nothing twice.
    assert send_reminders.apply(args=[[first.pk, second.pk]]).get() == 0
    assert len(mail.outbox) == 2


def test_a_batch_leaves_a_reminder_that_gives_up_to_the_administrators(reminder, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DownBackend"
    settings.INTERLOCK_REMINDER_MAX_ATTEMPTS = 1

    assert send_reminders.apply(args=[[reminder.pk]]).get() == 0

    assert list(Reminder.objects.given_up()) == [reminder]


def test_a_send_that_keeps_failing_gives_up_after_the_maximum_of_tries(reminder, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_tasks.DownBackend"
    settings.INTERLOCK_REMINDER_MAX_ATTEMPTS = 3

    assert send_reminder.apply(args=[reminder.pk]).get() is False

    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.sent_at) == (3, None)
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert list(Reminder.objects.given_up()) == [reminder]
    assert services.reminders_enqueue_unsent(now=timezone.now() + timedelta(days=30)) == 0
    assert Notification.objects.filter(reminder=reminder).count() == 0


# Scans


def test_scan_tasks_retry_database_and_broker_errors_with_back_off():
    task = assessments_tasks.scan_reviews

    assert task.autoretry_for == (OperationalError, InterfaceError, BrokerOperationalError, ConnectionError)
    assert (task.retry_backoff, task.retry_backoff_max, task.retry_jitter, task.max_retries) == (60, 900, True, 5)


def test_a_scan_that_meets_a_database_error_runs_again(partnership, coordinator, partner_coordinator):
    review_due(partnership)

    with database_fails(times=1):
        result = assessments_tasks.scan_reviews.apply()

    assert result.get() == 2
    assert sorted(Reminder.objects.values_list("recipient_id", flat=True)) == sorted(
        [coordinator.pk, partner_coordinator.pk]
    )


@pytest.mark.django_db(transaction=True)
def test_a_scan_commits_claim_by_claim(ministry, other_ministry, coordinator, partner_coordinator, executive):
    # Short transactions keep SQLite's single write lock free for people's saves; here it shows
    # as a scan that fails halfway keeping what it made before (and its retry making the rest).
    partnership = make_partnership([ministry, other_ministry])
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() - timedelta(days=30))

    with database_fails(after=1), pytest.raises(OperationalError):
        assessments_reminders.scan_reviews()

    # The coordinators' claim was committed; the executives' escalation failed and comes with the retry.
    assert set(Reminder.objects.values_list("recipient_id", flat=True)) == {coordinator.pk, partner_coordinator.pk}
    assert assessments_reminders.scan_reviews() == 1
    assert Reminder.objects.get(recipient=executive).kind == "review_escalated"


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_claim_takes_its_rows_in_short_batches(monkeypatch, ministry, other_ministry, coordinator):
    # The batches PostgreSQL does not need, forced here: each statement takes at most one row and
    # commits it, and the loop goes on until a batch comes back short.
    for title in ("First", "Second", "Third"):
        review_due(make_partnership([ministry, other_ministry], title=title))
    monkeypatch.setitem(services.CLAIM_BATCH, connection.vendor, 1)
    claimed = []

    def count(run, sql, params, many, context):
        claimed.append(sql.startswith('INSERT INTO "notifications_reminder"'))
        return run(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert assessments_reminders.scan_reviews() == 3

    assert claimed.count(True) == 5  # three rows, one empty batch for the due ones, one for the escalated
    assert Reminder.objects.values("subject_id").distinct().count() == 3

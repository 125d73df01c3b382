from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from ministries.models import Role
from notifications import services
from notifications.models import Kind, Notification, Reminder
from tests.factories import person

DUE = date(2030, 3, 1)


def remind_about(partnership, recipients, kind=Kind.REVIEW_DUE, due=DUE):
    return services.remind(
        subject=partnership,
        kind=kind,
        due_date=due,
        recipients=recipients,
        partnership=partnership,
        context={"partnership": partnership.title, "due": due.isoformat()},
        url=f"/partnerships/{partnership.pk}/reviews/",
    )


def test_remind_creates_one_row_per_recipient_once(partnership, coordinator, partner_coordinator):
    first = remind_about(partnership, [coordinator, partner_coordinator])
    again = remind_about(partnership, [coordinator, partner_coordinator])

    assert sorted(r.recipient_id for r in first) == sorted([coordinator.pk, partner_coordinator.pk])
    assert again == []
    assert Reminder.objects.count() == 2


def test_remind_for_another_due_date_is_a_new_reminder(partnership, coordinator):
    remind_about(partnership, [coordinator])
    later = remind_about(partnership, [coordinator], due=DUE + timedelta(days=90))

    assert [r.due_date for r in later] == [DUE + timedelta(days=90)]


def test_remind_enqueues_the_send_only_after_commit(partnership, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        remind_about(partnership, [coordinator])

    assert len(callbacks) == 1
    assert Notification.objects.count() == 0


def test_send_writes_the_inbox_and_the_email_once(partnership, coordinator):
    (reminder,) = remind_about(partnership, [coordinator])

    assert services.reminder_send(reminder_id=reminder.pk) is True
    assert services.reminder_send(reminder_id=reminder.pk) is False

    notification = Notification.objects.get()
    assert notification.recipient == coordinator
    assert notification.title == f"Review of \u2068{partnership.title}\u2069 due on March 1, 2030"
    assert notification.reminder == reminder
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert mail.outbox[0].subject == notification.title
    assert f"http://localhost:8000/partnerships/{partnership.pk}/reviews/" in mail.outbox[0].body
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.emailed is True


def test_send_to_someone_who_chose_inbox_only_sends_no_email(partnership, coordinator):
    coordinator.notify_by = coordinator.NotifyBy.INBOX
    coordinator.save()
    (reminder,) = remind_about(partnership, [coordinator])

    services.reminder_send(reminder_id=reminder.pk)

    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.emailed is False


def test_send_is_written_in_the_recipients_language(partnership, coordinator):
    coordinator.preferred_language = "fr"
    coordinator.save()
    (reminder,) = remind_about(partnership, [coordinator])

    services.reminder_send(reminder_id=reminder.pk)

    # The date is formatted the French way even where the text has no French translation yet.
    assert "1 mars 2030" in Notification.objects.get().title
    assert "1 mars 2030" in mail.outbox[0].body


def test_email_isolates_what_people_typed_in_both_parts(partnership, coordinator):
    """A Hebrew reader, an English-and-number title and a Hebrew first name: each typed thing is one
    isolate in the subject, the text part and the HTML part, so "Roads 2026" stays "Roads 2026"."""
    partnership.title = "Roads 2026 כבישים"
    coordinator.preferred_language = "he"
    coordinator.first_name = "דנה Dana"
    coordinator.save()
    (reminder,) = remind_about(partnership, [coordinator])

    services.reminder_send(reminder_id=reminder.pk)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    typed = "\u2068Roads 2026 כבישים\u2069"
    assert typed in message.subject
    assert typed in message.body
    assert typed in html
    assert "\u2068דנה Dana\u2069" in message.body
    assert "\u2068דנה Dana\u2069" in html
    assert 'dir="rtl"' in html
    # Our own words and the date are not isolated: only what people typed is.
    assert message.subject.count("\u2068") == 1


class FailingBackend:
    """An SMTP server that refuses every message: outside our code, so the one thing we fake."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_email_leaves_no_inbox_entry_and_the_reminder_unsent(partnership, coordinator, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.FailingBackend"
    (reminder,) = remind_about(partnership, [coordinator])

    with pytest.raises(OSError, match="Connection unexpectedly closed"):
        services.reminder_send(reminder_id=reminder.pk)

    assert Notification.objects.count() == 0
    reminder.refresh_from_db()
    assert reminder.sent_at is None


def test_an_inactive_person_gets_nothing(partnership, coordinator):
    (reminder,) = remind_about(partnership, [coordinator])
    coordinator.is_active = False
    coordinator.save()

    assert services.reminder_send(reminder_id=reminder.pk) is False
    assert Notification.objects.count() == 0
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_the_sweep_enqueues_reminders_whose_try_is_well_past_due(
    partnership, coordinator, partner_coordinator, eager_celery, settings, django_capture_on_commit_callbacks
):
    settings.INTERLOCK_REMINDER_MAX_ATTEMPTS = 8
    people = [person(partnership.participations.first().ministry, Role.COORDINATOR) for _ in range(3)]
    lost, failed, retrying, given_up, sent = remind_about(partnership, [coordinator, partner_coordinator, *people])
    now = timezone.now()
    Reminder.objects.filter(pk=lost.pk).update(next_attempt_at=now - timedelta(minutes=16))
    Reminder.objects.filter(pk=failed.pk).update(next_attempt_at=now - timedelta(minutes=16), attempts=7)
    Reminder.objects.filter(pk=retrying.pk).update(next_attempt_at=now - timedelta(minutes=14), attempts=1)
    Reminder.objects.filter(pk=given_up.pk).update(next_attempt_at=now - timedelta(hours=9), attempts=8)
    Reminder.objects.filter(pk=sent.pk).update(next_attempt_at=now - timedelta(hours=9), sent_at=now)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_enqueue_unsent(now=now) == 2

    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [lost.recipient_id, failed.recipient_id]
    )


def test_the_sweep_takes_a_reminder_again_only_when_its_new_try_is_past_due(partnership, coordinator):
    (_reminder,) = remind_about(partnership, [coordinator])
    later = timezone.now() + timedelta(minutes=16)

    # The broker is down for both sweeps (nothing runs the enqueued sends): the first claims it.
    assert services.reminders_enqueue_unsent(now=later) == 1
    assert services.reminders_enqueue_unsent(now=later + timedelta(minutes=14)) == 0
    assert services.reminders_enqueue_unsent(now=later + timedelta(minutes=15)) == 1


def test_how_long_past_due_the_sweep_waits_is_a_setting(partnership, coordinator, settings):
    settings.INTERLOCK_REMINDER_SWEEP_AFTER_SECONDS = 30
    (reminder,) = remind_about(partnership, [coordinator])

    assert services.reminders_enqueue_unsent(now=reminder.next_attempt_at + timedelta(seconds=29)) == 0
    assert services.reminders_enqueue_unsent(now=reminder.next_attempt_at + timedelta(seconds=30)) == 1


def test_a_failure_is_counted_with_the_time_of_the_next_try(partnership, coordinator, settings):
    settings.INTERLOCK_REMINDER_RETRY_SECONDS = 60
    (reminder,) = remind_about(partnership, [coordinator])
    Reminder.objects.filter(pk=reminder.pk).update(attempts=2)
    before = timezone.now()

    assert services.reminder_record_failure(reminder_id=reminder.pk, error=OperationalError("server closed")) == 3

    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (3, "OperationalError: server closed")
    assert before + timedelta(seconds=240) <= reminder.next_attempt_at <= timezone.now() + timedelta(seconds=240)


def test_a_failure_of_a_sent_reminder_is_not_counted(partnership, coordinator):
    (reminder,) = remind_about(partnership, [coordinator])
    services.reminder_send(reminder_id=reminder.pk)

    assert services.reminder_record_failure(reminder_id=reminder.pk, error=OSError("late")) is None
    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (0, "")


def test_send_again_restarts_a_reminder_that_gave_up(
    partnership, coordinator, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.INTERLOCK_REMINDER_MAX_ATTEMPTS = 3
    (reminder,) = remind_about(partnership, [coordinator])
    Reminder.objects.filter(pk=reminder.pk).update(attempts=3, last_error="SMTPServerDisconnected: gone")
    assert list(Reminder.objects.given_up()) == [reminder]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_again(reminders=[reminder]) == 1

    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (0, "")
    assert reminder.sent_at is not None
    assert list(Reminder.objects.given_up()) == []
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_the_email_carries_a_message_id_made_from_the_reminder(partnership, coordinator, settings):
    settings.INTERLOCK_SITE_URL = "https://interlock.example.gov/"
    (reminder,) = remind_about(partnership, [coordinator])

    services.reminder_send(reminder_id=reminder.pk)

    assert mail.outbox[0].message()["Message-ID"] == f"<reminder-{reminder.pk}@interlock.example.gov>"


def test_retry_delay_doubles_up_to_an_hour(settings):
    settings.INTERLOCK_REMINDER_RETRY_SECONDS = 60

    assert [services.retry_delay(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]

"""Reminders and the inbox: create once, send once, mark read.

The exactly-once design (see RUNTIME-NOTES, Celery):
1. A scan creates one Reminder row per (subject, kind, due date, recipient): most with
   `reminders_claim`, one INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING per rule (see
   notifications.claims), the digest and field reports subject by subject with `remind`. The
   unique constraint means a second scan, even a concurrent one, creates none.
2. The send task is enqueued only after that transaction commits.
3. `reminder_send` locks the row, returns when `sent_at` is set, and writes the inbox entry,
   sends the e-mail and sets `sent_at` in one transaction. A failed e-mail rolls all of it back
   and the task retries with backoff. The inbox is exactly-once; an e-mail is at-least-once only
   across a crash between the SMTP server's "OK" and our commit, and carries a Message-ID made
   from the reminder, so mail clients show such a duplicate once.

Nothing is lost: every failure (SMTP, network, the database itself) is counted on the row with
the time of the next try. The sweep (`reminders_enqueue_unsent`, every 15 minutes) enqueues rows
whose try is well past due: an enqueue lost with the broker down, a retry lost with a worker, a
failure that could not even be written because the database was away. After
INTERLOCK_REMINDER_MAX_ATTEMPTS failures a reminder waits for an administrator ("send again").
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import claims, messages
from notifications.models import Notification, Reminder

logger = logging.getLogger(__name__)


def site_url(path):
    return settings.INTERLOCK_SITE_URL.rstrip("/") + path if path else ""


@transaction.atomic
def remind(*, subject, kind, due_date, recipients, partnership=None, context=None, url=""):
    """Promise each recipient one reminder about `subject` for `due_date`; send the new ones after commit.

    Returns the reminders this call created. Three queries whatever the number of recipients.
    Each call is its own short transaction when no other is open: a scan commits subject by subject.
    """
    recipient_ids = {user.pk for user in recipients}
    if not recipient_ids:
        return []
    content_type = ContentType.objects.get_for_model(subject)
    key = {"subject_type": content_type, "subject_id": subject.pk, "kind": kind, "due_date": due_date}
    existing = set(
        Reminder.objects.filter(recipient_id__in=recipient_ids, **key).values_list("recipient_id", flat=True)
    )
    new_ids = recipient_ids - existing
    if not new_ids:
        return []
    Reminder.objects.bulk_create(
        [
            Reminder(
                recipient_id=pk,
                partnership=partnership,
                context=context or {},
                url=url,
                **key,
            )
            for pk in sorted(new_ids)
        ],
        ignore_conflicts=True,  # a concurrent scan made the same row: theirs stands
    )
    created = list(Reminder.objects.filter(recipient_id__in=new_ids, sent_at__isnull=True, **key))
    for reminder in created:
        _send_after_commit(reminder.pk)
    return created


# How many reminders one claim statement creates at most, by database: SQLite's write lock is held for
# one statement, so web requests wait milliseconds, not the whole scan. PostgreSQL claims all at once.
CLAIM_BATCH = {"sqlite": 500}
# Reminders per send task: a scan that creates thousands publishes tens of messages, not thousands.
SEND_BATCH = 100


def reminders_claim(*, rows, batch_size=None):
    """Create the reminders `rows` promises (see notifications.claims.rows) that do not exist yet.

    One INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING per batch, each its own short
    transaction when no other is open (autocommit), and the new reminders are sent after commit. The SELECT
    leaves out reminders already made (so a batch only holds new ones), and the unique constraint
    `remind_once` skips any that a concurrent scan made meanwhile. Returns the new reminders' ids.
    """
    batch_size = batch_size or CLAIM_BATCH.get(connection.vendor)
    select_sql, select_params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Reminder._meta.db_table)
    columns = ", ".join(quote(column) for column in claims.COLUMNS)
    selected = ", ".join(f"q.{quote('claim_' + column)}" for column in claims.COLUMNS)
    made = " AND ".join(f"r.{quote(column)} = q.{quote('claim_' + column)}" for column in claims.KEY)
    # Only names of ours and Django's compiled SQL go into the text; every value is a parameter.
    # The WHERE also keeps SQLite from reading ON CONFLICT as the ON of a join.
    sql = (
        f"INSERT INTO {table} ({columns}, created_at, next_attempt_at, emailed, attempts, last_error) "  # noqa: S608
        f"SELECT {selected}, %s, %s, %s, 0, '' FROM ({select_sql}) q "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} r WHERE {made})"
        f"{' LIMIT %s' if batch_size else ''} ON CONFLICT DO NOTHING RETURNING id"
    )
    created = []
    while True:
        now = timezone.now()
        params = [now, now, False, *select_params] + ([batch_size] if batch_size else [])
        # No atomic block: one statement is its own transaction (two round trips fewer than BEGIN and
        # COMMIT around it), and outside a transaction the hooks below run as soon as it has committed.
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(ids), SEND_BATCH):
            _send_batch_after_commit(ids[start : start + SEND_BATCH])
        created += ids
        if not batch_size or len(ids) < batch_size:
            return created


def _send_batch_after_commit(reminder_ids):
    """Enqueue one task that sends these reminders, once they are committed (robust, like below)."""
    from notifications.tasks import send_reminders

    def enqueue():
        send_reminders.delay(reminder_ids)

    enqueue.__qualname__ = f"send_reminders.delay({len(reminder_ids)} reminders from {reminder_ids[0]})"
    transaction.on_commit(enqueue, robust=True)


def _send_after_commit(reminder_id):
    """Enqueue the send once the reminder row is committed.

    robust: a broker that is down must neither undo the scan nor skip the other reminders' hooks;
    the sweep enqueues this one later. Django logs a failing robust hook by its __qualname__, so
    the hook is a named function (a functools.partial has none, and the logging itself raised).
    """
    from notifications.tasks import send_reminder

    def enqueue():
        send_reminder.delay(reminder_id)

    enqueue.__qualname__ = f"send_reminder.delay({reminder_id})"
    transaction.on_commit(enqueue, robust=True)


def reminder_send(*, reminder_id):
    """Send one reminder unless it is sent already. Returns True when this call sent it.

    Raises what the mail backend raises; the caller (the task) records it and retries.
    """
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.sent_at is not None:
            return False
        recipient = get_user_model().objects.get(pk=reminder.recipient_id)
        now = timezone.now()
        if not recipient.is_active:
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, last_error="The person's account is closed.")
            return False
        if reminder.kind in messages.COMPOSERS:
            reminder.context = messages.COMPOSERS[reminder.kind](recipient, timezone.localdate())
            if reminder.context is None:  # nothing to say this time: done, without a message
                Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, context={}, last_error="")
                return False
            Reminder.objects.filter(pk=reminder.pk).update(context=reminder.context)
        with translation.override(recipient.preferred_language):
            title, body = messages.render(reminder.kind, reminder.context)
            items = messages.render_items(reminder.context.get("items", []))
            Notification.objects.create(
                recipient=recipient,
                kind=reminder.kind,
                title=title[:300],
                body=body,
                url=reminder.url,
                partnership_id=reminder.partnership_id,
                reminder=reminder,
                created_at=now,
            )
            emailed = False
            if recipient.notify_by == recipient.NotifyBy.EMAIL and recipient.email:
                _email(reminder, recipient, title, body, items)
                emailed = True
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, emailed=emailed, last_error="")
    return True


def message_id(reminder):
    """The same Message-ID for every copy of one reminder's e-mail, so a resend shows once."""
    domain = urlsplit(settings.INTERLOCK_SITE_URL).hostname or "localhost"
    return f"<reminder-{reminder.pk}@{domain}>"


def _email(reminder, recipient, title, body, items):
    from django.urls import reverse

    context = {
        "recipient": recipient,
        "title": title,
        "body": body,
        "url": site_url(reminder.url),
        "items": [{"title": item["title"], "url": site_url(item["url"])} for item in items],
        "preferences_url": site_url(reverse("accounts:profile")),
        "inbox_url": site_url(reverse("notifications:inbox")),
    }
    message = EmailMultiAlternatives(
        subject=title,
        body=render_to_string("notifications/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Message-ID": message_id(reminder)},
    )
    message.attach_alternative(render_to_string("notifications/email/reminder.html", context), "text/html")
    attachment = messages.ATTACHMENTS[reminder.kind](reminder) if reminder.kind in messages.ATTACHMENTS else None
    if attachment:
        message.attach(*attachment)
    message.send(fail_silently=False)


@transaction.atomic
def reminder_record_failure(*, reminder_id, error):
    """Count a failed try on the reminder and set when the next is due. Returns the failures so far.

    Returns None when the reminder is sent or gone (nothing left to try).
    """
    reminder = Reminder.objects.select_for_update().filter(pk=reminder_id, sent_at__isnull=True).first()
    if reminder is None:
        return None
    reminder.attempts += 1
    reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
    reminder.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(reminder.attempts - 1))
    reminder.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    return reminder.attempts


def retry_delay(retries):
    """Seconds before the next try: 1, 2, 4 … times the base, at most INTERLOCK_REMINDER_RETRY_MAX_SECONDS (an hour)."""
    base = settings.INTERLOCK_REMINDER_RETRY_SECONDS
    return min(base * 2**retries, settings.INTERLOCK_REMINDER_RETRY_MAX_SECONDS)


@transaction.atomic
def reminders_enqueue_unsent(*, now=None):
    """The sweep: enqueue reminders whose try is more than INTERLOCK_REMINDER_SWEEP_AFTER_SECONDS past due.

    Those are the ones whose enqueue or retry was lost (a broker down at commit, a worker that
    died, a database that was away when the failure was to be written); a send in progress or
    waiting for its own retry is not due yet. Each row taken gets a new due time, so the next
    sweep does not take it again while it is on its way; two sweeps at once skip each other's rows.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.INTERLOCK_REMINDER_SWEEP_AFTER_SECONDS)
    due = Reminder.objects.due_for_sending(cutoff).select_for_update(skip_locked=True).order_by()
    ids = list(due.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for pk in ids:
        _send_after_commit(pk)
    return len(ids)


@transaction.atomic
def reminders_send_again(*, reminders):
    """For administrators: try unsent reminders again from the start, with all their tries."""
    ids = [r.pk for r in reminders if r.sent_at is None]
    Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        attempts=0, last_error="", next_attempt_at=timezone.now()
    )
    for pk in ids:
        _send_after_commit(pk)
    return len(ids)


def notification_mark_read(*, notification):
    """Mark one notification read; a no-op when it already is."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user):
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def unread_count(user):
    return Notification.objects.for_user(user).unread().count()

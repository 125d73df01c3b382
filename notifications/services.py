"""Reminders and the inbox: create once, send once, mark read.

The exactly-once design (see RUNTIME-NOTES, Celery):
1. A scan calls `remind`, which creates one Reminder row per (subject, kind, due date,
   recipient); the unique constraint means a second scan, even a concurrent one, creates none.
2. The send task is enqueued only after that transaction commits.
3. `reminder_send` locks the row, returns when `sent_at` is set, and writes the inbox entry,
   sends the e-mail and sets `sent_at` in one transaction. A failed e-mail rolls all of it back
   and the task retries with backoff. The inbox is exactly-once; an e-mail is at-least-once only
   across a crash between the SMTP server's "OK" and our commit.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import messages
from notifications.models import Notification, Reminder

logger = logging.getLogger(__name__)


def site_url(path):
    return settings.INTERLOCK_SITE_URL.rstrip("/") + path if path else ""


@transaction.atomic
def remind(*, subject, kind, due_date, recipients, partnership=None, context=None, url=""):
    """Promise each recipient one reminder about `subject` for `due_date`; send the new ones after commit.

    Returns the reminders this call created. Three queries whatever the number of recipients.
    """
    from notifications.tasks import send_reminder

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
        # robust: a broker that is down must not undo the scan; the unsent sweep enqueues it later.
        transaction.on_commit(partial(send_reminder.delay, reminder.pk), robust=True)
    return created


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
                _email(recipient, title, body, reminder.url, items)
                emailed = True
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=now, emailed=emailed, last_error="")
    return True


def _email(recipient, title, body, url, items):
    from django.urls import reverse

    context = {
        "recipient": recipient,
        "title": title,
        "body": body,
        "url": site_url(url),
        "items": [{"title": item["title"], "url": site_url(item["url"])} for item in items],
        "preferences_url": site_url(reverse("accounts:profile")),
        "inbox_url": site_url(reverse("notifications:inbox")),
    }
    message = EmailMultiAlternatives(
        subject=title,
        body=render_to_string("notifications/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(render_to_string("notifications/email/reminder.html", context), "text/html")
    message.send(fail_silently=False)


def reminder_record_failure(*, reminder_id, error):
    Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
    )


def retry_delay(retries):
    """Seconds before the next try: 1, 2, 4 … times the base, at most an hour."""
    base = settings.INTERLOCK_REMINDER_RETRY_SECONDS
    return min(base * 2**retries, 3600)


def reminders_enqueue_unsent(*, older_than_minutes=15):
    """Enqueue reminders that were never tried: their enqueue was lost (a broker down at commit).

    Rows that failed are left to the task's own retries, and after those to an administrator.
    """
    from notifications.tasks import send_reminder

    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(Reminder.objects.unsent().filter(attempts=0, created_at__lte=cutoff).values_list("pk", flat=True))
    for pk in ids:
        send_reminder.delay(pk)
    return len(ids)


@transaction.atomic
def reminders_send_again(*, reminders):
    """For administrators: try failed reminders again from the start."""
    from notifications.tasks import send_reminder

    ids = [r.pk for r in reminders if r.sent_at is None]
    Reminder.objects.filter(pk__in=ids).update(attempts=0, last_error="")
    for pk in ids:
        transaction.on_commit(partial(send_reminder.delay, pk), robust=True)
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

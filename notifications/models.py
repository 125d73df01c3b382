"""The in-app inbox and the reminders that Celery sends exactly once.

A Reminder row is the promise "this person is told about this thing, for this due date".
Scans create the rows; the unique constraint makes a second scan (or two at once) find the
row instead of making another. Sending locks the row and skips it when `sent_at` is set, and
writes the inbox Notification in the same transaction, so the inbox gets it exactly once.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from notifications import messages


class Kind(models.TextChoices):
    REVIEW_DUE = "review_due", _("Review due soon")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue")
    REVIEW_ESCALATED = "review_escalated", _("Review overdue: escalated")
    HEALTH_CHECK_OPEN = "health_check_open", _("Health check to answer")
    HEALTH_FLAGGED = "health_flagged", _("Health check shows a concern")
    CHARTER_SIGNATURE = "charter_signature", _("Charter waiting for your ministry's signature")
    GATE_WAITING = "gate_waiting", _("Gate waiting for a decision")
    MILESTONE_DUE = "milestone_due", _("Milestone due soon")
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    MILESTONE_ESCALATED = "milestone_escalated", _("Milestone overdue: escalated")
    ACTION_ITEM_DUE = "action_item_due", _("Action item due soon")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Action item overdue")
    ACTION_ITEM_ESCALATED = "action_item_escalated", _("Action item overdue: escalated")
    FIELD_REPORT_DUE = "field_report_due", _("Field report due")
    GRANT_REPORT_DUE = "grant_report_due", _("Report to a funder due")
    RENEWAL = "renewal", _("Partnership ending: decide on renewal")
    DIGEST = "digest", _("Weekly digest")
    EVALUATOR_ASSIGNED = "evaluator_assigned", _("Asked to evaluate")
    STRUCTURE_PROPOSAL = "structure_proposal", _("Change to a partnership waiting for your agreement")
    MEETING_INVITATION = "meeting_invitation", _("Invitation to a meeting")
    RELATIONSHIP_SURVEY_OPEN = "relationship_survey_open", _("Relationship survey to answer")


class ReminderQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due_for_sending(self, cutoff):
        """Unsent, still to be tried, and due to have been tried by `cutoff`: what the sweep takes."""
        return self.unsent().filter(attempts__lt=settings.INTERLOCK_REMINDER_MAX_ATTEMPTS, next_attempt_at__lte=cutoff)

    def given_up(self):
        """Tried as often as allowed and never sent: left to an administrator."""
        return self.unsent().filter(attempts__gte=settings.INTERLOCK_REMINDER_MAX_ATTEMPTS)


class Reminder(models.Model):
    """One person told once about one thing for one due date."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    due_date = models.DateField(_("for the date"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("partnership"),
    )
    # What the message needs, captured by the scan: titles, dates, counts, the link.
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the next try is due: creation, then after each failure that time plus the back-off.
    # The sweep takes rows whose try is well past due (the send task's own retry was lost).
    next_attempt_at = models.DateTimeField(_("next try"), default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "due_date", "recipient"], name="remind_once"
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "created_at"]),
            models.Index(
                fields=["next_attempt_at"], condition=Q(sent_at__isnull=True), name="reminder_unsent_next_try"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_date})"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An entry in a person's inbox.

    A reminder's entry is read in the reader's language of the moment: its words are made from the
    reminder's kind and values each time it is shown (`words`). The stored title and body (in the language
    of sending, as the e-mail went out) stand only for an entry without a reminder.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None

    @cached_property
    def words(self):
        """(title, body) in the active language; list pages select_related("reminder")."""
        reminder = self.reminder
        if reminder is not None and reminder.kind in messages.TEXTS and reminder.context:
            return messages.render(reminder.kind, reminder.context)
        return self.title, self.body

    @property
    def shown_title(self):
        return self.words[0]

    @property
    def shown_body(self):
        return self.words[1]


class SchedulerLease(models.Model):
    """Which beat process may start the scans now: one row per schedule, renewed while it runs.

    Beats on any number of machines share the database; only the holder of an unexpired lease
    sends anything (notifications/beat.py). A holder that dies stops renewing, and another beat
    takes over once the lease has expired.
    """

    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.holder} until {self.expires_at:%Y-%m-%d %H:%M:%S}"

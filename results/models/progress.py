"""Field work: milestones on the way, and what field staff report from where the work happens."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ministries.models import FieldUnit, JointSite, Ministry
from partnerships.models import Partnership, PartnershipItem, PartnershipItemQuerySet, StandingTeam
from results.models.indicators import Indicator


class Milestone(PartnershipItem, models.Model):
    """A dated step toward the partnership's goals. Reaching one is a win to celebrate."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    due_date = models.DateField(_("due by"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
        verbose_name=_("owner"),
    )
    owner_ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner ministry")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(_("what was achieved"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the milestone comes from the charter: the key of its charter milestone, the same in
    # every version, so that a later signed version updates this milestone rather than adding one.
    charter_key = models.UUIDField(null=True, blank=True, editable=False)

    # open(), due_soon(today), overdue(today), escalated(today): when a milestone needs attention.
    objects = PartnershipItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(done_at__isnull=False), name="done_milestone_has_date"
            ),
            models.UniqueConstraint(
                fields=["partnership", "charter_key"],
                condition=models.Q(charter_key__isnull=False),
                name="one_live_milestone_per_charter_milestone",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status", "due_date"])]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def done_on(self):
        """The local day it was done: `done_at` is in UTC, and 22:00 in Toronto is already the next day there."""
        return timezone.localdate(self.done_at) if self.done_at else None

    @property
    def done_late(self):
        return self.done_on is not None and self.done_on > self.due_date


class ProgressLogQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related(
            "author", "ministry", "field_unit", "milestone", "indicator", "team", "joint_site"
        ).prefetch_related("attachments")


class ProgressLog(models.Model):
    """A dated entry from the field: what was done, optionally against a milestone or an indicator."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="progress_logs")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="progress_logs"
    )
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("ministry"))
    field_unit = models.ForeignKey(
        FieldUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field unit")
    )
    joint_site = models.ForeignKey(
        JointSite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_logs",
        verbose_name=_("joint site"),
    )
    team = models.ForeignKey(
        StandingTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_logs",
        verbose_name=_("standing team"),
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_logs",
        verbose_name=_("milestone"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_logs",
        verbose_name=_("indicator"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressLogQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("progress log entry")
        verbose_name_plural = _("progress log entries")
        indexes = [models.Index(fields=["partnership", "-created_at"]), models.Index(fields=["author", "-date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.text[:60]}"

    @property
    def reporter_label(self):
        return str(self.field_unit.translated_name if self.field_unit_id else self.ministry.short_name)


def _attachment_path(instance, filename):
    # A random name: what people call their files never reaches the file system.
    suffix = Path(filename).suffix.lower()
    return f"progress/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ProgressAttachment(models.Model):
    """A photo or document attached to a progress log entry. Served only through a checked view."""

    log = models.ForeignKey(ProgressLog, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # True only for JPEG, PNG and WebP files that Pillow opened and verified: only those are shown inline.
    is_image = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class SyncReceipt(models.Model):
    """The key a phone gave an entry it kept while offline, claimed once per author.

    A phone sends an entry again whenever it is not sure the server got it (a timeout, a retry, a
    double tap); the unique key makes the second sending answer what the first one made. The row is
    claimed before the entry is made, so a concurrent second sending waits on it and then finds it.
    """

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    progress_log = models.ForeignKey(ProgressLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    measurement = models.ForeignKey(
        "results.Measurement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "key"], name="one_entry_per_author_key")]

    def __str__(self):
        return str(self.key)

"""An import: the rows read from a spreadsheet, what each will do, and how far saving them has got.

The rows are kept in the database, not the file on one machine's disk, so that a worker on any node
can save them and the preview can be shown again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ministries.models import Ministry


class ImportRun(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for your decision")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("what is imported"), max_length=30)
    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation"))
    file_name = models.CharField(_("file"), max_length=255)
    # [[line number, {column: value}], ...] as read from the file.
    rows = models.JSONField(default=list)
    # {"created": n, "changed": n, "unchanged": n, "refused": n} at preview, then as saved.
    counts = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    good_rows_only = models.BooleanField(default=False)
    processed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.kind}: {self.file_name}"

    @property
    def total(self):
        return len(self.rows)

    @property
    def percent(self):
        return round(100 * self.processed / self.total) if self.total else 100

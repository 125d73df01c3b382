from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.timezones import time_zone_choices


class User(AbstractUser):
    """A person who signs in. Their places in ministries are Memberships."""

    class NotifyBy(models.TextChoices):
        EMAIL = "email", _("E-mail and inbox")
        INBOX = "inbox", _("Inbox only")

    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    notify_by = models.CharField(
        _("send me reminders by"), max_length=10, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        blank=True,
        help_text=_("Times are shown in it. Leave it empty to use your organisation's."),
    )

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

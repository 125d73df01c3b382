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

    class ColourScheme(models.TextChoices):
        AUTO = "auto", _("Follow my device")
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")

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
    # Set on <html> as data-bs-theme by templates/base.html; "auto" is resolved by static/js/theme.js.
    colour_scheme = models.CharField(
        _("colour scheme"),
        max_length=10,
        choices=ColourScheme.choices,
        default=ColourScheme.AUTO,
        help_text=_("Following your device, pages are light or dark as your phone or computer is set."),
    )
    # The provider's own id for the person ("sub"), kept at their first single sign-on: from then on the
    # account answers to that identity only, even if someone else later holds the e-mail address there.
    sso_subject = models.CharField(_("single sign-on identity"), max_length=255, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["sso_subject"], condition=~models.Q(sso_subject=""), name="unique_sso_subject"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

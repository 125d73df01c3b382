"""Each person's private calendar address: a secret token in the URL that calendar programs download."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret of one person's calendar addresses (their own feed and their partnerships' feeds).

    Calendar programs cannot sign in, so whoever holds the address reads the feed: making a new
    token is how a person takes an address back from a program or a colleague they gave it to.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("person")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

"""Personal API tokens: a person's key for the REST API, named, scoped, revocable.

Only the SHA-256 digest of a token is kept: the token is shown once, when it is created, and a
stolen database does not give anyone a working token. A token has 256 random bits, so a fast hash
is enough (a slow one, as for passwords, guards guessable secrets).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ilk_"  # noqa: S105 - the mark that tells an Interlock token apart, not a secret


def token_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens that still open the API: not revoked, of a person who may still sign in."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses the token, for example: district reporting tool.")
    )
    scope = models.CharField(_("access"), max_length=10, choices=Scope.choices, default=Scope.READ)
    # The first characters of the token, so that its owner can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def may_write(self):
        return self.scope == self.Scope.WRITE

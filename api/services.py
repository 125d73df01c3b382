import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import TOKEN_PREFIX, ApiToken, token_digest


@transaction.atomic
def api_token_create(*, user, name, scope):
    """A new token for `user`; returns (token, secret). The secret is never stored: show it once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the tool that will use it.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    limit = settings.INTERLOCK_API_TOKENS_PER_PERSON
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= limit:
        raise ValidationError(
            _("You have %(limit)s tokens already. Revoke one you no longer use, then create the new one.")
            % {"limit": limit}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=secret[:12], digest=token_digest(secret))
    return token, secret


@transaction.atomic
def api_token_revoke(*, token):
    """Revoke for good; revoking a revoked token changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token, now=None):
    """Note that the token was used. One write a minute at most: a busy client must not write on each call."""
    now = now or timezone.now()
    if token.last_used_at and now - token.last_used_at < timedelta(minutes=1):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now

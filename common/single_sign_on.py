"""Whether this site offers single sign-on: the one test every layer asks (settings INTERLOCK_OIDC_*)."""

from django.conf import settings


def sso_enabled():
    """On once an OpenID provider and this site's client id are set; accounts.sso does the signing in."""
    return bool(settings.INTERLOCK_OIDC_ISSUER and settings.INTERLOCK_OIDC_CLIENT_ID)

"""Django and Axes announce sign-ins, failures and lockouts with signals, and our organisations' services
changes of how their people sign in: each becomes a log line."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from ministries.services import follow_sign_in_changes
from security.models import SecurityEvent
from security.services import security_event_record

SINGLE_SIGN_ON_BACKEND = "accounts.sso.SingleSignOnBackend"


def _named_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in, dispatch_uid="security_sign_in")
def _signed_in(sender, request, user, **kwargs):
    # authenticate() names the backend that let the person in; the single sign-on one is the provider's word.
    if getattr(user, "backend", "") == SINGLE_SIGN_ON_BACKEND:
        security_event_record(
            kind=SecurityEvent.Kind.SSO_SIGN_IN, user=user, request=request, detail=settings.INTERLOCK_OIDC_ISSUER
        )
    else:
        security_event_record(kind=SecurityEvent.Kind.SIGN_IN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="security_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if "username" not in credentials:
        # A single sign-on that failed has no name typed: accounts.sso logs it, with the reason.
        return
    username = str(credentials.get("username", ""))
    # The failure goes to the log of the ministries of the person whose name was typed.
    security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED, user=_named_user(username), request=request, username=username
    )


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.LOCKED_OUT, user=_named_user(username), request=request, username=username or ""
    )


@follow_sign_in_changes
def _sign_in_setting_changed(*, ministry, by, request):
    # The kind says what holds from now on, so a log line reads without the setting's history.
    kind = SecurityEvent.Kind.PASSWORDS_ALLOWED if ministry.password_sign_in else SecurityEvent.Kind.SSO_ONLY
    security_event_record(kind=kind, user=by, request=request, ministries=[ministry])

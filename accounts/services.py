from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.two_factor import two_factor_required
from security.models import SecurityEvent
from security.services import security_event_record

RECOVERY_CODES = 10


def two_factor_key():
    """A new secret for an authenticator app (hex, as django-otp keeps it). Nothing is saved until confirmed."""
    return random_hex(20)


@transaction.atomic
def two_factor_enable(*, user, key, code, request=None):
    """Save the app's key once a code from the app proves it was typed in right; return the new recovery codes,
    or None for a wrong code.

    The codes are returned once, to be shown once; no page shows them again.
    """
    device = TOTPDevice(user=user, name=_("Authenticator app"), key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    if not (code.isascii() and code.isdigit() and totp.verify(int(code), tolerance=device.tolerance)):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.last_t = totp.t()  # the code just typed may not sign in again
    device.save()
    codes = _new_recovery_codes(user)
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_ON, user=user, request=request)
    return codes


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"))
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_check(*, user, code, request=None):
    """Check a code from the app, or a recovery code (each works once). True when it is good.

    django-otp refuses a code already used (the app's code of the same 30 seconds, a spent recovery
    code) and slows down guessing after each failure.
    """
    code = code.strip().replace(" ", "")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return False
    if code.isascii() and code.isdigit() and device.verify_token(code):
        return True
    recovery = StaticDevice.objects.select_for_update().filter(user=user).first()
    if recovery is not None and recovery.verify_token(code.lower()):
        left = recovery.token_set.count()
        security_event_record(
            kind=SecurityEvent.Kind.RECOVERY_CODE_USED,
            user=user,
            request=request,
            detail=ngettext("%(count)s recovery code left.", "%(count)s recovery codes left.", left) % {"count": left},
        )
        return True
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED, user=user, request=request)
    return False


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def two_factor_disable(*, user, request=None):
    """Turn two-step sign-in off. Refused to executives and administrators, who must keep it."""
    if two_factor_required(user):
        raise PermissionDenied(_("Executives and administrators must keep two-step sign-in on."))
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if deleted:
        security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_OFF, user=user, request=request)
    return bool(deleted)

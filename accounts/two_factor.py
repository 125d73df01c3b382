"""Two-step sign-in: who needs it, and whether this session has passed it (recently enough).

A session that passed holds the time of its last good code. Nothing else is trusted: signing in
with the password alone leaves the session unverified until the middleware has had a code.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ministries.models import Role
from ministries.permissions import has_role

VERIFIED_AT = "interlock_two_factor_at"
PENDING_KEY = "interlock_two_factor_key"


def two_factor_required(user):
    """Executives and administrators sign for and keep whole organisations, and support staff (superusers)
    may open any partnership: they must use two-step sign-in."""
    return user.is_superuser or has_role(user, Role.EXECUTIVE, Role.ADMINISTRATOR)


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mark_verified(session):
    session[VERIFIED_AT] = int(time.time())


def is_verified(session):
    return VERIFIED_AT in session


def is_verified_since(session, seconds):
    return session.get(VERIFIED_AT, 0) >= time.time() - seconds


def between_steps(request):
    """Signed in with the password while a code is still due (or two-step sign-in is still to set up).

    Worked out once a request: the middleware and the top bar both ask.
    """
    if not hasattr(request, "_interlock_between_steps"):
        user = request.user
        request._interlock_between_steps = (
            user.is_authenticated
            and not is_verified(request.session)
            and (has_two_factor(user) or two_factor_required(user))
        )
    return request._interlock_between_steps


def safe_next(request, candidate, default="/"):
    """`candidate` when it points into this site, else `default`: a `next` must not send anyone elsewhere."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def verify_url(next_url):
    return f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': next_url})}"


def step_up_due(request):
    """A fresh code is due before a signature or a gate decision: the person uses two-step sign-in and
    their last code is older than INTERLOCK_STEP_UP_SECONDS (checked first, so a fresh session costs no query)."""
    return not is_verified_since(request.session, settings.INTERLOCK_STEP_UP_SECONDS) and has_two_factor(request.user)


def step_up_required(view):
    """Ask for a fresh code before the view acts; afterwards the person comes back to the page they were on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if step_up_due(request):
            back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
            messages.info(request, _("Enter a code from your authenticator app to confirm it is you, then go on."))
            return redirect(verify_url(safe_next(request, back)))
        return view(request, *args, **kwargs)

    return wrapped

"""The sign-in lockout: a short, growing pause for one username from one address.

django-axes counts failed sign-ins per username AND address (settings: AXES_LOCKOUT_PARAMETERS),
with the address from common.addresses.client_address, so that behind a reverse proxy a stranger
who guesses an executive's password from their own machine pauses only that machine: the executive,
signing in from anywhere else, is let in. The pause is short and grows: INTERLOCK_LOGIN_FAILURES
failures pause that pair for INTERLOCK_LOGIN_COOLOFF_SECONDS, and each further failure after a pause
doubles it, up to INTERLOCK_LOGIN_COOLOFF_MAX_SECONDS. A failure is forgotten after a quiet day, or
at once when that username signs in from that address.
"""

from datetime import timedelta
from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

# How long a failure counts toward the next pause. Longer than the longest pause, so that the
# count (and with it the doubling) survives each pause.
FAILURES_REMEMBERED = timedelta(days=1)


def _attempts(request):
    username = get_client_username(request)
    address = getattr(request, "axes_ip_address", None)
    return AccessAttempt.objects.filter(username=username, ip_address=address)


def pause_for(failures):
    """How long sign-in is paused after `failures` failures in a row (zero below the limit)."""
    over = failures - settings.INTERLOCK_LOGIN_FAILURES
    if over < 0:
        return timedelta(0)
    longest = settings.INTERLOCK_LOGIN_COOLOFF_MAX_SECONDS
    # 2**over overflows nothing: `over` is capped where the doubling passes the longest pause.
    seconds = settings.INTERLOCK_LOGIN_COOLOFF_SECONDS * 2 ** min(over, 32)
    return timedelta(seconds=min(seconds, longest))


def cool_off(request):
    """AXES_COOLOFF_TIME: the pause for this request's username and address, from their failures so far.

    Axes counts the failures made within this time of now, so the pair stays paused for that long
    after its last failure. Without a request (axes' own housekeeping) it is the first pause.
    """
    if request is None or not hasattr(request, "POST"):
        return timedelta(seconds=settings.INTERLOCK_LOGIN_COOLOFF_SECONDS)
    failures = _attempts(request).aggregate(total=Sum("failures_since_start"))["total"] or 0
    return max(pause_for(failures), timedelta(seconds=settings.INTERLOCK_LOGIN_COOLOFF_SECONDS))


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page that says how long to wait (429, Too Many Requests)."""
    last = _attempts(request).aggregate(last=Max("attempt_time"))["last"] or timezone.now()
    left = (last + cool_off(request)) - timezone.now()
    minutes = max(1, ceil(left.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, forgetting failures after a quiet day rather than after each pause.

    Axes deletes every attempt older than the pause of the request at hand; with pauses that differ
    per username and address, that would end a longer pause early and reset the doubling.
    """

    def clean_expired_user_attempts(self, request=None, credentials=None):
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - FAILURES_REMEMBERED).delete()
        return count

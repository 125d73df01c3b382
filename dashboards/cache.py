"""The portfolio's figures, rendered once per version of the data, scope, filters and language.

Computing the figures reads the whole portfolio; reading them again costs one small query.
Any change a person makes through the site (a successful POST) moves the version on, so the next
dashboard recomputes; a short lifetime covers the few changes made outside a request (reminder
scans, commands) and the passing of the day.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from dashboards.models import PortfolioVersion
from ministries.permissions import ministry_ids

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def current_version():
    return PortfolioVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def note_change():
    """Move the version on: every cached figure made before now is stale."""
    if not PortfolioVersion.objects.filter(pk=1).update(number=F("number") + 1):
        PortfolioVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def scope_of(user):
    """What decides which partnerships a person sees: everything, or the ministries they belong to."""
    if user.is_superuser:
        return "all"
    return ",".join(str(pk) for pk in sorted(ministry_ids(user)))


def cached_html(name, request, render, *, per_person=False):
    """`render()` for this person's scope, query and language, reused until the data changes.

    per_person: what `render` shows depends on the person, not only on what they may see
    (what waits for their own signature, say).

    `render` must return a template's output (escaped when it was rendered); it comes back marked
    safe for the page around it. PORTFOLIO_CACHE_SECONDS = 0 turns the cache off (the benchmark
    measures the live page that way).
    """
    seconds = settings.PORTFOLIO_CACHE_SECONDS
    if not seconds:
        return mark_safe(render())  # noqa: S308 - a template's output
    scope = f"person {request.user.pk}" if per_person else scope_of(request.user)
    parts = [name, scope, request.GET.urlencode(), get_language(), timezone.localdate().isoformat()]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    if not hasattr(request, "portfolio_version"):  # read once for all the pieces of a page
        request.portfolio_version = current_version()
    key = f"portfolio:{request.portfolio_version}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - a template's output, cached as it was rendered


class PortfolioChangeMiddleware:
    """After a successful change made through the site, cached portfolio figures are stale.

    Only signed-in people change anything: a stranger's posts (failed sign-ins, say) must not
    make every dashboard recompute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400 and request.user.is_authenticated:
            note_change()
        return response

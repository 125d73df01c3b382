"""The calendar pages (the addresses to subscribe to) and the feeds that calendar programs download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calendars.events import partnership_events, person_events, taken_part_in
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_for, calendar_feed_renew
from common import ics
from partnerships.permissions import get_partnership_for_user


def calendar_page(request):
    """The person's own calendar address, their partnerships' addresses, and "make a new address"."""
    feed = calendar_feed_for(request.user)
    partnerships = taken_part_in(request.user).order_by("title").only("pk", "title")
    return render(
        request,
        "calendars/calendar.html",
        {
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("calendars:person_feed", args=[feed.token])),
            "partnerships": [
                (p, request.build_absolute_uri(reverse("calendars:partnership_feed", args=[feed.token, p.pk])))
                for p in partnerships
            ],
        },
    )


@require_POST
def calendar_renew(request):
    calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar addresses are new. The old ones no longer work: subscribe again with the new ones."),
    )
    return redirect("calendars:calendar")


def partnership_calendar(request, pk):
    """The address of one partnership's calendar, for its participants (shown from its meetings tab)."""
    partnership = get_partnership_for_user(request, pk)
    feed = calendar_feed_for(request.user)
    return render(
        request,
        "calendars/partnership.html",
        {
            "partnership": partnership,
            "feed_url": request.build_absolute_uri(
                reverse("calendars:partnership_feed", args=[feed.token, partnership.pk])
            ),
        },
    )


def _feed_owner(token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    return feed.user


def _ics(text):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interlock.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# Calendar programs cannot sign in: the secret in the address is the key. An unknown, replaced or
# closed account's address answers 404, as does a partnership the person's organisations left.
@login_not_required
def person_feed(request, token):
    user = _feed_owner(token)
    with translation.override(user.preferred_language):
        text = ics.calendar(
            name=_("Interlock: %(name)s") % {"name": user},
            events=person_events(user, today=timezone.localdate()),
            key=f"person-{user.pk}",
        )
    return _ics(text)


@login_not_required
def partnership_feed(request, token, pk):
    user = _feed_owner(token)
    partnership = get_object_or_404(taken_part_in(user), pk=pk)
    with translation.override(user.preferred_language):
        text = ics.calendar(
            name=_("Interlock: %(partnership)s") % {"partnership": partnership.title},
            events=partnership_events(partnership, today=timezone.localdate()),
            key=f"partnership-{partnership.pk}",
        )
    return _ics(text)

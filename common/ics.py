"""iCalendar (RFC 5545) text for calendar feeds and meeting invitations, with the icalendar library.

Interlock's dates (meetings, due dates, closing days) are days without an hour, so each becomes an
all-day event: calendars show it on that day wherever the reader is. The moments an event carries
(when it was stamped and last changed) are in UTC, and the calendar names the installation's time zone.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Interlock//Partnership calendar//EN"


def uid(kind, pk):
    """A stable identity for the event of one row: the same in every feed and invitation, so calendars update it."""
    domain = urlsplit(settings.INTERLOCK_SITE_URL).hostname or "localhost"
    return f"{kind}-{pk}@{domain}"


def all_day_event(
    *,
    kind,
    pk,
    day,
    summary,
    url,
    description="",
    last_day=None,
    sequence=0,
    modified=None,
    organizer=None,
    attendee=None,
):
    """An event from `day` to `last_day` (the same day when not given), both included.

    An invitation names who sends it and whom it invites (e-mail addresses), as RFC 5546 asks.
    """
    return icalendar.Event.new(
        uid=uid(kind, pk),
        stamp=timezone.now(),
        start=day,
        # DTEND of an all-day event is the day after its last one.
        end=(last_day or day) + timedelta(days=1),
        summary=summary,
        description=description or None,
        url=url,
        sequence=sequence,
        last_modified=modified,
        transparency="TRANSPARENT",
        categories=[kind],
        organizer=f"mailto:{organizer}" if organizer else None,
        attendees=[icalendar.vCalAddress(f"mailto:{attendee}")] if attendee else None,
    )


def calendar(*, name, events, method=None, key="", refresh=timedelta(hours=1)):
    """The VCALENDAR text (bytes) holding `events`; `method` REQUEST for an invitation.

    `key` names the calendar for its UID (a feed's stays the same from one download to the next);
    `refresh` tells subscribing calendars how often to download it again.
    """
    cal = icalendar.Calendar.new(
        name=name, prodid=PRODID, method=method, uid=uid("calendar", key) if key else None, refresh_interval=refresh
    )
    cal.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()

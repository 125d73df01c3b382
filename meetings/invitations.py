"""A meeting as an iCalendar event: in the invitation e-mailed to the partners and in calendar feeds.

Both carry the same UID, and the SEQUENCE the meeting moved on each time its date changed, so a
calendar that holds the meeting replaces it when it moves.
"""

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from common import ics
from meetings.models import Meeting
from notifications.services import site_url


def meeting_summary(meeting):
    label = meeting.title or meeting.get_kind_display()
    return _("%(meeting)s (%(partnership)s)") % {"meeting": label, "partnership": meeting.partnership.title}


def meeting_event(meeting, *, attendee=None):
    """The meeting's event; reads `meeting.partnership` (select it)."""
    return ics.all_day_event(
        kind="meeting",
        pk=meeting.pk,
        day=meeting.date,
        summary=meeting_summary(meeting),
        url=site_url(reverse("meetings:meeting", args=[meeting.partnership_id, meeting.pk])),
        sequence=meeting.sequence,
        modified=meeting.updated_at,
        organizer=parseaddr(settings.DEFAULT_FROM_EMAIL)[1] if attendee else None,
        attendee=attendee,
    )


def invitation_attachment(reminder):
    """The .ics file of a meeting invitation, as the meeting stands when the e-mail goes out."""
    meeting = Meeting.objects.select_related("partnership").filter(pk=reminder.subject_id).first()
    if meeting is None:
        return None
    text = ics.calendar(
        name=meeting_summary(meeting),
        events=[meeting_event(meeting, attendee=reminder.recipient.email)],
        method="REQUEST",
    )
    return "invitation.ics", text.decode(), "text/calendar"

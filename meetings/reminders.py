"""Reminders about action items agreed at meetings and gate decisions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from meetings.invitations import invitation_attachment
from meetings.models import ActionItem
from notifications import messages
from notifications.models import Kind
from notifications.scheduling import scan_dated_items

TEXTS = {
    Kind.ACTION_ITEM_DUE: (
        _("Action item due on %(due)s: %(title)s"),
        _("The action item “%(title)s” of %(partnership)s is due on %(due)s."),
    ),
    Kind.ACTION_ITEM_OVERDUE: (
        _("Action item overdue: %(title)s"),
        _("The action item “%(title)s” of %(partnership)s was due on %(due)s and is still open."),
    ),
    Kind.ACTION_ITEM_ESCALATED: (
        ngettext_lazy(
            "Escalated: action item %(days)s day late in %(partnership)s",
            "Escalated: action item %(days)s days late in %(partnership)s",
            "days",
        ),
        _(
            "The action item “%(title)s” of %(partnership)s was due on %(due)s and is still open. "
            "As an executive of %(ministry)s, please see what it needs."
        ),
    ),
    Kind.MEETING_INVITATION: (
        _("Meeting on %(start)s: %(title)s"),
        _(
            "You are invited to the meeting “%(title)s” of %(partnership)s on %(start)s. "
            "Open the attached invitation to put it in your calendar."
        ),
    ),
}

messages.register(TEXTS)
messages.register_attachment(Kind.MEETING_INVITATION, invitation_attachment)


def scan_action_items(*, today=None):
    kinds = (Kind.ACTION_ITEM_DUE, Kind.ACTION_ITEM_OVERDUE, Kind.ACTION_ITEM_ESCALATED)
    return scan_dated_items(
        ActionItem.objects.all(), kinds=kinds, url_name="meetings:meetings", today=today or timezone.localdate()
    )

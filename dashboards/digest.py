"""What goes into an executive's weekly digest: the attention list of their ministries' partnerships.

Each item is a small reminder (kind, context, link) worded like the reminder the scans send about
the same thing. The digest leaves out budgets: no scan reminds about them, so they have no wording
of their own; the portfolio's attention list shows them.
"""

from django.utils import timezone

from dashboards.attention import attention
from ministries.models import Role
from ministries.permissions import ministry_ids
from partnerships.models import Participation, Partnership

MAX_ITEMS = 30
DIGEST_KINDS = ("charter", "gate", "review", "milestone", "action", "health")


def digest_partnerships(executive):
    """The partnerships of the ministries this person is an executive of."""
    mine = ministry_ids(executive, Role.EXECUTIVE)
    return Partnership.objects.filter(
        pk__in=Participation.objects.filter(ministry_id__in=mine).values("partnership_id")
    )


def digest_items(executive, *, today=None):
    """The oldest MAX_ITEMS exceptions of the attention list over the executive's ministries' partnerships."""
    if not ministry_ids(executive, Role.EXECUTIVE):
        return []
    today = today or timezone.localdate()
    found = attention(digest_partnerships(executive), limit=MAX_ITEMS, kinds=DIGEST_KINDS, today=today)
    return [{"kind": item.reminder_kind, "url": item.url, "context": item.context} for item in found.items]

"""The executives' weekly digest: the same items the portfolio's attention list shows."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.digest import digest_items
from ministries.models import Ministry, Role
from ministries.permissions import people_holding
from notifications import messages
from notifications.models import Kind
from notifications.services import remind

TEXTS = {
    Kind.DIGEST: (
        _("Your weekly digest: %(count)s things need your attention"),
        _("These partnerships of your organisations need an executive's attention this week."),
    ),
}

messages.register(TEXTS)


def scan_weekly_digest(*, today=None):
    """Once a week (the week's Monday is the due date), each executive's list of what needs them.

    The scan may run any day: a Monday missed is caught up on the Tuesday. Executives with
    nothing to attend to get no digest.
    """
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    created = 0
    for executive in people_holding(_all_ministry_ids(), Role.EXECUTIVE):
        items = digest_items(executive, today=today)
        if not items:
            continue
        created += len(
            remind(
                subject=executive,
                kind=Kind.DIGEST,
                due_date=monday,
                recipients=[executive],
                context={"count": len(items), "items": items},
                url=reverse("dashboards:home"),
            )
        )
    return created


def _all_ministry_ids():
    return set(Ministry.objects.values_list("pk", flat=True))

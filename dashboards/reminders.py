"""The executives' weekly digest: the same items the portfolio's attention list shows."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, DateField, F, JSONField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from dashboards.digest import digest_items
from ministries.models import Membership, Role, holding
from notifications import claims, messages, services
from notifications.models import Kind

TEXTS = {
    Kind.DIGEST: (
        ngettext_lazy(
            "Your weekly digest: %(count)s thing needs your attention",
            "Your weekly digest: %(count)s things need your attention",
            "count",
        ),
        _("These partnerships of your organisations need an executive's attention this week."),
    ),
}

messages.register(TEXTS)


def digest_compose(executive, today):
    """The digest's context when it goes out: the executive's list as it stands, or None when empty."""
    items = digest_items(executive, today=today)
    return {"count": len(items), "items": items} if items else None


messages.register_composer(Kind.DIGEST, digest_compose)


def scan_weekly_digest(*, today=None):
    """Once a week (the week's Monday is the due date), each executive's list of what needs them.

    One claim for every active executive, whatever their number; the list is made when each digest is
    sent (`digest_compose`), and an executive with nothing to attend to gets nothing. The scan may run
    any day: a Monday missed is caught up on the Tuesday.
    """
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # From the memberships (joined once to their person), not from people joined to their memberships and
    # back to themselves: one join fewer for the same executives.
    executives = Membership.objects.filter(holding(Role.EXECUTIVE))
    created = services.reminders_claim(
        rows=claims.rows(
            executives,
            kind=Kind.DIGEST,
            due_date=Value(monday, output_field=DateField()),
            subject="user_id",
            subject_model=get_user_model(),
            recipient=F("user_id"),
            context=Value({}, output_field=JSONField()),
            url=Value(reverse("dashboards:home")),
            partnership=Cast(Value(None), output_field=BigIntegerField()),  # about no one partnership
        )
    )
    return len(created)

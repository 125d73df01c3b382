"""Reminders about charters waiting for a ministry's signature."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charters.models import CharterVersion
from charters.services import charter_waiting_on
from ministries.permissions import people_holding
from notifications import messages
from notifications.models import Kind
from notifications.scheduling import nudge_date
from notifications.services import remind

TEXTS = {
    Kind.CHARTER_SIGNATURE: (
        _("The charter of %(partnership)s waits for %(ministry)s"),
        _(
            "Version %(version)s of the charter of %(partnership)s was sent for signature on %(sent)s "
            "and still waits for the signature of %(ministry)s."
        ),
    ),
}

messages.register(TEXTS)


def scan_charter_signatures(*, today=None):
    """Charter versions waiting for a ministry's signature for N days or more: every N days, its signatories."""
    today = today or timezone.localdate()
    every = settings.INTERLOCK_CHARTER_SIGNATURE_DAYS
    waiting = (
        CharterVersion.objects.waiting_for_signatures(today)
        .select_related("partnership")
        .prefetch_related("signatures", "partnership__participations__ministry")
    )
    created = 0
    for version in waiting:
        sent = version.sent_on
        due = nudge_date(sent, first_after=every, every=every, today=today)
        for ministry in charter_waiting_on(version):
            created += len(
                remind(
                    subject=version,
                    kind=Kind.CHARTER_SIGNATURE,
                    due_date=due,
                    recipients=people_holding({ministry.pk}, signatories=True),
                    partnership=version.partnership,
                    context={
                        "partnership": version.partnership.title,
                        "ministry": ministry.name,
                        "version": version.number,
                        "sent": sent.isoformat(),
                    },
                    url=reverse("charters:charter", args=[version.partnership_id]),
                )
            )
    return created

"""Reminders about charters waiting for a ministry's signature."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charters.models import CharterSignature, CharterVersion
from notifications import claims, messages, services
from notifications.models import Kind

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
    path = "partnership__participations__ministry__memberships__"
    # The participating ministries that have not signed (as `charter_waiting_on` says for one version).
    signed = CharterSignature.objects.filter(
        version=OuterRef("pk"), ministry=OuterRef("partnership__participations__ministry")
    )
    waiting, signatory = claims.told(
        CharterVersion.objects.waiting_for_signatures(today), path, signatories=True, where=~Exists(signed)
    )
    sent = claims.local_date("sent_for_signature_at")
    created = services.reminders_claim(
        rows=claims.rows(
            waiting,
            kind=Kind.CHARTER_SIGNATURE,
            due_date=claims.nudge_date(sent, first_after=every, every=every, today=today),
            recipient=signatory,
            context=claims.context(
                partnership=F("partnership__title"),
                ministry=F("partnership__participations__ministry__name"),
                version=F("number"),
                sent=sent,
            ),
            url=claims.link("charters:charter", F("partnership_id")),
        )
    )
    return len(created)

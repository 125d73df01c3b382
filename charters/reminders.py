"""Reminders about charters waiting for a ministry's signature, and changes to a partnership's
structure waiting for its agreement (the same people sign and agree)."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charters.models import CharterSignature, CharterVersion
from ministries.permissions import people_holding
from notifications import claims, messages, services
from notifications.models import Kind
from notifications.services import remind
from partnerships.models import signing_parties

TEXTS = {
    Kind.CHARTER_SIGNATURE: (
        _("The charter of %(partnership)s waits for %(ministry)s"),
        _(
            "Version %(version)s of the charter of %(partnership)s was sent for signature on %(sent)s "
            "and still waits for the signature of %(ministry)s."
        ),
    ),
    Kind.STRUCTURE_PROPOSAL: (
        _("A change to %(partnership)s waits for your agreement"),
        _(
            "%(who)s proposes a change to who takes part in %(partnership)s, their shares or how it is run. "
            "Why: %(reason)s It takes effect only when every partner agrees. Open it to agree or refuse."
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
        CharterVersion.objects.waiting_for_signatures(today),
        path,
        signatories=True,
        where=~Exists(signed) & signing_parties("partnership__participations__"),
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


def structure_proposal_notify(*, proposal):
    """Tell who signs for each ministry that must agree (registered with partnerships.services.follow_proposals).

    Once, when the change is proposed: the proposal page and the partnership's overview show it until then.
    """
    remind(
        subject=proposal,
        kind=Kind.STRUCTURE_PROPOSAL,
        due_date=timezone.localdate(),
        recipients=people_holding(proposal.ministry_ids_to_agree, signatories=True),
        partnership=proposal.partnership,
        context={
            "partnership": proposal.partnership.title,
            "who": str(proposal.proposed_by),
            "reason": proposal.reason[:500],
        },
        url=proposal.get_absolute_url(),
    )

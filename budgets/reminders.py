"""Reminders before the dates by which the partners report to a funder on its grant."""

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import GrantReport
from ministries.models import Role
from notifications import claims, messages, services
from notifications.models import Kind
from partnerships.models import Participation

TEXTS = {
    Kind.GRANT_REPORT_DUE: (
        _("Report to %(funder)s due on %(due)s"),
        _(
            "The report on the grant “%(grant)s” of %(funder)s to %(partnership)s is due on %(due)s. "
            "Agree on it with the partners and send it to the funder before then."
        ),
    ),
}

messages.register(TEXTS)

PARTNERS_PATH = "grant__funder__partnership__participations__ministry__memberships__"
FUNDER_PATH = "grant__funder__ministry__memberships__"


def scan_grant_reports(*, today=None):
    """Reports to a funder due soon (GrantReport.objects.due_soon), to those who write and receive them.

    The coordinators of the partnership's participants write the report; the funder's contacts (its
    focal person in the partnership and its own coordinators) expect it. Three claims, whatever the
    number of grants; a person who is both is told once (the reminder's key is the same).
    """
    today = today or timezone.localdate()
    due = GrantReport.objects.due_soon(today)
    participant = Q(grant__funder__partnership__participations__kind=Participation.Kind.PARTICIPANT)
    recipients = [
        claims.told(due, PARTNERS_PATH, Role.COORDINATOR, where=participant),
        claims.told(due, FUNDER_PATH, Role.COORDINATOR),
        (due.filter(grant__funder__focal_person__is_active=True), F("grant__funder__focal_person_id")),
    ]
    context = claims.context(
        grant=F("grant__title"),
        funder=F("grant__funder__ministry__name"),
        partnership=F("grant__funder__partnership__title"),
        due=claims.iso_date(F("due_on")),
    )
    created = []
    for reports, recipient in recipients:
        rows = claims.rows(
            reports,
            kind=Kind.GRANT_REPORT_DUE,
            due_date=F("due_on"),
            recipient=recipient,
            context=context,
            url=claims.link("budgets:budget", F("grant__funder__partnership_id")),
            partnership="grant__funder__partnership_id",
        )
        created += services.reminders_claim(rows=rows)
    return len(created)

"""What every app's reminder scans share: the scan of dated items.

Every scan selects by a date range ("due on or before", "waiting since on or before"), never by
"due today", so a day the scan did not run is caught up the next time it runs. Each reminder's
due date is part of its identity (the unique constraint `remind_once`), so running a scan twice sends nothing
new. Scans return the number of reminders they created.
"""

from django.db.models import Case, F, Q, Value, When

from ministries.models import Role
from notifications import claims, services
from partnerships.models import Participation

# From an item to the memberships of its owner ministry's people, and of its partnership's ministries'.
MINISTRY_PATH = "owner_ministry__memberships__"
LEAD_PATH = "partnership__participations__ministry__memberships__"
LEAD = "partnership__participations__ministry"


def scan_dated_items(queryset, *, kinds, url_name, today):
    """Milestones and action items: due soon and overdue to the owner, long overdue to executives.

    `queryset` is the items' own (`partnerships.models.PartnershipItemQuerySet`): what is due soon,
    overdue or escalated is the model's rule, the same the attention list asks. The owner hears of
    it; with no owner (or one whose account is closed), the coordinators of the responsible ministry:
    the item's owner ministry, else the partnership's lead. Five claim statements, whatever the count.
    """
    due_kind, overdue_kind, escalated_kind = kinds
    url = claims.link(url_name, F("partnership_id"))
    context = {"partnership": F("partnership__title"), "title": F("title"), "due": F("due_date")}
    # Among the items due soon (to do), the late ones are overdue.
    kind = Case(When(queryset.late(today), then=Value(overdue_kind)), default=Value(due_kind))
    due = queryset.due_soon(today)
    unowned = due.filter(Q(owner__isnull=True) | Q(owner__is_active=False))
    escalated = queryset.escalated(today)
    lead = Q(partnership__participations__role=Participation.Role.LEAD)
    owners = [(due.filter(owner__is_active=True), F("owner_id"))]
    owners.append(claims.told(unowned.filter(owner_ministry__isnull=False), MINISTRY_PATH, Role.COORDINATOR))
    owners.append(claims.told(unowned.filter(owner_ministry__isnull=True), LEAD_PATH, Role.COORDINATOR, where=lead))
    created = []
    for items, recipient in owners:
        rows = claims.rows(
            items, kind=kind, due_date=F("due_date"), recipient=recipient, context=claims.context(**context), url=url
        )
        created += services.reminders_claim(rows=rows)
    late = claims.days_between(today, F("due_date"))
    executives = [
        (*claims.told(escalated.filter(owner_ministry__isnull=False), MINISTRY_PATH, Role.EXECUTIVE), "owner_ministry"),
        (*claims.told(escalated.filter(owner_ministry__isnull=True), LEAD_PATH, Role.EXECUTIVE, where=lead), LEAD),
    ]
    for items, recipient, ministry in executives:
        rows = claims.rows(
            items,
            kind=escalated_kind,
            due_date=F("due_date"),
            recipient=recipient,
            context=claims.context(**context, days=late, ministry=F(f"{ministry}__name")),
            url=url,
        )
        created += services.reminders_claim(rows=rows)
    return len(created)

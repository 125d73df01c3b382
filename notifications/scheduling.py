"""What every app's reminder scans share: the nudge schedule and the scan of dated items.

Every scan selects by a date range ("due on or before", "waiting since on or before"), never by
"due today", so a day the scan did not run is caught up the next time it runs. Each reminder's
due date is part of its identity (see `services.remind`), so running a scan twice sends nothing
new. Scans return the number of reminders they created.
"""

from datetime import timedelta

from django.urls import reverse

from ministries.models import Role
from ministries.permissions import people_holding
from notifications.services import remind


def nudge_date(start, *, first_after, every, today):
    """The latest reminder date on the schedule start+first_after, then every `every` days, or None yet."""
    waited = (today - start).days
    if waited < first_after:
        return None
    return start + timedelta(days=first_after + (waited - first_after) // every * every)


def scan_dated_items(queryset, *, kinds, url_name, today):
    """Milestones and action items: due soon and overdue to the owner, long overdue to executives.

    `queryset` is the items' own (`partnerships.models.PartnershipItemQuerySet`): what is due soon,
    overdue or escalated is the model's rule, the same the attention list asks.
    """
    due_kind, overdue_kind, escalated_kind = kinds
    items = (
        queryset.due_soon(today)
        .select_related("partnership", "owner", "owner_ministry")
        .prefetch_related("partnership__participations__ministry")
    )
    created = 0
    for item in items:
        partnership = item.partnership
        responsible = item.owner_ministry or (partnership.lead.ministry if partnership.lead else None)
        if item.owner_id and item.owner.is_active:
            owners = [item.owner]
        else:
            owners = people_holding({responsible.pk} if responsible else set(), Role.COORDINATOR)
        context = {"partnership": partnership.title, "title": item.title, "due": item.due_date.isoformat()}
        common = {"subject": item, "due_date": item.due_date, "partnership": partnership}
        url = reverse(url_name, args=[partnership.pk])
        kind = overdue_kind if item.is_overdue_on(today) else due_kind
        created += len(remind(kind=kind, recipients=owners, context=context, url=url, **common))
        if item.is_escalated_on(today) and responsible:
            context = {**context, "days": (today - item.due_date).days, "ministry": responsible.name}
            executives = people_holding({responsible.pk}, Role.EXECUTIVE)
            created += len(remind(kind=escalated_kind, recipients=executives, context=context, url=url, **common))
    return created

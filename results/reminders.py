"""Reminders about milestones and about measurements the field is due to report."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ministries.models import Role
from ministries.permissions import people_holding
from notifications import messages
from notifications.models import Kind
from notifications.scheduling import scan_dated_items
from notifications.services import remind
from partnerships.models import Partnership
from results.models import Milestone
from results.reporting import measurements_due_for

TEXTS = {
    Kind.MILESTONE_DUE: (
        _("Milestone due on %(due)s: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s is due on %(due)s."),
    ),
    Kind.MILESTONE_OVERDUE: (
        _("Milestone overdue: %(title)s"),
        _("The milestone “%(title)s” of %(partnership)s was due on %(due)s and is not marked done."),
    ),
    Kind.MILESTONE_ESCALATED: (
        _("Escalated: milestone %(days)s days late in %(partnership)s"),
        _(
            "The milestone “%(title)s” of %(partnership)s was due on %(due)s and is still open. "
            "As an executive of %(ministry)s, please see what it needs."
        ),
    ),
    Kind.FIELD_REPORT_DUE: (
        _("Report due: %(indicator)s"),
        _(
            "The measurement of “%(indicator)s” in %(partnership)s for %(start)s to %(end)s is due. "
            "Report it in Interlock."
        ),
    ),
}

messages.register(TEXTS)


def scan_milestones(*, today=None):
    kinds = (Kind.MILESTONE_DUE, Kind.MILESTONE_OVERDUE, Kind.MILESTONE_ESCALATED)
    return scan_dated_items(
        Milestone.objects.all(), kinds=kinds, url_name="results:progress", today=today or timezone.localdate()
    )


def scan_field_reports(*, today=None):
    """Measurements due by each indicator's reporting schedule, to the field staff who report them."""
    today = today or timezone.localdate()
    reporting = Partnership.objects.active().filter(indicators__isnull=False)
    ministry_ids = set(reporting.values_list("participations__ministry_id", flat=True))
    created = 0
    for user in people_holding(ministry_ids, Role.FIELD_STAFF):
        for due in measurements_due_for(user, today=today, limit=50):
            indicator = due["indicator"]
            created += len(
                remind(
                    subject=indicator,
                    kind=Kind.FIELD_REPORT_DUE,
                    due_date=due["end"],
                    recipients=[user],
                    partnership=indicator.partnership,
                    context={
                        "partnership": indicator.partnership.title,
                        "indicator": str(indicator),
                        "start": due["start"].isoformat(),
                        "end": due["end"].isoformat(),
                    },
                    url=reverse("results:results", args=[indicator.partnership_id]),
                )
            )
    return created

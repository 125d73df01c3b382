"""What a calendar feed holds: the dated things of some partnerships, as iCalendar events.

A person's feed has what concerns them: the meetings, milestones, reviews and health checks of the
partnerships their organisations take part in, the action items they (or, as its coordinator, their
organisation) own, the gate decisions they speak for, and the charter versions waiting for their
signature. A partnership's feed has all of these for that partnership, for its participants.
Each kind of thing is one query, whatever the number of partnerships or rows.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import GateRequest, HealthCheck
from assessments.permissions import gate_speaker_ids
from charters.models import CharterVersion
from common import ics
from meetings.invitations import meeting_event
from meetings.models import ActionItem, Meeting
from ministries.models import Role
from ministries.permissions import ministry_ids, signatory_ministry_ids
from notifications.services import site_url
from partnerships.models import Participation, Partnership, prefetch_participations
from results.models import Milestone

# Past meetings and health checks stay in a feed this long, so last month's meeting is still in the calendar.
HISTORY_DAYS = 365


def taken_part_in(user):
    """The partnerships the person's organisations take part in, not closed.

    Not `visible_to`: a superuser sees every partnership on the web only after giving a reason each
    time, which a calendar program cannot do, so a feed holds only their own organisations' work.
    """
    ids = ministry_ids(user)
    taking_part = Participation.objects.filter(ministry_id__in=ids).values("partnership_id")
    return Partnership.objects.not_closed().filter(pk__in=taking_part)


def person_events(user, *, today):
    partnerships = taken_part_in(user)
    gates = [
        request
        for request in GateRequest.objects.pending()
        .filter(partnership__in=partnerships)
        .select_related("partnership")
        .prefetch_related(prefetch_participations("partnership__participations"))
        if gate_speaker_ids(user, request.partnership)
    ]
    return _events(
        partnerships,
        today=today,
        action_items=ActionItem.objects.filter(partnership__in=partnerships).owned_by(
            user, ministry_ids(user, Role.COORDINATOR)
        ),
        gates=gates,
        charter_versions=CharterVersion.objects.out_for_signature_to(signatory_ministry_ids(user)).filter(
            partnership__in=partnerships
        ),
    )


def partnership_events(partnership, *, today):
    partnerships = Partnership.objects.filter(pk=partnership.pk)
    return _events(
        partnerships,
        today=today,
        action_items=ActionItem.objects.filter(partnership=partnership),
        gates=GateRequest.objects.pending().filter(partnership=partnership).select_related("partnership"),
        charter_versions=CharterVersion.objects.out_for_signature()
        .filter(partnership=partnership)
        .select_related("partnership"),
    )


def _event(kind, row, day, summary, url_name, **more):
    return ics.all_day_event(
        kind=kind,
        pk=row.pk,
        day=day,
        summary=summary % {"partnership": row.partnership.title, **more.pop("words", {})},
        url=site_url(reverse(url_name, args=[row.partnership_id])),
        **more,
    )


def _events(partnerships, *, today, action_items, gates, charter_versions):
    since = today - timedelta(days=HISTORY_DAYS)
    events = [
        meeting_event(meeting)
        for meeting in Meeting.objects.filter(partnership__in=partnerships, date__gte=since).select_related(
            "partnership"
        )
    ]
    events += [
        _event(
            "milestone",
            milestone,
            milestone.due_date,
            _("Milestone due: %(title)s (%(partnership)s)"),
            "results:progress",
            words={"title": milestone.title},
        )
        for milestone in Milestone.objects.open().filter(partnership__in=partnerships).select_related("partnership")
    ]
    events += [
        _event(
            "action-item",
            item,
            item.due_date,
            _("Action item due: %(title)s (%(partnership)s)"),
            "meetings:meetings",
            words={"title": item.title},
        )
        for item in action_items.open().filter(due_date__isnull=False).select_related("partnership")
    ]
    events += [
        ics.all_day_event(
            kind="review",
            pk=partnership.pk,
            day=partnership.next_review_due,
            summary=_("Review due (%(partnership)s)") % {"partnership": partnership.title},
            url=site_url(reverse("assessments:reviews", args=[partnership.pk])),
        )
        for partnership in partnerships.active().filter(next_review_due__isnull=False)
    ]
    events += [
        _event(
            "health-check",
            check,
            check.opens_on,
            _("Health check open for answers (%(partnership)s)"),
            "assessments:health",
            last_day=check.closes_on,
        )
        for check in HealthCheck.objects.filter(partnership__in=partnerships, closes_on__gte=since).select_related(
            "partnership"
        )
    ]
    events += [
        _event(
            "gate-request",
            request,
            request.requested_on,
            _("Gate decision asked for: leaving %(phase)s (%(partnership)s)"),
            "assessments:gate",
            words={"phase": request.get_from_phase_display()},
        )
        for request in gates
    ]
    events += [
        _event(
            "charter-signature",
            version,
            version.sent_on,
            _("Charter version %(number)s out for signature (%(partnership)s)"),
            "charters:charter",
            words={"number": version.number},
        )
        for version in charter_versions
    ]
    return events
